"""Gather an article's metadata from meta.yml, the document's metadata table and its core properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pipeline.content.fields import KNOWN_KEYS
from pipeline.convert.sniff import unsafe_file_message
from pipeline.core.messages import Message, Result, error, warning
from pipeline.core.safeio import UnsafeFile, read_regular
from pipeline.core.text import fold, nfc
from pipeline.intake.core_properties import core_properties
from pipeline.intake.limits import DEFAULT_LIMITS, Limits
from pipeline.intake.public_fields import clean_caption
from pipeline.intake.safeyaml import YamlLimitError, load_bounded

# Field → the labels contributors write (folded: lower case, no diacritics). The template uses
# the first label of each field.
LABELS: dict[str, tuple[str, ...]] = {
    "title": ("Tiêu đề", "Tên bài", "Tựa đề", "Tít"),
    "unit": ("Đơn vị", "Đơn vị gửi", "Đơn vị gửi tin", "Tên đơn vị", "Công đoàn"),
    "topic": ("Lĩnh vực", "Chuyên mục", "Mảng"),
    "kind": ("Loại tin", "Loại tin bài", "Thể loại", "Loại bài"),
    "event_time": ("Thời gian sự kiện", "Thời gian diễn ra", "Ngày diễn ra", "Thời điểm sự kiện", "Ngày sự kiện"),
    "submitted_at": ("Thời gian gửi", "Ngày gửi", "Gửi lúc"),
    "author": ("Người viết", "Tác giả", "Họ và tên", "Họ tên", "Người gửi", "Bút danh"),
    "author_title": ("Chức danh", "Chức vụ"),
    "approved_by": ("Lãnh đạo duyệt", "Người duyệt", "Lãnh đạo đơn vị duyệt", "Duyệt"),
    "organization": ("Cơ quan", "Cơ quan, đơn vị", "Cơ quan/tổ chức", "Tổ chức", "Nơi công tác"),
    "email": ("Email", "E-mail", "Thư điện tử", "Địa chỉ thư điện tử"),
    "phone": ("Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Zalo"),
    "address": ("Địa chỉ", "Địa chỉ liên lạc", "Địa chỉ liên hệ"),
    "copyright": ("Cam kết bản quyền", "Bản quyền", "Cam kết"),
    "summary": ("Tóm tắt", "Sapo", "Sa pô", "Tóm tắt nội dung"),
    "tags": ("Từ khóa", "Thẻ", "Tags"),
}
_ENGLISH_KEYS = set(LABELS) | {"copyright_confirmed", "captions", "contributor", "date", "images"}
_BY_LABEL = {fold(label): key for key, labels in LABELS.items() for label in labels}
_YES = {"co", "x", "dong y", "yes", "true", "cam ket", "da cam ket", "toi cam ket", "1", "v"}


def label_to_field(label: str) -> str | None:
    text = fold(label)
    if text in _BY_LABEL:
        return _BY_LABEL[text]
    # "Đơn vị (ghi rõ tên)" or "Email:" — try the words before any bracket.
    head = fold(label.split("(")[0].split(":")[0])
    return _BY_LABEL.get(head)


def is_yes(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return fold(str(value)) in _YES or fold(str(value)).startswith(("co ", "dong y", "cam ket", "toi cam ket"))


@dataclass
class RawMeta:
    """Metadata values as written, before matching against editorial.yml."""

    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # field → "meta.yml" | "bảng" | ...
    captions: dict[str, str] = field(default_factory=dict)  # loose photo name → caption
    not_summary: set[str] = field(default_factory=set)  # lines never to be the summary (preamble, title)

    def merge_under(self, other: dict[str, Any], origin: str) -> None:
        """Add values from a lower-precedence source without overriding what is already set."""
        for key, value in other.items():
            if value in (None, "", []):
                continue
            if key not in self.values:
                self.values[key] = value
                self.origin[key] = origin


def table_rows_to_fields(rows: list[list[str]]) -> dict[str, str]:
    """Two-column rows (label, value) → fields; unknown labels are ignored."""
    out: dict[str, str] = {}
    for row in rows:
        cells = [nfc(c).strip() for c in row if c is not None]
        if len(cells) < 2:
            continue
        key = label_to_field(cells[0])
        value = " ".join(c for c in cells[1:] if c).strip()
        if key and value and key not in out:
            out[key] = value
    return out


# Rows only the template's table has: a form's "Địa chỉ"/"Điện thoại" rows alone are the document's own.
_ARTICLE_FIELDS = {"title", "unit", "topic", "kind", "event_time", "submitted_at", "approved_by", "summary",
                   "copyright", "tags"}


def looks_like_metadata_table(rows: list[list[str]]) -> bool:
    """The template's table: two labels or more, one of them an article field, most rows labelled."""
    found = [label_to_field(r[0]) for r in rows if r and r[0].strip()]
    labels = {f for f in found if f}
    labelled = sum(1 for f in found if f)
    return len(labels) >= 2 and bool(labels & _ARTICLE_FIELDS) and labelled * 2 >= len(found)


def read_meta_yml(path: Path, limits: Limits = DEFAULT_LIMITS) -> Result[dict[str, Any]]:
    """meta.yml with English keys (as in front matter) or the Vietnamese labels of the template.

    The file is read only if it is a regular file within the size limit, parsed with a loader that
    refuses aliases and deep nesting, and every value must have the type its field takes: any
    breach is an error for this submission only, never an exception.
    """
    name = path.name
    try:
        raw = read_regular(path, limits.max_meta_yml_bytes)
    except UnsafeFile as exc:
        if exc.kind == "too-big":
            return _refuse_yml(path, f"quá lớn ({exc.size // 1024:,} KB; tối đa "
                               f"{limits.max_meta_yml_bytes // 1024:,} KB)".replace(",", ".") + "; hãy chỉ ghi các thông tin của bài")
        return Result({}, [unsafe_file_message(exc)])
    except OSError:
        return _refuse_yml(path, "không đọc được; hãy kiểm tra quyền đọc của tệp")
    try:
        data = load_bounded(raw.decode("utf-8"), limits.yaml_max_aliases, limits.yaml_max_depth)
    except UnicodeDecodeError:
        return Result({}, [error("BT803", f"Tệp '{name}' không ở mã UTF-8; hãy lưu lại với mã UTF-8.", str(path))])
    except YamlLimitError as exc:
        what = ("dùng bí danh YAML (&, *), điều không được phép" if exc.what == "aliases"
                else f"lồng nhau quá {exc.limit} tầng")
        return Result({}, [error("BT944", f"Tệp '{name}' {what}; hãy viết mỗi thông tin một dòng 'khóa: giá trị'.",
                                 str(path), exc.line)])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        return Result({}, [error("BT803", f"Tệp '{name}' sai cú pháp YAML ({getattr(exc, 'problem', exc)}); hãy sửa lại.", str(path), line)])
    except (RecursionError, MemoryError, ValueError) as exc:
        return _refuse_yml(path, f"không đọc được ({exc.__class__.__name__})")
    if data is None:
        return Result({})
    if not isinstance(data, dict):
        return Result({}, [error("BT803", f"Tệp '{name}' phải là danh sách 'khóa: giá trị'.", str(path))])
    out: dict[str, Any] = {}
    messages: list[Message] = []
    for key, value in data.items():
        key = str(key)
        if key == "contributor" and isinstance(value, dict):
            block = {"name": "author", "title": "author_title", "copyright_confirmed": "copyright"}
            for sub, subval in value.items():
                problem = _type_problem(str(sub), subval)
                if problem:
                    messages.append(_wrong_type(path, f"contributor.{sub}", problem))
                    continue
                out[block.get(str(sub), str(sub))] = subval
            out["collaborator"] = True
            continue
        if key == "copyright_confirmed":
            key = "copyright"
        if key in ("images", "captions"):
            captions = _captions(value)
            if captions is None:
                messages.append(_wrong_type(path, key, "phải là danh sách 'tên ảnh: chú thích', ví dụ\n  "
                                                       "captions:\n    anh-1.jpg: Chú thích ảnh"))
                continue
            # One line each, no straight double quote: a caption is text, never markup.
            out.setdefault("captions", {}).update({k: clean_caption(v) for k, v in captions.items()})
            continue
        field_name = key if key in _ENGLISH_KEYS | {"copyright"} else label_to_field(key)
        if field_name is None and key in KNOWN_KEYS:
            messages.append(warning("BT804", f"Khóa '{key}' trong '{name}' do pipeline hoặc biên tập viên ghi vào bài, "
                                    "không lấy từ meta.yml; hãy bỏ khóa này.", str(path)))
            continue
        if field_name is None:
            messages.append(warning("BT804", f"Khóa '{key}' trong '{name}' không được dùng; hãy kiểm tra chính tả.", str(path)))
            continue
        problem = _type_problem(field_name, value)
        if problem:
            messages.append(_wrong_type(path, key, problem))
            continue
        if field_name == "captions" and isinstance(value, dict):  # one line each, no straight double quote
            value = {str(k): clean_caption(str(v)) for k, v in value.items()}
        out[field_name] = value
    return Result(out, messages)


_SCALARS = (str, int, float, bool, date)


def _type_problem(field_name: str, value: Any) -> str:
    """What is wrong with a meta.yml value's type, in Vietnamese; "" when it fits its field."""
    if value is None:
        return ""
    if field_name == "captions":
        if not isinstance(value, dict):
            return "phải là danh sách 'tên ảnh: chú thích', ví dụ\n  captions:\n    anh-1.jpg: Chú thích ảnh"
        if not all(isinstance(k, _SCALARS) and isinstance(v, _SCALARS) for k, v in value.items()):
            return "mỗi chú thích phải là một dòng chữ 'tên ảnh: chú thích'"
        return ""
    if field_name == "tags":
        if isinstance(value, str):
            return ""
        if not isinstance(value, list) or not all(isinstance(v, _SCALARS) for v in value):
            return "phải là danh sách từ khóa, ví dụ [công đoàn, việc làm], hoặc một dòng chữ"
        return ""
    if not isinstance(value, _SCALARS):
        return "phải là một giá trị (chữ, số hoặc ngày), không phải danh sách hay bảng"
    return ""


def _wrong_type(path: Path, key: str, problem: str) -> Message:
    return error("BT943", f"Khóa '{key}' trong '{path.name}' {problem}.", str(path))


def _refuse_yml(path: Path, why: str) -> Result[dict[str, Any]]:
    return Result({}, [error("BT944", f"Tệp '{path.name}' {why}.", str(path))])
def _captions(value: Any) -> dict[str, str] | None:
    """`images:` as in front matter (a list of {path, caption}) or as 'file: caption' → file → caption."""
    if isinstance(value, dict):
        if not all(isinstance(k, _SCALARS) and (v is None or isinstance(v, _SCALARS)) for k, v in value.items()):
            return None
        return {str(k): "" if v is None else str(v) for k, v in value.items()}
    if isinstance(value, list):
        out: dict[str, str] = {}
        for item in value:
            if not isinstance(item, dict) or not (item.get("path") or item.get("file")):
                return None
            out[Path(str(item.get("path") or item.get("file"))).name] = str(item.get("caption") or "")
        return out
    return None


def read_core_properties(data: bytes) -> dict[str, Any]:
    """Title, author and creation time from docProps/core.xml; nothing when the package is odd."""
    props = core_properties(data)  # {} for Strict or broken packages: no usable properties
    out: dict[str, Any] = {}
    title = props.get("title", "").strip()
    # Titles such as "Microsoft Word - bai.doc" or the template's own name are not article titles.
    if title and not fold(title).startswith(("microsoft word", "mau tin bai", "document")):
        out["title"] = title
    if props.get("author", "").strip():
        out["core_author"] = props["author"].strip()
    if props.get("subject", "").strip():
        out["summary"] = props["subject"].strip()
    return out
