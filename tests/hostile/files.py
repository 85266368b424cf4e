"""Hostile media files, made by code: images that carry private data or a payload besides pixels."""

from __future__ import annotations

import io

from PIL import Image

GPS_XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="10,14.5N" '
           b'exif:GPSLongitude="106,22.5E" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
           b'aux:SerialNumber="SN-0903111222"/></rdf:RDF></x:xmpmeta>')
TRAILING_SCRIPT = b"<script>alert('gif')</script>"
COLOURS = ((220, 20, 20), (20, 20, 220), (20, 160, 20))


def _sub_blocks(payload: bytes) -> bytes:
    out = b"".join(bytes([len(payload[i:i + 255])]) + payload[i:i + 255] for i in range(0, len(payload), 255))
    return out + b"\0"


def animated_gif(size: tuple[int, int] = (120, 80), duration: int = 150) -> bytes:
    frames = [Image.new("RGB", size, colour) for colour in COLOURS]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=duration, loop=0)
    return buf.getvalue()


def hostile_gif(size: tuple[int, int] = (120, 80), duration: int = 150) -> bytes:
    """An animated GIF with XMP GPS and a serial number, a comment, and a <script> after the trailer."""
    data = animated_gif(size, duration)
    assert data.endswith(b"\x3b")
    xmp = b"\x21\xff\x0bXMP DataXMP" + _sub_blocks(GPS_XMP)
    comment = b"\x21\xfe" + _sub_blocks(b"Ngo Minh 0903111222 minh.ngo@example.vn")
    return data[:-1] + xmp + comment + b"\x3b" + TRAILING_SCRIPT


def jpeg_with_everything(size: tuple[int, int] = (200, 120)) -> bytes:
    """A JPEG with EXIF GPS, XMP, a comment and trailing bytes."""
    im = Image.new("RGB", size, COLOURS[0])
    exif = Image.Exif()
    exif[0x010F] = "Camera maker 0903111222"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 14.0, 30.0)}  # GPS IFD
    buf = io.BytesIO()
    im.save(buf, format="JPEG", exif=exif, comment=b"minh.ngo@example.vn", xmp=GPS_XMP)
    return buf.getvalue() + TRAILING_SCRIPT
