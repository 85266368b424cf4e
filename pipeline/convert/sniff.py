"""Identify what a submitted file really is, from its bytes; refuse dangerous or unreadable ones.

`sniff()` never trusts the extension alone (contributors rename files) and never raises for
bad input: every refusal is an error `Message` whose text tells the contributor what to do.
When the result has errors its value is `Kind.UNKNOWN`, so a caller that forgets to check
`has_errors` still cannot feed a refused file to a converter by kind.
"""

from __future__ import annotations

import lzma
import os
import posixpath
import re
import struct
import zipfile
import zlib
from enum import Enum
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

import olefile
from lxml import etree

from pipeline.core.messages import Message, Result, error, warning
from pipeline.core.safeio import UnsafeFile, open_regular


class Kind(str, Enum):
    DOCX = "docx"
    DOC = "doc"
    ODT = "odt"
    RTF = "rtf"
    IMAGE = "image"
    UNKNOWN = "unknown"

    @property
    def needs_libreoffice(self) -> bool:
        """True for the kinds that must go through `libreoffice.convert_to_docx` first."""
        return self in (Kind.DOC, Kind.ODT, Kind.RTF)


# Limits. Read at call time, so tests can lower them with monkeypatch.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# zipfile loads the whole central directory before we can count entries: bound it first.
MAX_CENTRAL_DIRECTORY_BYTES = 8 * 1024 * 1024
# [Content_Types].xml, _rels/.rels, mimetype and manifest are small in every real file.
MAX_XML_PART_BYTES = 4 * 1024 * 1024

_HEAD_BYTES = 4096
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF8_BOM = b"\xef\xbb\xbf"
_IMAGE_MAGICS = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
)
# Extensions that promise a word-processing document: content that does not match is "broken".
_WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm", ".doc", ".dot", ".odt", ".ott", ".rtf"}

_WML_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WML_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_ODF_TEXT = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
}
_ODF_PREFIX = "application/vnd.oasis.opendocument."
_FIB_ENCRYPTED = 0x0100
_ZIP_ENCRYPTED = 0x0001

# What zipfile, zlib, olefile and lxml raise on hostile bytes; all of it means "unreadable file".
_PARSE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    OverflowError,
    NotImplementedError,
    RuntimeError,
    IndexError,
    KeyError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
    etree.LxmlError,
)


# --- messages --------------------------------------------------------------------------------

_RESAVE = "Hãy mở bằng Word, lưu lại dưới dạng .docx rồi gửi lại."


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese groups thousands with dots


_KIND_NAMES = {".odt": "tệp OpenDocument", ".ott": "tệp OpenDocument", ".rtf": "tệp RTF"}


def _corrupt(path: Path) -> Message:
    kind = _KIND_NAMES.get(path.suffix.lower(), "tệp Word")
    text = f"Tệp '{path.name}' không phải {kind} hợp lệ hoặc đã bị hỏng. {_RESAVE}"
    return error("BT821", text, str(path))


def _macro(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' chứa macro (định dạng .docm/.dotm). Vì an toàn, hãy lưu lại thành "
        ".docx (Tệp > Lưu thành > Word Document) rồi gửi lại."
    )
    return error("BT823", text, str(path))


def _encrypted(path: Path) -> Message:
    text = f"Tệp '{path.name}' được đặt mật khẩu; hãy gỡ mật khẩu rồi gửi lại."
    return error("BT822", text, str(path))


def _zip_bomb(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' có cấu trúc nén bất thường (hơn {_number(MAX_ZIP_ENTRIES)} tệp con "
        f"hoặc hơn {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB khi giải nén) nên bị từ chối "
        f"vì an toàn. {_RESAVE}"
    )
    return error("BT825", text, str(path))


def _template(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' là mẫu Word (.dotx), không phải văn bản. Hãy mở bằng Word, lưu lại "
        "thành .docx (Tệp > Lưu thành > Word Document) rồi gửi lại."
    )
    return error("BT826", text, str(path))


def _not_word(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' là tài liệu văn phòng nhưng không phải văn bản Word (có thể là bảng "
        "tính hoặc trình chiếu). Hãy gửi tệp Word (.docx)."
    )
    return error("BT827", text, str(path))


def _rtf_fragment(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' chỉ là một đoạn RTF không hoàn chỉnh (thiếu phần đầu {{\\rtf1}}), "
        "nên nội dung sẽ hiện ra dưới dạng mã lệnh. Hãy xuất lại tệp từ chương trình gốc hoặc "
        "lưu thành .docx rồi gửi lại."
    )
    return error("BT828", text, str(path))


def _plain_zip(path: Path) -> Message:
    text = f"Tệp '{path.name}' là tệp nén .zip. Hãy giải nén rồi gửi từng tệp Word bên trong."
    return error("BT829", text, str(path))


def _pdf(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' là tệp PDF; hệ thống chưa nhận PDF. Hãy gửi bản Word (.docx) gốc "
        "của văn bản."
    )
    return error("BT830", text, str(path))


def _unsupported(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' có định dạng không được hỗ trợ. Hệ thống chỉ nhận tệp Word (.docx, "
        ".doc), OpenDocument (.odt), RTF hoặc ảnh (JPEG, PNG, GIF, BMP, TIFF, WebP)."
    )
    return error("BT831", text, str(path))


def _empty(path: Path) -> Message:
    text = f"Tệp '{path.name}' trống (0 byte). Hãy kiểm tra lại tệp rồi gửi lại."
    return error("BT832", text, str(path))


def _too_big(path: Path, size: int) -> Message:
    mb = 1024 * 1024
    text = (
        f"Tệp '{path.name}' quá lớn ({_number(-(-size // mb))} MB; tối đa "
        f"{_number(MAX_FILE_BYTES // mb)} MB). Hãy giảm dung lượng ảnh trong tệp rồi gửi lại."
    )
    return error("BT833", text, str(path))


def _symlink(path: Path) -> Message:
    # A symlink committed to git could make the site publish any file on the build machine.
    text = (
        f"Tệp '{path.name}' là liên kết tượng trưng (symlink), không phải tệp thật, nên bị từ "
        "chối vì an toàn. Hãy gửi bản tệp thật."
    )
    return error("BT834", text, str(path))


def _unreadable(path: Path) -> Message:
    text = (
        f"Không đọc được tệp '{path.name}'. Hãy kiểm tra tệp còn tồn tại và có quyền đọc rồi "
        "thử lại."
    )
    return error("BT835", text, str(path))


def _special(path: Path) -> Message:
    # A FIFO or a device (/dev/zero) would make the run wait or read for ever.
    text = (
        f"Tệp '{path.name}' không phải tệp bình thường (là ống dẫn, thiết bị hoặc socket) nên bị "
        "từ chối vì an toàn. Hãy gửi bản tệp thật."
    )
    return error("BT947", text, str(path))


def unsafe_file_message(exc: UnsafeFile) -> Message:
    """The contributor's message for a submission entry that `safeio` refused to open."""
    if exc.kind == "symlink":
        return _symlink(exc.path)
    if exc.kind == "special":
        return _special(exc.path)
    if exc.kind == "too-big":
        return _too_big(exc.path, exc.size)
    return _unreadable(exc.path)


def _macro_dropped(path: Path) -> Message:
    text = (
        f"Tệp '{path.name}' chứa macro. Macro không bao giờ được chạy và sẽ bị bỏ đi khi chuyển "
        "đổi; nếu nội dung phụ thuộc vào macro, hãy kiểm tra lại bài sau khi đăng."
    )
    return warning("BT824", text, str(path))


def _refused(message: Message) -> Result[Kind]:
    return Result(Kind.UNKNOWN, [message])


def _broken(path: Path) -> Result[Kind]:
    """Content we cannot use: say "broken Word file" if the name promised one."""
    if path.suffix.lower() in _WORD_SUFFIXES:
        return _refused(_corrupt(path))
    return _refused(_unsupported(path))


# --- entry point -----------------------------------------------------------------------------


def sniff(path: Path) -> Result[Kind]:
    """Tell what `path` really is from its bytes; refuse it with a message when it is unsafe.

    The file is lstat-checked and opened once (no links, no FIFOs or devices, size checked before
    reading); every later look goes through that one open file.
    """
    path = Path(path)
    try:
        with open_regular(path, MAX_FILE_BYTES) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size == 0:
                return _refused(_empty(path))
            head = fh.read(_HEAD_BYTES)
            return _sniff_head(path, head, fh)
    except UnsafeFile as exc:
        return _refused(unsafe_file_message(exc))
    except OSError:
        return _refused(_unreadable(path))


def _sniff_head(path: Path, head: bytes, fh: BinaryIO) -> Result[Kind]:
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(path, fh)
    if head.startswith(_CFB_MAGIC):
        return _sniff_cfb(path, fh)
    text = _strip_preamble(head)
    if text.startswith(b"{\\rtf"):
        return Result(Kind.RTF)
    if re.match(rb"\{\\[a-z]", text):
        return _refused(_rtf_fragment(path))
    if _is_image(head):
        return _broken(path) if path.suffix.lower() in _WORD_SUFFIXES else Result(Kind.IMAGE)
    if text.startswith(b"%PDF-") and path.suffix.lower() not in _WORD_SUFFIXES:
        return _refused(_pdf(path))
    return _broken(path)


def _strip_preamble(head: bytes) -> bytes:
    """Drop a UTF-8 BOM and leading whitespace, which RTF readers tolerate."""
    return head.removeprefix(_UTF8_BOM).lstrip()


def _is_image(head: bytes) -> bool:
    if head.startswith(_IMAGE_MAGICS):
        return True
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return True
    # "BM" alone is too weak: also require the BMP header's reserved zero bytes.
    return head.startswith(b"BM") and len(head) >= 14 and head[6:10] == b"\x00" * 4


# --- ZIP: DOCX and ODT -----------------------------------------------------------------------


def _sniff_zip(path: Path, fh: BinaryIO) -> Result[Kind]:
    try:
        if _zip_directory_too_big(fh):
            return _refused(_zip_bomb(path))
        fh.seek(0)
        with zipfile.ZipFile(fh) as zf:
            return _classify_zip(path, zf)
    except _PARSE_ERRORS:
        return _broken(path)


def _zip_directory_too_big(fh: BinaryIO) -> bool:
    """Check the end-of-central-directory record before zipfile loads every entry into memory."""
    fh.seek(0, 2)
    size = fh.tell()
    tail_length = min(size, 65_536 + 22)  # longest comment + fixed record
    fh.seek(size - tail_length)
    tail = fh.read(tail_length)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return False  # not our call: zipfile will refuse it as broken
    entries, directory_bytes = struct.unpack("<HI", tail[end + 10 : end + 16])
    locator = end - 20
    if locator >= 56 and tail[locator : locator + 4] == b"PK\x06\x07":
        record = tail[locator - 56 : locator]
        if record.startswith(b"PK\x06\x06"):
            entries, directory_bytes = struct.unpack("<QQ", record[32:48])
    return entries > MAX_ZIP_ENTRIES or directory_bytes > MAX_CENTRAL_DIRECTORY_BYTES


def _classify_zip(path: Path, zf: zipfile.ZipFile) -> Result[Kind]:
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        return _refused(_zip_bomb(path))
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        return _refused(_zip_bomb(path))
    if any(info.flag_bits & _ZIP_ENCRYPTED for info in infos):
        return _refused(_encrypted(path))
    # OPC part names are case-insensitive; ODF's are not, but lowercase keys do no harm there.
    members = {info.filename.lower(): info for info in infos}
    if "mimetype" in members:
        odf = _classify_odf(path, zf, members)
        if odf is not None:
            return odf
    if "[content_types].xml" in members:
        return _classify_ooxml(path, zf, members)
    if path.suffix.lower() in _WORD_SUFFIXES:
        return _refused(_corrupt(path))
    return _refused(_plain_zip(path))


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    if info.file_size > MAX_XML_PART_BYTES:
        return None
    with zf.open(info) as fh:
        return fh.read(MAX_XML_PART_BYTES + 1)


def _parse_xml(data: bytes | None) -> etree._Element | None:
    """Parse package metadata without entities, DTDs or network access."""
    if data is None:
        return None
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    # OPC forbids DTDs in package parts; one here means a crafted file.
    if root.getroottree().docinfo.doctype:
        return None
    return root


def _local_name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _classify_odf(
    path: Path, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]
) -> Result[Kind] | None:
    """ODT, a refusal for other ODF kinds, or None when `mimetype` is not ODF at all."""
    raw = _read_small(zf, members["mimetype"])
    mimetype = (raw or b"")[:200].decode("ascii", "replace").strip()
    if not mimetype.startswith(_ODF_PREFIX):
        return None
    if mimetype not in _ODF_TEXT:
        return _refused(_not_word(path))
    manifest = members.get("meta-inf/manifest.xml")
    root = _parse_xml(_read_small(zf, manifest)) if manifest else None
    # ODF encrypts each part and records it in the manifest; the ZIP itself looks normal.
    if root is not None and any(_local_name(el) == "encryption-data" for el in root.iter()):
        return _refused(_encrypted(path))
    if "content.xml" not in members:
        return _broken(path)
    result = Result(Kind.ODT)
    if any(name.startswith(("basic/", "scripts/")) for name in members):
        result.messages.append(_macro_dropped(path))
    return result


def _classify_ooxml(
    path: Path, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]
) -> Result[Kind]:
    rels = members.get("_rels/.rels")
    rels_root = _parse_xml(_read_small(zf, rels)) if rels else None
    types_root = _parse_xml(_read_small(zf, members["[content_types].xml"]))
    if rels_root is None or types_root is None:
        return _broken(path)
    part = _main_part_name(rels_root)
    if part is None:
        return _broken(path)
    content_type = _content_type(types_root, part).lower()
    if "macroenabled" in content_type:
        return _refused(_macro(path))
    if content_type == _WML_TEMPLATE:
        return _refused(_template(path))
    if content_type != _WML_DOCUMENT:
        if "spreadsheetml" in content_type or "presentationml" in content_type:
            return _refused(_not_word(path))
        return _broken(path)
    if part.lstrip("/").lower() not in members:
        return _broken(path)  # e.g. word/document.xml deleted
    return Result(Kind.DOCX)


def _main_part_name(rels_root: etree._Element) -> str | None:
    """The officeDocument target from _rels/.rels; some producers don't use word/document.xml."""
    for rel in rels_root.iter():
        if _local_name(rel) != "Relationship":
            continue
        if (rel.get("TargetMode") or "").lower() == "external":
            continue
        # Transitional ends ".../relationships/officeDocument"; Strict OOXML uses another base.
        if (rel.get("Type") or "").endswith("/officeDocument"):
            return _part_name(rel.get("Target") or "")
    return None


def _part_name(target: str) -> str | None:
    """Package-absolute part name for a target relative to the package root."""
    target = unquote(target.strip())
    if not target:
        return None
    name = posixpath.normpath("/" + target.lstrip("/"))
    return None if name == "/" else name


def _content_type(types_root: etree._Element, part: str) -> str:
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for el in types_root:
        name = _local_name(el)
        if name == "Override":
            overrides[(el.get("PartName") or "").lower()] = el.get("ContentType") or ""
        elif name == "Default":
            defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
    if part.lower() in overrides:
        return overrides[part.lower()]
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    return defaults.get(extension, "")


# --- OLE/CFB: DOC and encrypted OOXML ---------------------------------------------------------


def _sniff_cfb(path: Path, fh: BinaryIO) -> Result[Kind]:
    try:
        fh.seek(0)
        with olefile.OleFileIO(fh) as ole:
            return _classify_cfb(path, ole)
    except _PARSE_ERRORS:
        return _broken(path)


def _classify_cfb(path: Path, ole: olefile.OleFileIO) -> Result[Kind]:
    # Word keeps a password-protected .docx/.docm as an OLE container around the ZIP.
    if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
        return _refused(_encrypted(path))
    if not ole.exists("WordDocument"):
        if ole.exists("Workbook") or ole.exists("Book") or ole.exists("PowerPoint Document"):
            return _refused(_not_word(path))
        return _broken(path)
    flags = _fib_flags(ole)
    if flags is None:
        return _broken(path)
    if flags & _FIB_ENCRYPTED:
        return _refused(_encrypted(path))
    result = Result(Kind.DOC)
    if ole.exists("Macros"):
        result.messages.append(_macro_dropped(path))
    return result


def _fib_flags(ole: olefile.OleFileIO) -> int | None:
    """The 16-bit FIB flags word at offset 0x0A of the WordDocument stream (fEncrypted etc.)."""
    with ole.openstream("WordDocument") as stream:
        fib = stream.read(12)
    if len(fib) < 12:
        return None
    (flags,) = struct.unpack("<H", fib[10:12])
    return int(flags)
