"""Make contributors' photos web-ready: upright, metadata-free, sensibly sized and encoded.

Photos arrive embedded in Word files or loose in a submission folder, straight from phones
and scanners. Each one is turned upright (EXIF orientation), stripped of every piece of
metadata (GPS position, camera serials, XMP, comments, colour profiles), converted to sRGB,
scaled down to a sane size, and written as JPEG (photos) or PNG (drawings, transparency),
plus a few smaller widths for listings and `srcset`. Animated GIFs are re-encoded frame by frame
(timing and looping kept), so nothing of the original file but its pixels is ever published.

A JPEG that is already fit to publish (small enough, upright, sRGB or unprofiled, 8-bit YCbCr or
grey, not bloated) is not re-encoded: it is stripped losslessly of everything but the image
(`jpegstrip.py`), and the stripped file is decoded before it is written, which proves its
entropy-coded data readable. The choices of filters and encodings are measured in
docs/benchmarks.md ("Photos: what a conversion writes").
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast

from PIL import ExifTags, Image, ImageCms

from pipeline.core.messages import Message, Result, error, warning
from pipeline.intake.jpegstrip import strip_jpeg
from pipeline.intake.resample import resized, scaled_in_turn, thumbnail_size

WEB_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif"})
ACCEPTED_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
)

# Only these decoders may run: never let a renamed EPS/PSD/ICO reach Ghostscript or odd plugins.
# The JPEG decoder also yields "MPO", Pillow's name for the multi-picture JPEGs of many phones.
_OPENABLE_FORMATS = ("JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP")
_JPEG_SOURCES = frozenset({"JPEG", "MPO"})
_PNG_SOURCES = frozenset({"PNG", "GIF"})
_FORMAT_KEPT = _JPEG_SOURCES | _PNG_SOURCES
# Frames worth a warning: MPO's extra frames are depth maps/previews, not content.
_MULTI_FRAME_WARN = frozenset({"PNG", "TIFF", "WEBP"})

_EXTENSION_FOR = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif"}
_RESIZABLE_MODES = frozenset({"L", "LA", "RGB", "RGBA", "CMYK"})

# Drawing detection: sample with NEAREST so no blended colours are invented, then call it a
# drawing when it has few colours AND a handful of flat colours cover most of it (a grey photo
# also has <= 256 values, but they are spread out).
_SAMPLE_SIDE = 256
_DRAWING_MAX_COLOURS = 256
_DRAWING_TOP_COLOURS = 16
_DRAWING_TOP_SHARE = 0.8

# EXIF orientation → the transpose that undoes it (as ImageOps.exif_transpose does).
_UNDO_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# Variants are scaled from the next larger image with bicubic: 48–56 dB PSNR against Lanczos from
# the main image on natural photos, a quarter to a third less CPU (bench/photo_choices.py).
_VARIANT_FILTER = Image.Resampling.BICUBIC
# Baseline JPEGs with optimised Huffman tables: progressive files were 1–5% smaller but cost
# 2–3 times the CPU to encode (bench/photo_choices.py).
_JPEG_OPTIONS = {"optimize": True}

# Up to this many times the final area, the main image is scaled in one step (by libvips where
# installed, resample.py); a larger one (a scan, never a JPEG, which decodes at a reduced scale)
# keeps thumbnail()'s whole-factor reduction, which needs no second full-size copy of its pixels.
_SCALE_IN_ONE_STEP = 4

_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ImageVariant:
    path: Path
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedImage:
    path: Path  # main file
    width: int
    height: int
    variants: tuple[ImageVariant, ...]  # smaller widths, ascending
    original_name: str


@dataclass(frozen=True)
class PhotoSettings:
    max_side: int = 1600
    widths: tuple[int, ...] = (240, 480, 960)
    # High enough for a legitimate 12000×9000 scan (108 MP); bombs beyond it are refused.
    max_pixels: int = 200_000_000
    jpeg_quality: int = 85
    # A JPEG heavier than this (bytes per pixel, once stripped) is re-encoded rather than kept:
    # quality 85 gives about 0.1–0.2 on photos, a camera's finest setting 0.4–0.6.
    keep_max_bytes_per_pixel: float = 0.35

    def __post_init__(self) -> None:
        if self.max_side < 1 or self.max_pixels < 1 or any(w < 1 for w in self.widths):
            raise ValueError("max_side, max_pixels and widths must be positive")
        if not 1 <= self.jpeg_quality <= 95:
            raise ValueError("jpeg_quality must be between 1 and 95")


@dataclass
class _Decoded:
    """A decoded, web-ready image; for an animated GIF, its first frame plus the other frames."""

    image: Image.Image | None
    width: int
    height: int
    output_format: str  # "JPEG" | "PNG" | "GIF"
    messages: list[Message] = field(default_factory=list)
    frames: list[Image.Image] = field(default_factory=list)  # after the first, animated GIF only
    kept: bytes | None = None  # the contributor's JPEG, stripped, written as it is
    durations: list[int] = field(default_factory=list)  # milliseconds per frame, first included
    loop: int = 0


def process_image(
    data: bytes,
    original_name: str,
    dest_dir: Path,
    stem: str,
    settings: PhotoSettings = PhotoSettings(),
) -> Result[ProcessedImage | None]:
    """Write `<stem>.<ext>` and `<stem>-<w>w.<ext>` variants into dest_dir.

    Bad images (corrupt, unsupported, too large) give a None value and a Vietnamese error;
    only a malformed `stem` (a caller bug, not a contributor's) raises ValueError.
    """
    if not _STEM.match(stem):
        raise ValueError(f"stem must be an ASCII slug, got {stem!r}")
    decoded = _decode_safely(data, original_name, settings)
    if isinstance(decoded, Message):
        return Result(None, [decoded])
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        processed = _write_all(decoded, data, original_name, dest_dir, stem, settings)
    except OSError as exc:
        return Result(None, [*decoded.messages, _write_failed(original_name, dest_dir, exc)])
    return Result(processed, decoded.messages)


# --- decoding -------------------------------------------------------------------------------

_PIXEL_LIMIT_LOCK = threading.Lock()


@contextmanager
def _pixel_limit(max_pixels: int) -> Iterator[None]:
    """Pillow's bomb guard is a module global; point it at our limit only while we decode.

    The lock serialises decoding between threads so they never see each other's limit.
    """
    with _PIXEL_LIMIT_LOCK, warnings.catch_warnings():
        # Pillow warns above the limit and raises above twice it; we refuse at the limit.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def _decode_safely(data: bytes, name: str, settings: PhotoSettings) -> _Decoded | Message:
    try:
        with _pixel_limit(settings.max_pixels):
            return _decode(data, name, settings)
    except (Image.DecompressionBombError, MemoryError):
        return _too_large(name, None, settings)
    except Image.UnidentifiedImageError:
        return _unreadable(name) if _suffix(name) in ACCEPTED_EXTENSIONS else _unsupported(name)
    except Exception:  # noqa: BLE001 - Pillow's plugins raise many types on malformed data; never propagate
        return _unreadable(name)


def _decode(data: bytes, name: str, settings: PhotoSettings) -> _Decoded | Message:
    im: Image.Image = Image.open(io.BytesIO(data), formats=_OPENABLE_FORMATS)
    source_format = im.format or ""
    width, height = im.size
    if width * height > settings.max_pixels:
        return _too_large(name, (width, height), settings)
    if source_format == "GIF" and getattr(im, "is_animated", False):
        return _decode_animation(im, name, settings)
    kept = _keepable_jpeg(im, data, settings)
    if kept is not None:
        return kept

    messages = _frame_warnings(im, source_format, name)
    if source_format not in _JPEG_SOURCES:
        # Only JPEG can decode at a reduced scale (draft), so loading the rest now costs
        # nothing, and recent Pillow turns TIFFs upright while loading them.
        im.load()
    # Read before any convert(), which drops the TIFF tags holding it.
    orientation = _orientation(im)
    if source_format in _JPEG_SOURCES:
        # DCT-scaled decoding: a 4000 × 3000 phone photo is decoded at 2000 × 1500 directly
        # (the largest 1/2, 1/4 or 1/8 scale still at least the final size): a third of the CPU,
        # 48–52 dB PSNR against a full decode once scaled (bench/photo_choices.py).
        im.draft(im.mode, _fitted(im.size, settings.max_side))
    im = _resizable(im)
    drawing = source_format not in _FORMAT_KEPT and _looks_like_drawing(im)
    im.load()
    box = (settings.max_side, settings.max_side)
    if im.width * im.height > _SCALE_IN_ONE_STEP * settings.max_side**2:
        # A large scan (not a JPEG, which was decoded at a reduced scale): thumbnail() reduce()s
        # by whole factors first, with no second full-size copy of its pixels.
        im.thumbnail(box, Image.Resampling.LANCZOS)
    else:
        im = resized(im, thumbnail_size(im.size, box), Image.Resampling.LANCZOS)
    # Turning upright after scaling is equivalent (only the long side is bounded) and
    # avoids a full-size rotated copy.
    im = _to_srgb(_upright(im, orientation))
    im = _without_opaque_alpha(im)
    output_format = _output_format(source_format, _has_alpha(im), drawing)
    im = _output_mode(im, output_format)
    im.info = {}  # EXIF, XMP, comments, ICC: encoders fall back to info for some of these
    return _Decoded(im, im.width, im.height, output_format, messages)


def _fitted(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _keepable_jpeg(im: Image.Image, data: bytes, settings: PhotoSettings) -> _Decoded | None:
    """The JPEG stripped to its image and decoded, when it may be published without re-encoding.

    None sends the photo down the re-encoding path (which also reports broken files).
    """
    if im.format not in _JPEG_SOURCES or im.mode not in ("RGB", "L"):
        return None
    if max(im.size) > settings.max_side or _orientation(im) != 1 or not _srgb_or_unprofiled(im):
        return None
    stripped = strip_jpeg(data)
    if stripped is None or (stripped.width, stripped.height) != im.size:
        return None
    if len(stripped.data) > settings.keep_max_bytes_per_pixel * im.width * im.height:
        return None
    try:
        # Decoding what will be published proves its entropy-coded data readable; the pixels
        # are the source of the smaller variants. A JPEG needs no other pixel work.
        clean = Image.open(io.BytesIO(stripped.data), formats=("JPEG",))
        if clean.size != im.size or clean.mode != im.mode:
            return None
        variants = _variant_widths(clean.width, settings.widths)
        if variants:
            clean.draft(clean.mode, _fitted(clean.size, max(variants)))
        clean.load()
    except Exception:  # noqa: BLE001 - any doubt: re-encode from the pixels instead
        return None
    clean.info = {}
    return _Decoded(clean, im.width, im.height, "JPEG", kept=stripped.data)


def _srgb_or_unprofiled(im: Image.Image) -> bool:
    icc = im.info.get("icc_profile")
    if not icc:
        return True
    profile = _read_profile(icc)
    return profile is not None and profile[1]


def _read_profile(icc: bytes) -> tuple[ImageCms.ImageCmsProfile, bool] | None:
    """An embedded colour profile and whether it is sRGB; None when it cannot be read."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return profile, "srgb" in ImageCms.getProfileDescription(profile).lower()
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def _decode_animation(im: Image.Image, name: str, settings: PhotoSettings) -> _Decoded | Message:
    """Every frame as pixels (Pillow composites GIF disposal), scaled like a still photo.

    The frames are all held at once to encode the new GIF, so their pixels together stay within
    the same budget as one image.
    """
    count = getattr(im, "n_frames", 1)
    if im.width * im.height * count > settings.max_pixels:
        return _too_large(name, (im.width, im.height), settings)
    frames: list[Image.Image] = []
    durations: list[int] = []
    loop = int(im.info.get("loop", 0) or 0)
    for index in range(count):
        im.seek(index)
        frame = im.convert("RGBA")
        frame.thumbnail((settings.max_side, settings.max_side), Image.Resampling.LANCZOS)
        frame.info = {}  # comments, XMP, ICC: nothing but pixels travels on
        frames.append(frame)
        durations.append(max(20, int(im.info.get("duration", 100) or 100)))
    first = frames[0]
    return _Decoded(first, first.width, first.height, "GIF", frames=frames[1:], durations=durations, loop=loop)


def _frame_warnings(im: Image.Image, source_format: str, name: str) -> list[Message]:
    if source_format not in _MULTI_FRAME_WARN:
        return []
    frames = getattr(im, "n_frames", 1)
    if frames <= 1:
        return []
    return [
        warning(
            "BT865",
            f"Ảnh '{name}' có {frames} khung hình (ảnh động hoặc nhiều trang); "
            "chỉ khung hình đầu tiên được đăng.",
            name,
        )
    ]


def _resizable(im: Image.Image) -> Image.Image:
    """Bring odd modes to one that resamples well (palette images would resample NEAREST)."""
    transparent = im.has_transparency_data
    if im.mode in _RESIZABLE_MODES and not (transparent and im.mode in ("L", "RGB")):
        return im
    if im.mode == "1":
        return im.convert("L")
    if im.mode.startswith("I;16"):
        return im.convert("I").point(lambda v: v / 257).convert("L")
    if im.mode in ("I", "F"):
        return _stretch_to_grey(im)
    return im.convert("RGBA" if transparent else "RGB")


def _stretch_to_grey(im: Image.Image) -> Image.Image:
    # 32-bit integer/float scans carry no agreed range; map what is there onto 0..255.
    low, high = cast("tuple[float, float]", im.getextrema())  # one band: a (min, max) pair
    scale = 255 / (high - low) if high != low else 0
    return im.convert("F").point(lambda v: (v - low) * scale).convert("L")


def _looks_like_drawing(im: Image.Image) -> bool:
    long_side = max(im.size)
    ratio = min(1.0, _SAMPLE_SIDE / long_side)
    sample_size = (max(1, round(im.width * ratio)), max(1, round(im.height * ratio)))
    sample = im.resize(sample_size, Image.Resampling.NEAREST)
    colours = sample.getcolors(maxcolors=_DRAWING_MAX_COLOURS)
    if colours is None:
        return False
    counts = sorted((count for count, _ in colours), reverse=True)
    covered = sum(counts[:_DRAWING_TOP_COLOURS])
    return covered >= _DRAWING_TOP_SHARE * sample.width * sample.height


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(ExifTags.Base.Orientation, 1))
    except Exception:  # noqa: BLE001 - a garbled EXIF block should not cost the contributor their photo
        return 1


def _upright(im: Image.Image, orientation: int) -> Image.Image:
    method = _UNDO_ORIENTATION.get(orientation)
    return im if method is None else im.transpose(method)


def _to_srgb(im: Image.Image) -> Image.Image:
    """Browsers assume sRGB once the profile is stripped, so convert wide-gamut photos first."""
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    profile = _read_profile(icc)
    if profile is None or profile[1]:
        return im  # sRGB already, or a broken profile: plain conversion is the best we can do
    out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
    try:
        converted = ImageCms.profileToProfile(im, profile[0], _SRGB, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # a mismatched profile: plain conversion is the best we can do
    return converted if converted is not None else im


def _has_alpha(im: Image.Image) -> bool:
    if im.mode not in ("LA", "RGBA"):
        return False
    return cast("tuple[int, int]", im.getchannel("A").getextrema())[0] < 255


def _without_opaque_alpha(im: Image.Image) -> Image.Image:
    if im.mode in ("LA", "RGBA") and not _has_alpha(im):
        return im.convert(im.mode[:-1])
    return im


def _output_format(source_format: str, has_alpha: bool, drawing: bool) -> str:
    if source_format in _JPEG_SOURCES:
        return "JPEG"
    if source_format in _PNG_SOURCES:
        return "PNG"
    return "PNG" if has_alpha or drawing else "JPEG"


def _output_mode(im: Image.Image, output_format: str) -> Image.Image:
    if output_format == "JPEG":
        return im if im.mode in ("RGB", "L") else im.convert("L" if im.mode == "LA" else "RGB")
    return im if im.mode in ("RGB", "RGBA", "L", "LA") else im.convert("RGB")


# --- writing --------------------------------------------------------------------------------


def _write_all(
    decoded: _Decoded,
    data: bytes,
    original_name: str,
    dest_dir: Path,
    stem: str,
    settings: PhotoSettings,
) -> ProcessedImage:
    extension = _EXTENSION_FOR[decoded.output_format]
    main = dest_dir / f"{stem}{extension}"
    image = decoded.image
    assert image is not None
    if decoded.frames:  # animated GIF: one re-encoded file, no smaller widths
        _write_atomically(main, lambda f: image.save(
            f, format="GIF", save_all=True, append_images=decoded.frames, duration=decoded.durations,
            loop=decoded.loop, disposal=2, optimize=False))
        return ProcessedImage(main, decoded.width, decoded.height, (), original_name)
    if decoded.kept is not None:
        kept = decoded.kept
        _write_atomically(main, lambda f: f.write(kept))
    else:
        _save(image, main, decoded.output_format, settings)
    variants = []
    sizes = [(width, max(1, round(decoded.height * width / decoded.width)))
             for width in sorted(_variant_widths(decoded.width, settings.widths), reverse=True)]
    # Each variant is scaled from the next larger one.
    for (width, height), scaled in zip(sizes, scaled_in_turn(image, sizes, _VARIANT_FILTER)):
        path = dest_dir / f"{stem}-{width}w{extension}"
        _save(scaled, path, decoded.output_format, settings)
        variants.append(ImageVariant(path, width, height))
    variants.reverse()
    return ProcessedImage(main, decoded.width, decoded.height, tuple(variants), original_name)


def _variant_widths(main_width: int, widths: tuple[int, ...]) -> list[int]:
    return sorted({w for w in widths if w < main_width})


def _save(im: Image.Image, path: Path, output_format: str, settings: PhotoSettings) -> None:
    im.info = {}  # resize() copies info; keep metadata out of variants too
    if output_format == "JPEG":
        options: dict[str, object] = {"quality": settings.jpeg_quality, **_JPEG_OPTIONS}
    else:
        options = {"optimize": True}
    _write_atomically(path, lambda f: im.save(f, format=output_format, **options))


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Readers (the site build, a web server) never see a half-written image."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; the web server must read it
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


# --- messages -------------------------------------------------------------------------------


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def _pixel_amount(pixels: int) -> str:
    # Vietnamese writes a decimal comma and groups thousands with dots.
    if pixels >= 1_000_000:
        return f"{pixels / 1_000_000:.1f}".replace(".", ",") + " triệu điểm ảnh"
    return f"{pixels:,}".replace(",", ".") + " điểm ảnh"


def _unreadable(name: str) -> Message:
    return error(
        "BT861",
        f"Ảnh '{name}' bị hỏng hoặc không đọc được, hãy gửi lại ảnh gốc.",
        name,
    )


def _unsupported(name: str) -> Message:
    return error(
        "BT862",
        f"Không đọc được '{name}' như một ảnh JPG, PNG, GIF, BMP, TIFF hay WebP; "
        "hãy lưu ảnh dưới dạng JPG hoặc PNG rồi gửi lại.",
        name,
    )


def _too_large(name: str, size: tuple[int, int] | None, settings: PhotoSettings) -> Message:
    limit = _pixel_amount(settings.max_pixels)
    if size is None:
        detail = f"vượt quá giới hạn {limit}"
    else:
        width, height = size
        detail = f"{width}×{height} = {_pixel_amount(width * height)}, tối đa {limit}"
    return error(
        "BT863",
        f"Ảnh '{name}' quá lớn ({detail}); hãy thu nhỏ ảnh rồi gửi lại.",
        name,
    )


def _write_failed(name: str, dest_dir: Path, exc: OSError) -> Message:
    reason = exc.strerror or str(exc)
    return error(
        "BT864",
        f"Không ghi được ảnh '{name}' vào thư mục '{dest_dir}' ({reason}).",
        name,
    )
