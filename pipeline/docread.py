"""Read any submitted document into .docx bytes: the one format the converter speaks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.messages import Result, error


@dataclass
class DocxDocument:
    docx: bytes
    format: str  # the format the contributor sent: docx, doc, odt, rtf


def read_document(path: Path) -> Result[DocxDocument | None]:
    name = path.name
    ext = path.suffix.lower()
    if ext != ".docx":
        return Result(None, [error(
            "BT002",
            f"Tệp '{name}' ({ext}) chưa được hỗ trợ; hãy lưu lại dưới dạng .docx rồi gửi lại.",
            name,
        )])
    return Result(DocxDocument(path.read_bytes(), "docx"))
