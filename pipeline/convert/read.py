"""Read any submitted document into .docx bytes: the one format the converter speaks.

The file's bytes decide what it is (formats.sniff), never its extension alone. Word 97-2003,
OpenDocument and RTF go through headless LibreOffice in a private temporary folder; macro-enabled,
password-protected, corrupt or oversized files are refused with sniff's Vietnamese reason. Text
typed in the old Vietnamese fonts (TCVN3, VNI) is decoded to Unicode before anything reads it.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.convert import libreoffice
from pipeline.convert import sniff as formats
from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.linked import linked_content
from pipeline.convert.sniff import Kind
from pipeline.core.messages import Level, Message, Result, error
from pipeline.core.safeio import UnsafeFile, read_regular

# Soffice normally needs about a second; a large .doc with many pictures may need far longer.
LIBREOFFICE_TIMEOUT = 120.0
# XML a package may unpack to (editorial.yml limits.max_xml_bytes); 60 MB of XML in a 215 KB .docx
# took mammoth and lxml more than ten minutes.
MAX_XML_BYTES = 50 * 1024 * 1024


@dataclass
class DocxDocument:
    docx: bytes
    format: str  # the format the contributor sent: docx, doc, odt, rtf


def read_document(
    path: Path,
    timeout: float = LIBREOFFICE_TIMEOUT,
    max_xml_bytes: int = MAX_XML_BYTES,
    memory_mb: int = libreoffice.MEMORY_MB,
    converted: Path | None = None,
) -> Result[DocxDocument | None]:
    """The document as Unicode .docx bytes, or None with the reason it was refused.

    The XML a package unpacks to is bounded before any parser sees it: in the .docx or .odt as sent,
    and again in the .docx LibreOffice made (a small .doc can unpack to a large one). `converted` is
    the .docx a shared LibreOffice run (convert.libreoffice_batch) already made of `path`: soffice is
    then not started again, and everything else is the same.
    """
    path = Path(path)
    sniffed = formats.sniff(path)
    messages: list[Message] = list(sniffed.messages)
    if sniffed.has_errors:
        return Result(None, messages)
    kind = sniffed.value
    if kind is Kind.DOCX:
        try:
            data = read_regular(path, formats.MAX_FILE_BYTES)
        except UnsafeFile as exc:
            return Result(None, [*messages, formats.unsafe_file_message(exc)])
        except OSError:
            return Result(None, [*messages, _unreadable(path)])
    elif kind.needs_libreoffice:
        refused = _before_libreoffice(path, kind, max_xml_bytes)
        if refused:
            return Result(None, [*messages, refused])
        made = _already_converted(path, converted) if converted else None
        if made is None:
            made = _via_libreoffice(path, timeout, memory_mb)
        messages += made.messages
        if made.value is None:
            return Result(None, messages)
        data = made.value
    else:
        return Result(None, [*messages, _not_a_document(path, kind)])
    too_much = _xml_too_big(io.BytesIO(data), path.name, max_xml_bytes)
    if too_much:
        return Result(None, [*messages, too_much])
    fixed = _fix_fonts(data, path.name)
    messages += fixed.messages
    return Result(DocxDocument(fixed.value, kind.value), messages)


def ready_for_libreoffice(path: Path, max_xml_bytes: int = MAX_XML_BYTES) -> bool:
    """True when `read_document` would hand `path` to LibreOffice (nothing refuses it before)."""
    sniffed = formats.sniff(path)
    if sniffed.has_errors or sniffed.value is None or not sniffed.value.needs_libreoffice:
        return False
    return _before_libreoffice(path, sniffed.value, max_xml_bytes) is None


def _before_libreoffice(path: Path, kind: Kind, max_xml_bytes: int) -> Message | None:
    """What refuses a file before LibreOffice may see it: too much XML in an .odt, a linked field."""
    if kind is Kind.ODT:
        too_much = _xml_too_big(path, path.name, max_xml_bytes)
        if too_much:
            return too_much
    return linked_content(path, kind)


def _already_converted(path: Path, converted: Path) -> Result[bytes | None] | None:
    """The .docx a shared run made, with the notice a lone conversion adds; None when it is gone."""
    try:
        data = converted.read_bytes()
    except OSError:
        return None
    notice = [libreoffice.unsandboxed(path)] if libreoffice.sandbox_kind() == "none" else []
    return Result(data, notice)


def _xml_too_big(source: Path | io.BytesIO, name: str, limit: int) -> Message | None:
    """A refusal when the package's XML parts unpack to more than `limit` bytes (sizes from the ZIP directory;
    zipfile never reads past a member's recorded size)."""
    try:
        with zipfile.ZipFile(source) as zf:
            total = sum(i.file_size for i in zf.infolist() if i.filename.lower().endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not ours to judge: the converter reports a broken package
    if total <= limit:
        return None
    mb = 1024 * 1024
    return error(
        "BT948",
        f"Tệp '{name}' chứa quá nhiều dữ liệu văn bản ({-(-total // mb)} MB XML khi giải nén; tối đa "
        f"{limit // mb} MB). Tệp có thể bị tạo bất thường; hãy mở bằng Word, lưu lại dưới dạng .docx rồi gửi lại.",
        name,
    )


def _via_libreoffice(path: Path, timeout: float, memory_mb: int) -> Result[bytes | None]:
    with tempfile.TemporaryDirectory(prefix="bantin-doc-") as workdir:
        result = libreoffice.convert_to_docx(path, Path(workdir), timeout, memory_mb=memory_mb)
        if result.value is None:
            return Result(None, result.messages)
        return Result(result.value.read_bytes(), result.messages)


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
