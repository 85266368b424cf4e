"""Read a .docx into HTML with mammoth, keeping embedded images in memory until the article is named."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import mammoth

from pipeline.messages import Message, Result, error, warning

# Word stores built-in style names in English ("heading 1") whatever the UI language, but
# offices also create their own Vietnamese styles; mammoth matches names case-insensitively.
_HEADING_NAMES = {
    1: ["Heading 1", "Title", "Tiêu đề 1", "Đầu đề 1", "Tựa đề 1", "Tiêu đề"],
    2: ["Heading 2", "Tiêu đề 2", "Đầu đề 2", "Tựa đề 2"],
    3: ["Heading 3", "Tiêu đề 3", "Đầu đề 3", "Tựa đề 3"],
    4: ["Heading 4", "Tiêu đề 4", "Đầu đề 4"],
    5: ["Heading 5", "Tiêu đề 5"],
    6: ["Heading 6", "Tiêu đề 6"],
}
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
    "p[style-name='Header'] => !",
    "p[style-name='Footer'] => !",
    "r[style-name='Hyperlink'] =>",
]


def style_map() -> str:
    lines = [
        f"p[style-name='{name}'] => h{level}:fresh"
        for level, names in _HEADING_NAMES.items()
        for name in names
    ]
    return "\n".join(lines + _OTHER_STYLES)


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

    def keep_image(image) -> dict[str, str]:  # type: ignore[no-untyped-def]
        with image.open() as stream:
            payload = stream.read()
        placeholder = f"bantin-image:{len(images)}"
        images.append(EmbeddedImage(placeholder, payload, image.content_type or "", image.alt_text or ""))
        return {"src": placeholder, "alt": image.alt_text or ""}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=style_map(),
            include_embedded_style_map=False,
            external_file_access=False,
            convert_image=mammoth.images.img_element(keep_image),
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, AttributeError, TypeError) as exc:
        return Result(None, [_unreadable(name, exc)])
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop the run
        return Result(None, [_unreadable(name, exc)])
    messages: list[Message] = []
    for m in result.messages:
        text = _translate_mammoth(m.message)
        if text:
            messages.append(warning("BT901", text, name))
    return Result(Converted(result.value, images), messages)


def _unreadable(name: str, exc: BaseException) -> Message:
    return error(
        "BT001",
        f"Tệp '{name}' không phải tệp Word hợp lệ hoặc đã bị hỏng ({type(exc).__name__}). "
        "Hãy mở bằng Word hoặc LibreOffice, lưu lại dưới dạng .docx rồi gửi lại.",
        name,
    )


def _translate_mammoth(text: str) -> str | None:
    """mammoth's English warnings, said in Vietnamese for editors; style noise is dropped."""
    if text.startswith("Unrecognised paragraph style") or text.startswith("Unrecognised run style"):
        return None
    if "external image" in text or "could not open external" in text.lower():
        return "Tài liệu có ảnh liên kết ngoài (không nhúng trong tệp); ảnh đó bị bỏ qua — hãy chèn ảnh trực tiếp vào Word."
    if "comment" in text.lower():
        return "Đã bỏ qua các ghi chú (comment) trong tài liệu."
    if "image of type" in text:
        return f"Có ảnh ở định dạng trình duyệt không hiển thị được; ảnh đã được chuyển đổi hoặc bỏ qua ({text})."
    return f"Cảnh báo khi chuyển đổi: {text}"
