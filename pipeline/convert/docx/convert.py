"""Read a .docx into HTML with mammoth, keeping embedded images in memory until the article is named.

docx_structure prepares the package first (office headings, fields, equations, reports of what
is dropped); mammoth then reads it with a style map that knows Word's English and Vietnamese
style names. External files are never opened.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import mammoth

from pipeline.convert.docx import mammoth_xml
from pipeline.convert.docx.numbering import apply_number_markers
from pipeline.convert.docx.structure import OFFICE_HEADING_NAMES, Prepared, prepare_docx
from pipeline.core.messages import Message, Result, error, warning

# mammoth reads each part through a DOM it then copies; read them straight into its nodes.
mammoth_xml.install()

# Word stores built-in style names in English ("heading 1") whatever the UI language, but
# offices also create their own Vietnamese styles; mammoth matches names case-insensitively.
_HEADING_NAMES = {
    1: ["Heading 1", "Title", "Tiêu đề 1", "Đầu đề 1", "Tựa đề 1", "Tiêu đề"],
    2: ["Heading 2", "Tiêu đề 2", "Đầu đề 2", "Tựa đề 2"],
    3: ["Heading 3", "Tiêu đề 3", "Đầu đề 3", "Tựa đề 3"],
    4: ["Heading 4", "Tiêu đề 4", "Đầu đề 4"],
    5: ["Heading 5", "Tiêu đề 5"],
    6: ["Heading 6", "Tiêu đề 6", "Heading 7", "Heading 8", "Heading 9"],
}
for _level, _name in OFFICE_HEADING_NAMES.items():
    _HEADING_NAMES[_level].append(_name)
# python-docx and Word's style gallery make nested lists with these styles, each a separate
# one-level list in numbering.xml: the style name, not the numbering level, says how deep.
_NESTED_LIST_STYLES = [
    f"p[style-name='{kind} {depth}'] => {'ul|ol > li > ' * (depth - 1)}{tag} > li:fresh"
    for kind, tag in (("List Bullet", "ul"), ("List Number", "ol"))
    for depth in range(2, 6)
]
_OTHER_STYLES = [
    "p[style-name='Subtitle'] => p.summary:fresh",
    "p[style-name='Sapo'] => p.summary:fresh",
    "p[style-name='Tóm tắt'] => p.summary:fresh",
    "p[style-name='Caption'] => p.caption:fresh",
    "p[style-name='Chú thích'] => p.caption:fresh",
    "p[style-name='Chú thích ảnh'] => p.caption:fresh",
    "p[style-name='Quote'] => blockquote > p:fresh",
    "p[style-name='Intense Quote'] => blockquote > p:fresh",
    "p[style-name='Trích dẫn'] => blockquote > p:fresh",
    # The contributor template's instruction paragraphs are never part of the article.
    "p[style-name='Hướng dẫn'] => !",
    "r[style-name='Hyperlink'] =>",
]
# mammoth's own map stops at list level 5; Word goes to 9.
_DEEP_LISTS = [
    f"p:{kind}-list({level}) => {'ul|ol > li > ' * (level - 1)}{tag} > li:fresh"
    for kind, tag in (("unordered", "ul"), ("ordered", "ol"))
    for level in range(6, 10)
]


def style_map(extra: list[str] | None = None) -> str:
    lines = [
        f"p[style-name='{name}'] => h{level}:fresh"
        for level, names in _HEADING_NAMES.items()
        for name in names
    ]
    return "\n".join(lines + _OTHER_STYLES + _NESTED_LIST_STYLES + _DEEP_LISTS + (extra or []))


@dataclass
class EmbeddedImage:
    placeholder: str
    data: bytes
    content_type: str
    alt_text: str = ""


@dataclass
class Converted:
    html: str
    images: list[EmbeddedImage] = field(default_factory=list)


def convert_docx(data: bytes, name: str) -> Result[Converted | None]:
    """Convert .docx bytes to HTML. Corrupt packages give an error message, never an exception."""
    images: list[EmbeddedImage] = []
    try:
        prepared = prepare_docx(data, name)
    except Exception:  # noqa: BLE001 - an odd package must still convert, as mammoth reads it
        prepared = Result(Prepared(data), [warning(
            "BT920",
            f"Không phân tích được cấu trúc tệp '{name}' (tiêu đề, số thứ tự, phần bị bỏ); bài vẫn được "
            "chuyển đổi nhưng hãy so kỹ với tệp gốc.",
            name,
        )])
    messages: list[Message] = list(prepared.messages)

    def keep_image(image) -> dict[str, str]:  # type: ignore[no-untyped-def]
        with image.open() as stream:
            payload = stream.read()
        # Fixed width, so that no placeholder is the beginning of another one.
        placeholder = f"bantin-image-{len(images):06d}"
        images.append(EmbeddedImage(placeholder, payload, image.content_type or "", image.alt_text or ""))
        return {"src": placeholder, "alt": image.alt_text or ""}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(prepared.value.docx),
            style_map=style_map(prepared.value.style_map),
            include_embedded_style_map=False,
            external_file_access=False,
            convert_image=mammoth.images.img_element(keep_image),
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, AttributeError, TypeError) as exc:
        return Result(None, [*messages, _unreadable(name, exc)])
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop the run
        return Result(None, [*messages, _unreadable(name, exc)])
    for m in result.messages:
        text = _translate_mammoth(m.message)
        if text and all(text != known.text for known in messages):
            messages.append(warning("BT901", text, name))
    return Result(Converted(apply_number_markers(result.value), images), messages)


def _unreadable(name: str, exc: BaseException) -> Message:
    return error(
        "BT902",
        f"Tệp '{name}' không phải tệp Word hợp lệ hoặc đã bị hỏng ({type(exc).__name__}). "
        "Hãy mở bằng Word hoặc LibreOffice, lưu lại dưới dạng .docx rồi gửi lại.",
        name,
    )


# mammoth's notes about layout it does not need (fills, strokes, table exceptions…): not
# something an editor can act on.
_LAYOUT_ELEMENTS = re.compile(
    r"ignored: (?:v:(?:fill|stroke|shadow|wrap|textpath|path|formulas|handles|lock|imagedata)"
    r"|w:(?:tblPrEx|pgNum|permStart|permEnd|customXml|smartTag|ruby|bdo|dir|fldData|softHyphen)"
    r"|o:\w+|w10:\w+|wp14?:\w+|w1[45]:\w+|mc:\w+)\b"
)


def _translate_mammoth(text: str) -> str | None:
    """mammoth's English warnings, said in Vietnamese for editors; style and layout noise is dropped."""
    if text.startswith(("Unrecognised paragraph style", "Unrecognised run style", "Unrecognised table style")):
        return None
    if "was referenced but not defined" in text or _LAYOUT_ELEMENTS.search(text):
        return None
    if "comment" in text.lower():
        return None  # docx_structure reports comments with their number and first words
    if "external image" in text or "could not open external" in text.lower() or "external file" in text.lower():
        return "Tài liệu có ảnh liên kết ngoài (không nhúng trong tệp); ảnh đó bị bỏ qua — hãy chèn ảnh trực tiếp vào Word."
    kind = re.search(r"Image of type (\S+)", text)
    if kind:
        return (f"Tài liệu có ảnh dạng {kind.group(1)} mà trình duyệt không hiển thị được; ảnh sẽ được chuyển "
                "đổi nếu được, nếu không sẽ bị bỏ qua — hãy gửi kèm ảnh đó dạng JPEG hoặc PNG.")
    if "unexpected non-row element in table" in text or "cell merging may be incorrect" in text:
        return "Một bảng trong tài liệu có cấu trúc lạ; ô gộp có thể hiển thị chưa đúng, hãy kiểm tra lại bảng."
    if "An unrecognised element was ignored" in text:
        element = text.split("ignored:", 1)[-1].strip()
        return f"Một thành phần của Word không chuyển được ({element}) đã bị bỏ qua; hãy so lại bài với tệp gốc."
    return f"Cảnh báo khi chuyển đổi: {text}"
