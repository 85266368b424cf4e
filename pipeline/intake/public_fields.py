"""Fields that are published as they are (title, byline, summary, tags, captions) carry only plain text:
no control characters, no email, phone number or web address, and dates the site can build.

A value the contributor typed (meta.yml, the metadata table, the document's first heading) with
contact data refuses the submission, with a message saying where the contact data belongs. Word
fills its Author and Subject properties by itself (often with the account's email), so a property
value with contact data is only left out, with a warning.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pipeline.core.messages import Message, error, warning
from pipeline.core.privacy import contacts_in, control_characters

FIRST_YEAR, LAST_YEAR = 2000, 2100
PROPERTIES = "thuộc tính tệp"  # RawMeta origin of values read from docProps/core.xml
LABEL_VI = {
    "title": "Tiêu đề", "author": "Tác giả", "core_author": "Tác giả (Author)", "author_title": "Chức danh",
    "approved_by": "Lãnh đạo duyệt", "summary": "Tóm tắt", "tags": "Từ khóa", "unit": "Đơn vị",
    "organization": "Cơ quan", "topic": "Lĩnh vực", "kind": "Loại tin", "captions": "Chú thích ảnh",
}
# Published on the site, in feeds or JSON-LD, or in the public repository's front matter.
PUBLIC = ("title", "author", "core_author", "author_title", "approved_by", "summary", "tags", "captions")
WHERE_CONTACT_GOES = ("hãy chỉ ghi nội dung được đăng; thư điện tử, số điện thoại ghi vào ô 'Email', "
                      "'Điện thoại' (chỉ Ban Biên tập xem).")


def _texts(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [] if value is None else [str(value)]


def check_control_characters(values: dict[str, Any], file: str) -> list[Message]:
    """Every text field, public or not: a NUL or BEL in front matter breaks the whole site build."""
    problems = []
    for key, value in values.items():
        for text in _texts(value):
            codes = control_characters(text)
            if codes:
                label = LABEL_VI.get(key, key)
                problems.append(error("BT817", f"Ô '{label}' có ký tự điều khiển không in được ({', '.join(codes)}); "
                                               "hãy gõ lại nội dung ô này.", file))
                break
    return problems


def check_contacts(values: dict[str, Any], origin: dict[str, str], file: str) -> tuple[list[Message], set[str]]:
    """(messages, keys to drop): contact data typed into a public field is an error; in a property, dropped."""
    messages: list[Message] = []
    dropped: set[str] = set()
    for key in PUBLIC:
        for text in _texts(values.get(key)):
            found = contacts_in(text, addresses=False)
            if not found:
                continue
            # Kinds only: the message is stored with the article, and must not repeat the private data.
            what = " và ".join(dict.fromkeys(c.kind_vi for c in found))
            label = LABEL_VI[key]
            if origin.get(key) == PROPERTIES:
                dropped.add(key)
                messages.append(warning("BT815", f"Thuộc tính '{label}' của tệp có {what}; không dùng thuộc tính "
                                                 "này để đăng (thông tin liên hệ chỉ dành cho Ban Biên tập).", file))
            else:
                messages.append(error("BT816", f"Ô '{label}' ({origin.get(key, 'bài viết')}) có {what}, mà ô này "
                                               f"được đăng công khai; {WHERE_CONTACT_GOES}", file))
            break
    return messages, dropped


def check_year(label: str, moment: datetime | None, file: str) -> list[Message]:
    if moment is None or FIRST_YEAR <= moment.year <= LAST_YEAR:
        return []
    return [error("BT818", f"{label} ngày {moment:%d/%m}/{moment.year:04d} nằm ngoài khoảng năm {FIRST_YEAR}–"
                           f"{LAST_YEAR}; hãy kiểm tra lại năm.", file)]


def clean_caption(text: str) -> str:
    """One line, no straight double quote (it would end the Markdown image title early)."""
    return " ".join(str(text).split()).replace('"', "'")
