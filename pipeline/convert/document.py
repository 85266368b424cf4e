"""A document file → its Markdown body and embedded images, without metadata or routing.

`pipeline ingest` runs these steps with the metadata steps in between; `make fidelity` (tools/)
runs them straight through to measure what conversion keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from pipeline.convert import htmlclean
from pipeline.convert.docx.convert import EmbeddedImage, convert_docx
from pipeline.convert.markdown import body_to_markdown
from pipeline.convert.read import read_document
from pipeline.core.messages import Message, Result, warning


@dataclass
class ConvertedDocument:
    markdown: str
    format: str
    images: list[EmbeddedImage] = field(default_factory=list)


def finish_body(root: lxml.html.HtmlElement, name: str) -> Result[str]:
    """The last conversion steps once metadata has been taken out of `root`: Markdown."""
    htmlclean.attach_captions(root)
    unwrapped = htmlclean.drop_word_leftovers(root)
    messages = []
    if unwrapped:
        example = unwrapped[0] if len(unwrapped[0]) <= 60 else unwrapped[0][:60] + "…"
        messages.append(warning(
            "BT919",
            f"Đã bỏ {len(unwrapped)} liên kết không dùng được trên trang web (tới tệp trên máy người viết "
            f"hoặc lệnh chạy chương trình, ví dụ “{example}”); chữ của liên kết vẫn giữ.",
            name,
        ))
    return Result(body_to_markdown(root), messages)


def convert_document(path: Path) -> Result[ConvertedDocument | None]:
    """Read, convert and clean one document; None with Vietnamese reasons when it is refused."""
    messages: list[Message] = []
    doc = read_document(path)
    messages += doc.messages
    if doc.value is None:
        return Result(None, messages)
    converted = convert_docx(doc.value.docx, path.name)
    messages += converted.messages
    if converted.value is None:
        return Result(None, messages)
    root = htmlclean.parse_fragment(converted.value.html)
    finished = finish_body(root, path.name)
    messages += finished.messages
    return Result(ConvertedDocument(finished.value, doc.value.format, converted.value.images), messages)
