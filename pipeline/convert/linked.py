"""Find content a document pulls in from outside itself, before LibreOffice opens it.

LibreOffice follows INCLUDEPICTURE, INCLUDETEXT and LINK fields, linked pictures and linked sections
while it loads a file: an RTF field `INCLUDEPICTURE "/etc/…"` would publish a file of the machine, an
ODT picture linked to `http://127.0.0.1:…/` makes a request from it. Such a document is refused with
a message naming the field; the LibreOffice sandbox (no network, no files but the submission) is the
second wall for anything this scan misses.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import olefile
from lxml import etree

from pipeline.convert.sniff import MAX_FILE_BYTES, Kind
from pipeline.core.messages import Message, error
from pipeline.core.safeio import UnsafeFile, open_regular, read_regular

# DDE fields are not here: the structure step drops them with a warning, and LibreOffice on Linux has no DDE.
FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "IMPORT")
_FIELD_WORD = re.compile(rb"^\s*(" + b"|".join(f.encode() for f in FIELDS) + rb")\b", re.IGNORECASE)
_RTF_FLDINST = re.compile(rb"\\fldinst", re.IGNORECASE)
_RTF_CONTROL = re.compile(rb"\\[a-z]+-?\d* ?|[{}]|\\\*", re.IGNORECASE)
_RTF_HEX = re.compile(rb"\\'([0-9a-f]{2})", re.IGNORECASE)
_RTF_LINKED_OBJECT = re.compile(rb"\\obj(?:aut)?link\b", re.IGNORECASE)
_XLINK = "{http://www.w3.org/1999/xlink}href"
_ODF_INTERNAL = re.compile(r"^(\./)?(Pictures|Objects|ObjectReplacements|Object \d+)/", re.IGNORECASE)


def linked_content(path: Path, kind: Kind) -> Message | None:
    """A refusal naming the first field or link that reaches outside the file; None when there is none."""
    try:
        if kind is Kind.RTF:
            found = _rtf(read_regular(path, MAX_FILE_BYTES))
        elif kind is Kind.ODT:
            found = _odt(path)
        elif kind is Kind.DOC:
            found = _doc(path)
        else:
            return None
    except (UnsafeFile, OSError, zipfile.BadZipFile, ValueError, etree.LxmlError):
        return None  # unreadable: sniff or the converter says so
    if found is None:
        return None
    field, target = found
    shown = f" ('{target[:80]}')" if target else ""
    return error(
        "BT949",
        f"Tệp '{path.name}' có trường {field}{shown} lấy nội dung từ tệp hoặc địa chỉ bên ngoài tài liệu; "
        "vì an toàn, hệ thống không đọc gì ngoài tệp được gửi. Hãy chèn trực tiếp ảnh hoặc chữ vào tài liệu "
        "(Chèn > Ảnh), xóa trường liên kết, lưu lại rồi gửi lại.",
        str(path),
    )


def _rtf(data: bytes) -> tuple[str, str] | None:
    if _RTF_LINKED_OBJECT.search(data):
        return ("LINK", "")
    for match in _RTF_FLDINST.finditer(data):
        chunk = data[match.end(): match.end() + 600]
        chunk = _RTF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), chunk)
        text = _RTF_CONTROL.sub(b"", chunk)
        word = _FIELD_WORD.match(text)
        if word:
            return (word.group(1).decode().upper(), _first_quoted(text[word.end():]))
    return None


def _doc(path: Path) -> tuple[str, str] | None:
    # A field starts with character 0x13, then its instruction: look for that in 8-bit and UTF-16 text.
    with open_regular(path, MAX_FILE_BYTES) as fh, olefile.OleFileIO(fh) as ole:
        if not ole.exists("WordDocument"):
            return None
        with ole.openstream("WordDocument") as stream:
            data = stream.read(MAX_FILE_BYTES)
    for field in FIELDS:
        narrow = re.search(rb"\x13\s*" + field.encode() + rb"\b", data, re.IGNORECASE)
        wide = re.search(rb"\x13\x00(?:\x20\x00)*" + field.encode("utf-16-le"), data)
        if narrow or wide:
            return (field, "")
    return None


def _odt(path: Path) -> tuple[str, str] | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    with open_regular(path, MAX_FILE_BYTES) as fh, zipfile.ZipFile(fh) as zf:
        names = {n.lower(): n for n in zf.namelist()}
        for part in ("content.xml", "styles.xml"):
            if part not in names:
                continue
            root = etree.fromstring(zf.read(names[part]), parser)
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                local = etree.QName(el).localname
                href = el.get(_XLINK) or ""
                if local in ("image", "object", "object-ole") and href and not _ODF_INTERNAL.match(href):
                    return ("liên kết ảnh" if local == "image" else "LINK", href)
                if local == "section-source":
                    return ("INCLUDETEXT", href)
    return None


def _first_quoted(text: bytes) -> str:
    m = re.search(rb'"([^"]{1,200})"', text) or re.search(rb"(\S{1,200})", text)
    return m.group(1).decode("latin-1").replace("\\\\", "\\") if m else ""
