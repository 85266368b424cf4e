"""Scale photos' pixels, with libvips when it is installed and Pillow otherwise.

Resampling was half of an ingest's CPU: Pillow's resampler is plain C, one pixel at a time, while
libvips vectorises the same filters (Lanczos 3, Catmull-Rom bicubic) and scales a phone photo and
its smaller widths in well under half the time, with 52–54 dB PSNR against Pillow's result
(docs/benchmarks.md, "Photos"). libvips only ever sees pixels Pillow has decoded: contributors'
files are decoded by Pillow alone (photos.py), and every libvips file loader is blocked here, so
none of its decoders can be reached even by mistake.

Only 8-bit grey and RGB go through libvips (what photos are); images with an alpha channel keep
Pillow, which scales them premultiplied.

libvips runs its work on threads of its own, and threads do not survive a fork: a child forked
from a process that has used libvips would wait for them forever. So libvips is loaded on first
use (the ingest's conversion children use it, their parent never does), and a process forked
after its parent used it scales with Pillow.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from typing import Any

from PIL import Image

_BANDS = {"L": 1, "RGB": 3}
_KERNELS = {Image.Resampling.LANCZOS: "lanczos3", Image.Resampling.BICUBIC: "cubic"}


_library: Any = None  # the pyvips module once loaded; False when it cannot be used here
_used = False  # libvips has run an operation in this process (its threads exist)


def library() -> Any:
    """pyvips, loaded and locked down on first use; None where it cannot be used."""
    global _library
    if _library is None:
        try:  # pyvips needs the libvips library (pyvips-binary ships it); without it, Pillow works
            import pyvips
        except (ImportError, OSError):  # OSError: the module is there but libvips cannot be loaded
            _library = False
        else:
            pyvips.operation_block_set("VipsForeignLoad", True)  # pixels in memory only, never a file
            pyvips.cache_set_max(0)  # every call is a new image: caching operations only holds memory
            pyvips.concurrency_set(1)  # the batch already runs one conversion per core
            _library = pyvips
    return _library or None


def with_vips() -> bool:
    return library() is not None


def _after_fork_in_child() -> None:
    global _library
    if _used:
        _library = False  # the parent's libvips threads are not here: see the module's docstring


os.register_at_fork(after_in_child=_after_fork_in_child)


def resized(im: Image.Image, size: tuple[int, int], resample: Image.Resampling) -> Image.Image:
    """`im.resize(size, resample)` for LANCZOS and BICUBIC, by libvips where it can."""
    source = _to_vips(im, resample) if size != im.size else None
    if source is None:
        return im.resize(size, resample)
    width, height = size
    scaled = source.resize(width / im.width, vscale=height / im.height, kernel=_KERNELS[resample])
    if (scaled.width, scaled.height) != size:  # rounding in libvips: never publish an odd size
        return im.resize(size, resample)
    pixels = scaled.write_to_memory()
    out = _from_pixels(im.mode, size, pixels)
    _last_made[0] = (out, pixels)
    return out


# The last image resized() made and its pixels: when the same image is then scaled again (the main
# photo into its smaller widths) they go back to libvips without being copied out of Pillow again.
_last_made: list[tuple[Image.Image, bytes] | None] = [None]


def _from_pixels(mode: str, size: tuple[int, int], pixels: bytes) -> Image.Image:
    """Image.frombytes() without its first pass, which fills the new image with zeros."""
    out = Image.new(mode, size, None)
    out.frombytes(pixels)
    return out


def scaled_in_turn(im: Image.Image, sizes: list[tuple[int, int]],
                   resample: Image.Resampling) -> Iterator[Image.Image]:
    """The image at each of `sizes` (largest first), each scaled from the one before it.

    With libvips each size's pixels go back to it for the next without a copy out of Pillow
    (`resized` keeps the last image it made).
    """
    source = im
    for size in sizes:
        source = resized(source, size, resample)
        yield source


def _to_vips(im: Image.Image, resample: Image.Resampling) -> Any:
    """The image's pixels as a libvips image, or None when Pillow must scale it."""
    global _used
    if im.mode not in _BANDS or resample not in _KERNELS:
        return None
    vips = library()
    if vips is None:
        return None
    _used = True
    last = _last_made[0]
    _last_made[0] = None
    pixels = last[1] if last is not None and last[0] is im else im.tobytes()
    return vips.Image.new_from_memory(pixels, im.width, im.height, _BANDS[im.mode], "uchar")


def thumbnail_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size `Image.thumbnail(box)` gives: within the box, the aspect ratio kept as Pillow rounds it."""
    width, height = size
    x, y = box
    if x >= width and y >= height:
        return size
    aspect = width / height
    if x / y >= aspect:
        x = _round_aspect(y * aspect, lambda n: abs(aspect - n / y))
    else:
        y = _round_aspect(x / aspect, lambda n: 0 if n == 0 else abs(aspect - x / n))
    return x, y


def _round_aspect(number: float, key) -> int:  # type: ignore[no-untyped-def]
    return max(min(math.floor(number), math.ceil(number), key=key), 1)
