"""Read any submitted document into .docx bytes: the one format the converter speaks.

The file's bytes decide what it is (formats.sniff), never its extension alone. Word 97-2003,
OpenDocument and RTF go through headless LibreOffice in a private temporary folder; macro-enabled,
password-protected, corrupt or oversized files are refused with sniff's Vietnamese reason. Text
typed in the old Vietnamese fonts (TCVN3, VNI) is decoded to Unicode before anything reads it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.convert import libreoffice
from pipeline.convert import sniff as formats
from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.sniff import Kind
from pipeline.core.messages import Level, Message, Result, error

# Soffice normally needs about a second; a large .doc with many pictures may need far longer.
LIBREOFFICE_TIMEOUT = 120.0


@dataclass
class DocxDocument:
    docx: bytes
    format: str  # the format the contributor sent: docx, doc, odt, rtf


def read_document(path: Path, timeout: float = LIBREOFFICE_TIMEOUT) -> Result[DocxDocument | None]:
    """The document as Unicode .docx bytes, or None with the reason it was refused."""
    path = Path(path)
    sniffed = formats.sniff(path)
    if sniffed.has_errors:
        return Result(None, list(sniffed.messages))
    return sniffed.bind(lambda kind: _docx_bytes(path, kind, timeout).bind(
        lambda data: _fix_fonts(data, path.name).map(lambda fixed: DocxDocument(fixed, kind.value))))


def _docx_bytes(path: Path, kind: Kind, timeout: float) -> Result[bytes | None]:
    if kind is Kind.DOCX:
        try:
            return Result(path.read_bytes())
        except OSError:
            return Result(None, [_unreadable(path)])
    if kind.needs_libreoffice:
        return _via_libreoffice(path, timeout)
    return Result(None, [_not_a_document(path, kind)])


def _via_libreoffice(path: Path, timeout: float) -> Result[bytes | None]:
    with tempfile.TemporaryDirectory(prefix="bantin-doc-") as workdir:
        # Read inside the `with`: the converted file goes with its temporary folder.
        return libreoffice.convert_to_docx(path, Path(workdir), timeout).map(lambda docx: docx.read_bytes())


def _fix_fonts(data: bytes, name: str) -> Result[bytes]:
    result = fix_legacy_fonts(data, name)
    # An unreadable package is reported by the converter itself, with a better message.
    messages = [m for m in result.messages if m.level is not Level.ERROR]
    return Result(result.value if isinstance(result.value, bytes) else data, messages)


def _unreadable(path: Path) -> Message:
    return error(
        "BT835",
        f"Không đọc được tệp '{path.name}'. Hãy kiểm tra tệp còn tồn tại và có quyền đọc rồi thử lại.",
        path.name,
    )


def _not_a_document(path: Path, kind: Kind) -> Message:
    if kind is Kind.IMAGE:
        text = (
            f"Tệp '{path.name}' là ảnh, không phải văn bản Word. Hãy đặt ảnh vào một thư mục cùng "
            "với tệp Word (.docx) của bài viết."
        )
        return error("BT836", text, path.name)
    text = (
        f"Tệp '{path.name}' có định dạng không được hỗ trợ. Hãy gửi bài dạng Word (.docx, .doc), "
        "OpenDocument (.odt) hoặc RTF."
    )
    return error("BT831", text, path.name)
