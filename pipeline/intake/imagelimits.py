"""Refuse an image whose size or frame count is beyond the limits, from its header alone.

A 23 KB GIF can declare 14000×14000 pixels and 1,000 frames; decoding it takes minutes and gigabytes.
Pillow reads only the header on open, so the size is known before any pixel is decoded. Counting a
GIF's frames with Pillow decodes them, so GIF blocks are walked here instead (a few lines of the
format, no pixel data touched). The total of all frames is bounded too (`FRAME_BUDGET` times the
per-frame limit), so a long animation of large frames is refused as well.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image

from pipeline.core.messages import Message, error
from pipeline.intake.limits import Limits

FRAME_BUDGET = 4


def image_problem(data: bytes, name: str, limits: Limits) -> Message | None:
    """A refusal when the image is too large or has too many frames; None when it may be decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: we decide below
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                fmt = im.format or ""
                frames = _gif_frames(data) if fmt == "GIF" else (int(getattr(im, "n_frames", 1) or 1) if width * height <= limits.max_image_pixels else 1)
    except Exception:  # noqa: BLE001 - an unreadable image is process_image's to report
        return None
    pixels = width * height
    if pixels > limits.max_image_pixels:
        return error("BT863", f"Ảnh '{name}' quá lớn ({width}×{height} điểm ảnh; tối đa "
                     f"{_mp(limits.max_image_pixels)} megapixel). Hãy thu nhỏ ảnh rồi gửi lại.", name)
    if frames > limits.max_image_frames or pixels * frames > FRAME_BUDGET * limits.max_image_pixels:
        return error("BT951", f"Ảnh động '{name}' có quá nhiều khung hình ({frames} khung {width}×{height}; "
                     f"tối đa {limits.max_image_frames} khung). Hãy gửi một ảnh tĩnh hoặc đoạn ảnh động ngắn hơn.", name)
    return None


def _mp(pixels: int) -> str:
    return f"{pixels / 1_000_000:g}".replace(".", ",")


def _gif_frames(data: bytes) -> int:
    """Image descriptors in a GIF, counted by walking its blocks (stops at the trailer or the end)."""
    view = memoryview(data)
    if len(view) < 13:
        return 0
    pos = 13
    if view[10] & 0x80:  # global colour table
        pos += 3 * (2 << (view[10] & 0x07))
    frames = 0
    while pos < len(view):
        block = view[pos]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            pos = _skip_sub_blocks(view, pos + 2)
        elif block == 0x2C:  # image descriptor: 9 bytes, local colour table, LZW size, sub-blocks
            frames += 1
            if pos + 10 > len(view):
                break
            packed = view[pos + 9]
            pos += 10
            if packed & 0x80:
                pos += 3 * (2 << (packed & 0x07))
            pos = _skip_sub_blocks(view, pos + 1)
        else:
            break
    return frames


def _skip_sub_blocks(view: memoryview, pos: int) -> int:
    while pos < len(view):
        size = view[pos]
        pos += 1
        if size == 0:
            return pos
        pos += size
    return pos
