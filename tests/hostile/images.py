"""Reads an image file's structure and lists every place metadata or extra bytes could hide.

JPEG: APPn segments other than the JFIF header (EXIF and XMP live in APP1, ICC in APP2, IPTC in
APP13), COM comments, bytes after EOI. PNG: text, EXIF, ICC and time chunks, bytes after IEND.
GIF: comment and application extensions other than the NETSCAPE looping block, bytes after the
trailer. WebP: EXIF, XMP and ICC chunks. Used by the photo tests and `make attack` on every
published image.
"""

from __future__ import annotations

import struct
from pathlib import Path

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_METADATA = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME", b"caBX"}


def metadata_in(data: bytes) -> list[str]:
    """What a published image should not carry; [] for a clean file."""
    if data[:2] == b"\xff\xd8":
        return _jpeg(data)
    if data[:8] == _PNG_SIGNATURE:
        return _png(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    return ["unknown format"]


def _jpeg(data: bytes) -> list[str]:
    found = []
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return [*found, f"bad marker at {pos}"]
        marker = data[pos + 1]
        if marker == 0xD9:
            break
        length = struct.unpack(">H", data[pos + 2: pos + 4])[0]
        segment = data[pos + 4: pos + 2 + length]
        if 0xE0 <= marker <= 0xEF and not (marker == 0xE0 and segment.startswith(b"JFIF\0")):
            found.append(f"APP{marker - 0xE0} {segment[:12]!r}")
        elif marker == 0xFE:
            found.append(f"COM {segment[:40]!r}")
        pos += 2 + length
        if marker == 0xDA:  # entropy-coded data up to EOI (restart markers and stuffed FF00 inside)
            end = data.rfind(b"\xff\xd9")
            if end < pos:
                return [*found, "no EOI"]
            pos = end
    end = data.rfind(b"\xff\xd9") + 2
    if end < len(data):
        found.append(f"{len(data) - end} bytes after EOI")
    return found


def _png(data: bytes) -> list[str]:
    found = []
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos: pos + 8])
        if kind in _PNG_METADATA:
            found.append(kind.decode("latin-1"))
        pos += 12 + length
        if kind == b"IEND":
            break
    if pos < len(data):
        found.append(f"{len(data) - pos} bytes after IEND")
    return found


def _gif_blocks(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos]:
        pos += 1 + data[pos]
    return pos + 1


def _gif(data: bytes) -> list[str]:
    found = []
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(data):
        kind = data[pos]
        if kind == 0x3B:
            pos += 1
            break
        if kind == 0x21:
            label = data[pos + 1]
            if label == 0xFE:
                found.append("comment extension")
            elif label == 0xFF:
                app = data[pos + 3: pos + 14]
                if app != b"NETSCAPE2.0":
                    found.append(f"application extension {app!r}")
            pos = _gif_blocks(data, pos + 2)
        elif kind == 0x2C:
            flags = data[pos + 9]
            pos += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            pos = _gif_blocks(data, pos + 1)  # LZW minimum code size, then data blocks
        else:
            return [*found, f"unknown block {kind:#x} at {pos}"]
    if pos < len(data):
        found.append(f"{len(data) - pos} bytes after the trailer")
    return found


def _webp(data: bytes) -> list[str]:
    found = []
    pos = 12
    while pos + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[pos: pos + 8])
        if kind in (b"EXIF", b"XMP ", b"ICCP"):
            found.append(kind.decode("latin-1").strip())
        pos += 8 + length + (length & 1)
    riff_end = 8 + struct.unpack("<I", data[4:8])[0]
    if riff_end < len(data):
        found.append(f"{len(data) - riff_end} bytes after the RIFF chunk")
    return found


def scan_images(root: Path) -> dict[str, list[str]]:
    """{image: findings} for every image below root that carries anything but pixels."""
    result = {}
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif", ".webp") and path.is_file():
            found = metadata_in(path.read_bytes())
            if found:
                result[str(path.relative_to(root))] = found
    return result
