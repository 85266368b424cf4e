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
from pipeline.core.messages import Result, warning


@dataclass
class DocumentHtml:
    """A document as the converter leaves it: HTML, before metadata is taken out (ingest's input)."""

    docx: bytes  # Unicode .docx, for the file's own properties (author, title)
    format: str  # the format the contributor sent: docx, doc, odt, rtf
    html: str
    images: list[EmbeddedImage] = field(default_factory=list)


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


def document_html(path: Path) -> Result[DocumentHtml | None]:
    """Read and convert one document to HTML; None with Vietnamese reasons when it is refused."""
    return read_document(path).bind(
        lambda doc: convert_docx(doc.docx, path.name).map(
            lambda converted: DocumentHtml(doc.docx, doc.format, converted.html, converted.images)))


def convert_document(path: Path) -> Result[ConvertedDocument | None]:
    """Read, convert and clean one document; None with Vietnamese reasons when it is refused."""
    return document_html(path).bind(
        lambda doc: finish_body(htmlclean.parse_fragment(doc.html), path.name).map(
            lambda markdown: ConvertedDocument(markdown, doc.format, doc.images)))
