"""A contributor's JPEG reduced, losslessly, to the image alone: no metadata, nothing after it.

A JPEG is a sequence of marker segments. What a decoder needs is the quantisation and Huffman
tables (DQT, DHT), the frame header (SOF), the restart interval (DRI) and the scans (SOS and their
entropy-coded data). Everything else is dropped: APPn segments (EXIF with GPS and the camera's
owner, XMP, ICC profiles, Photoshop blocks, embedded thumbnails, MPO's extra pictures), COM
comments, padding, and any bytes after the end-of-image marker (where polyglot files hide a
script or an archive). A fresh minimal JFIF header is written instead, so every decoder reads
the colours as YCbCr, which is what the files accepted here hold.

The file is hostile: every length is checked against what is left, each step moves forward, the
number of segments and scans is bounded, and anything unexpected (an arithmetic-coded, lossless,
hierarchical or 12-bit frame, RGB or CMYK colours, a second frame, a DNL marker, bytes where a
marker belongs) gives None, so the caller re-encodes the photo from its pixels instead. Whether
the entropy-coded data decodes is for the caller to prove with a real decoder.
"""

from __future__ import annotations

from dataclasses import dataclass

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
# Baseline, extended sequential and progressive Huffman-coded frames: what browsers all decode.
_FRAMES = frozenset({0xC0, 0xC1, 0xC2})
DHT, DQT, DRI = 0xC4, 0xDB, 0xDD
_APP0, _APP14, _COM = 0xE0, 0xEE, 0xFE
_RESTARTS = range(0xD0, 0xD8)
_MAX_SEGMENTS = 1_000
_MAX_SCANS = 64  # a progressive file has about 10; thousands are a decoding-time attack
# JFIF 1.01, no density unit, 1:1 aspect, no thumbnail.
JFIF = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
_RGB_IDS = (0x52, 0x47, 0x42)  # 'R', 'G', 'B': libjpeg reads such files as RGB


@dataclass(frozen=True)
class StrippedJpeg:
    data: bytes
    width: int
    height: int
    components: int  # 1 (greyscale) or 3 (YCbCr)
    progressive: bool


def strip_jpeg(data: bytes) -> StrippedJpeg | None:
    """The image-only JPEG, or None when the file is not one this module can vouch for."""
    try:
        return _Walker(data).walk()
    except _NotPlain:
        return None


class _NotPlain(Exception):
    pass


def _check_tables(marker: int, body: bytes) -> None:
    """A table segment must be exactly its tables: no room left for a payload beside them."""
    if marker == DRI:
        if len(body) != 2:
            raise _NotPlain
        return
    pos = 0
    while pos < len(body):
        kind, slot = body[pos] >> 4, body[pos] & 0x0F
        if slot > 3 or kind > 1:
            raise _NotPlain
        if marker == DQT:
            pos += 1 + 64 * (kind + 1)  # 8- or 16-bit entries
        else:
            counts = body[pos + 1:pos + 17]
            if len(counts) != 16 or sum(counts) > 256:
                raise _NotPlain
            pos += 17 + sum(counts)
    if pos != len(body) or not body:
        raise _NotPlain


class _Walker:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 2
        self.kept: list[bytes] = [b"\xff\xd8", JFIF]
        self.frame: tuple[int, int, int, bool] | None = None
        self.adobe_transform: int | None = None
        self.scans = 0

    def walk(self) -> StrippedJpeg:
        data = self.data
        if data[:2] != b"\xff\xd8":
            raise _NotPlain
        for _ in range(_MAX_SEGMENTS):
            marker = self._marker()
            if marker == EOI:
                return self._result()
            if marker in _RESTARTS or marker in (SOI, 0x01):  # standalone markers out of place
                raise _NotPlain
            segment = self._segment()
            body = segment[4:]
            if marker in _FRAMES:
                self._frame(marker, body)
                self.kept.append(segment)
            elif marker in (DHT, DQT, DRI):
                _check_tables(marker, body)
                self.kept.append(segment)
            elif marker == SOS:
                if not body or len(body) != 4 + 2 * body[0] or not 1 <= body[0] <= 4:
                    raise _NotPlain
                self._scan(segment)
            elif marker == _APP14 and body.startswith(b"Adobe") and len(body) >= 12:
                self.adobe_transform = body[11]  # dropped, but it says how colours are coded
            elif not (_APP0 <= marker <= 0xEF or marker == _COM):
                raise _NotPlain  # DNL, DAC, arithmetic/lossless/hierarchical frames, reserved
        raise _NotPlain

    def _marker(self) -> int:
        data, pos = self.data, self.pos
        if pos >= len(data) or data[pos] != 0xFF:
            raise _NotPlain
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= len(data):
            raise _NotPlain
        self.pos = pos + 1
        return data[pos]

    def _segment(self) -> bytes:
        """The marker and its length-prefixed body, checked against the end of the file."""
        data, pos = self.data, self.pos
        if pos + 2 > len(data):
            raise _NotPlain
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2 or pos + length > len(data):
            raise _NotPlain
        self.pos = pos + length
        return bytes((0xFF, data[pos - 1])) + data[pos:pos + length]

    def _frame(self, marker: int, body: bytes) -> None:
        if self.frame is not None or len(body) < 6:
            raise _NotPlain  # one frame only
        precision = body[0]
        height = int.from_bytes(body[1:3], "big")
        width = int.from_bytes(body[3:5], "big")
        components = body[5]
        if precision != 8 or width == 0 or height == 0 or components not in (1, 3):
            raise _NotPlain  # 12-bit, DNL-defined height, CMYK
        if len(body) != 6 + 3 * components:
            raise _NotPlain
        ids = tuple(body[6 + 3 * n] for n in range(components))
        if components == 3 and ids == _RGB_IDS:
            raise _NotPlain
        self.frame = (width, height, components, marker == 0xC2)

    def _scan(self, header: bytes) -> None:
        """Keep the scan header and its entropy-coded data, up to the next real marker."""
        if self.frame is None:
            raise _NotPlain
        self.scans += 1
        if self.scans > _MAX_SCANS:
            raise _NotPlain
        data, start = self.data, self.pos
        pos = start
        while True:
            pos = data.find(b"\xff", pos)
            if pos < 0 or pos + 1 >= len(data):
                raise _NotPlain  # no end-of-image marker
            following = data[pos + 1]
            if following == 0x00 or following in _RESTARTS:  # stuffed byte, restart marker
                pos += 2
            elif following == 0xFF:  # fill byte: the marker follows
                pos += 1
            else:
                break
        self.kept.append(header)
        # An FF just before the marker is a fill byte (an FF in the data is always stuffed).
        self.kept.append(data[start:pos].rstrip(b"\xff"))
        self.pos = pos

    def _result(self) -> StrippedJpeg:
        if self.frame is None or self.scans == 0:
            raise _NotPlain
        width, height, components, progressive = self.frame
        # Without the Adobe segment (dropped) and with JFIF, decoders read YCbCr: only keep
        # files whose colours already are YCbCr (Adobe transform 1) or greyscale.
        if components == 3 and self.adobe_transform not in (None, 1):
            raise _NotPlain
        self.kept.append(b"\xff\xd9")
        return StrippedJpeg(b"".join(self.kept), width, height, components, progressive)
