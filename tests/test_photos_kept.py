"""A contributor's JPEG that is fit to publish is kept as it is, pixel for pixel, but never its metadata.

The files are real JPEGs made with Pillow, with real EXIF (GPS IFD, camera maker), XMP, comments,
ICC profiles, Photoshop blocks and payloads after the end of the image; the stripped file is read
back by Pillow and by the structure scanner of the hostile-media tests.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms

from pipeline.intake.jpegstrip import JFIF, strip_jpeg
from pipeline.intake.photos import PhotoSettings, ProcessedImage, process_image
from tests.hostile.files import GPS_XMP, TRAILING_SCRIPT
from tests.hostile.images import metadata_in

PAYLOAD = b"PK\x03\x04polyglot.zip" + TRAILING_SCRIPT + b"\xff\xd9"
SERIAL = b"SN-0903111222"


def _photo(size: tuple[int, int] = (1200, 900)) -> Image.Image:
    """Smooth colour fields with a little grain: a photograph's statistics, not noise's."""
    small = (max(2, size[0] // 40), max(2, size[1] // 40))
    bands = [Image.effect_noise(small, 60).point(lambda v: v // 2 + 64) for _ in range(3)]
    smooth = Image.merge("RGB", bands).resize(size, Image.Resampling.BICUBIC)
    return Image.blend(smooth, Image.effect_noise(size, 10).convert("RGB"), 0.05)


def _gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.BodySerialNumber] = SERIAL.decode()
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (10.0, 14.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (106.0, 22.0, 15.0),
    }
    return exif


def _with_segment(jpeg: bytes, marker: int, body: bytes) -> bytes:
    """Insert a raw segment after the other metadata, before the tables (where Photoshop puts its own)."""
    at = jpeg.index(b"\xff\xdb")
    return jpeg[:at] + bytes((0xFF, marker)) + (len(body) + 2).to_bytes(2, "big") + body + jpeg[at:]


def _phone_jpeg(size: tuple[int, int] = (1200, 900), orientation: int = 1, **options: object) -> bytes:
    buf = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    settings: dict[str, object] = {"quality": 80, "exif": _gps_exif(orientation), "xmp": GPS_XMP,
                                   "comment": b"Ngo Minh 0903111222", "icc_profile": srgb, **options}
    _photo(size).save(buf, "JPEG", **settings)
    photoshop = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c" + SERIAL
    return _with_segment(buf.getvalue(), 0xED, photoshop) + PAYLOAD


def _process(data: bytes, dest: Path, **settings: object) -> ProcessedImage:
    result = process_image(data, "anh.jpg", dest, "anh-mau", PhotoSettings(**settings))
    assert result.value is not None, [str(m) for m in result.messages]
    return result.value


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as im:
        return im.convert("RGB").tobytes()


def _quantization(data: bytes) -> object:
    with Image.open(io.BytesIO(data)) as im:
        return im.quantization  # type: ignore[attr-defined]


def test_a_publishable_phone_jpeg_is_kept_pixel_for_pixel_without_gps_comment_or_trailing_payload(tmp_path: Path) -> None:
    data = _phone_jpeg()
    with Image.open(io.BytesIO(data)) as fixture:  # the fixture really carries all of it
        assert fixture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert len(metadata_in(data)) >= 5 and PAYLOAD in data

    processed = _process(data, tmp_path)

    out = processed.path.read_bytes()
    assert metadata_in(out) == []
    for secret in (b"Exif", b"GPS", SERIAL, b"PhoneCo", b"0903111222", b"Photoshop", b"PK\x03\x04", b"<script>"):
        assert secret not in out
    with Image.open(processed.path) as published:
        assert not published.getexif() and "icc_profile" not in published.info
        assert published.size == (1200, 900) == (processed.width, processed.height)
    assert _pixels(out) == _pixels(data)  # not re-encoded: the contributor's pixels exactly
    assert out.startswith(b"\xff\xd8" + JFIF) and out.endswith(b"\xff\xd9")
    assert [(v.width, v.height) for v in processed.variants] == [(240, 180), (480, 360), (960, 720)]
    for variant in processed.variants:
        assert metadata_in(variant.path.read_bytes()) == []


def test_a_comment_hiding_an_end_of_image_marker_and_a_script_is_dropped_whole(tmp_path: Path) -> None:
    data = _phone_jpeg(comment=b"\xff\xd9<script>alert(1)</script>")

    out = _process(data, tmp_path).path.read_bytes()

    assert b"<script>" not in out and metadata_in(out) == []
    assert _pixels(out) == _pixels(data)


def test_a_progressive_jpeg_with_restart_markers_is_kept_with_the_same_pixels(tmp_path: Path) -> None:
    data = _phone_jpeg(progressive=True, restart_marker_blocks=4)

    out = _process(data, tmp_path).path.read_bytes()

    assert _pixels(out) == _pixels(data) and metadata_in(out) == []
    with Image.open(io.BytesIO(out)) as im:
        assert im.info.get("progressive")


def _sideways() -> bytes:
    return _phone_jpeg(orientation=6)


def _wide_gamut() -> bytes:
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    return _phone_jpeg(icc_profile=lab)


def _bloated() -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((1200, 900), 80).convert("RGB").save(buf, "JPEG", quality=95, exif=_gps_exif())
    return buf.getvalue() + PAYLOAD


def _cmyk() -> bytes:
    buf = io.BytesIO()
    _photo().convert("CMYK").save(buf, "JPEG", quality=80, exif=_gps_exif(), comment=b"0903111222")
    return buf.getvalue() + PAYLOAD


@pytest.mark.parametrize(
    "make_data, settings",
    [(_sideways, {}), (_wide_gamut, {}), (_bloated, {}), (_cmyk, {}), (_phone_jpeg, {"max_side": 1000})],
    ids=["needs-rotation", "not-srgb", "too-many-bytes-per-pixel", "cmyk", "larger-than-max-side"],
)
def test_a_jpeg_not_fit_to_publish_as_it_is_is_re_encoded_from_its_pixels_and_carries_nothing_else(
    tmp_path: Path, make_data, settings  # type: ignore[no-untyped-def]
) -> None:
    data = make_data()

    processed = _process(data, tmp_path, **settings)

    out = processed.path.read_bytes()
    assert metadata_in(out) == [] and PAYLOAD not in out and SERIAL not in out
    assert _quantization(out) != _quantization(data)  # encoded again, at the site's quality


def test_an_rgb_coded_jpeg_is_re_encoded_so_its_colours_stay_right(tmp_path: Path) -> None:
    red = Image.new("RGB", (300, 200), (220, 20, 20))
    buf = io.BytesIO()
    red.save(buf, "JPEG", quality=80, keep_rgb=True)  # Adobe APP14, transform 0: RGB, not YCbCr
    assert strip_jpeg(buf.getvalue()) is None

    out = _process(buf.getvalue(), tmp_path)

    with Image.open(out.path) as published:
        r, g, b = published.convert("RGB").getpixel((150, 100))  # type: ignore[misc]
        assert r > 180 and g < 60 and b < 60


def _baseline() -> bytes:
    buf = io.BytesIO()
    _photo((320, 240)).save(buf, "JPEG", quality=80, comment=b"x")
    return buf.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[:2] + b"\xff\xe1\xff\xf0Exif\0\0" + d[2:],  # a length running past the end
        lambda d: d[:2] + b"\xff\xe1\x00\x01" + d[2:],  # a length below its own two bytes
        lambda d: d[: len(d) // 2],  # truncated: no end-of-image marker
        lambda d: d[:2] + b"garbage" + d[2:],  # bytes where a marker belongs
        lambda d: d.replace(b"\xff\xc0", b"\xff\xc9", 1),  # arithmetic coding
        lambda d: d.replace(b"\xff\xc0\x00\x11\x08", b"\xff\xc0\x00\x11\x0c", 1),  # 12-bit samples
        lambda d: d[:-2] + b"\xff\xc0" + d[d.index(b"\xff\xc0") + 2: d.index(b"\xff\xc0") + 19] + b"\xff\xd9",
        lambda d: b"\xff\xd8" + b"\xff\xfe\x00\x04ab" * 2000 + d[2:],  # more segments than any photo has
        lambda d: b"",
        lambda d: d.replace(b"\xff\xfe\x00\x03x", b"\xff\xdb\x00\x03x", 1),  # a comment posing as a table
        lambda d: d[:2] + b"\xff\xdd\x00\x05abc" + d[2:],  # a bloated DRI
    ],
    ids=["length-past-end", "length-too-short", "truncated", "garbage", "arithmetic", "12-bit",
         "second-frame", "too-many-segments", "empty", "comment-as-table", "payload-in-restart-interval"],
)
def test_the_segment_walker_gives_up_on_anything_it_cannot_vouch_for(damage) -> None:  # type: ignore[no-untyped-def]
    assert strip_jpeg(_baseline()) is not None  # the undamaged file is accepted

    assert strip_jpeg(damage(_baseline())) is None


def test_a_progressive_file_with_more_scans_than_any_encoder_writes_is_not_kept() -> None:
    buf = io.BytesIO()
    _photo((64, 64)).save(buf, "JPEG", progressive=True)
    data = buf.getvalue()
    last_scan = data.rindex(b"\xff\xda")
    many = data[:last_scan] + data[last_scan:-2] * 80 + b"\xff\xd9"

    assert strip_jpeg(data) is not None and strip_jpeg(many) is None


def test_fill_bytes_and_stuffed_bytes_leave_the_pixels_unchanged() -> None:
    data = _baseline()
    sos = data.index(b"\xff\xda")
    padded = data[:sos] + b"\xff\xff\xff" + data[sos:-2] + b"\xff\xff\xd9"

    stripped = strip_jpeg(padded)

    assert stripped is not None and _pixels(stripped.data) == _pixels(data)
    assert b"\xff\xff" not in stripped.data


_SEED = _phone_jpeg((96, 64))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_SEED) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       st.integers(0, len(_SEED)))
def test_a_damaged_jpeg_is_either_given_up_on_or_stripped_to_nothing_but_its_image(
    edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(_SEED)
    for at, value in edits:
        data[at] = value

    stripped = strip_jpeg(bytes(data[:cut]) + bytes(data[cut:]) if cut % 2 else bytes(data[:cut]))

    if stripped is not None:
        assert metadata_in(stripped.data) == []
        assert stripped.data.startswith(b"\xff\xd8" + JFIF) and stripped.data.endswith(b"\xff\xd9")
