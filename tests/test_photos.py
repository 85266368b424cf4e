from __future__ import annotations

import io
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw

from pipeline.core.messages import Level, Result
from pipeline.intake.photos import (
    ACCEPTED_EXTENSIONS,
    WEB_EXTENSIONS,
    ImageVariant,
    PhotoSettings,
    ProcessedImage,
    process_image,
)
from tests.hostile.files import COLOURS, animated_gif, hostile_gif, jpeg_with_everything
from tests.hostile.images import metadata_in, scan_images

RED = (220, 20, 20)
BLUE = (20, 20, 220)


def _encode(im: Image.Image, fmt: str, **options: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **options)
    return buf.getvalue()


def _photo_like(size: tuple[int, int]) -> Image.Image:
    """Smooth noise in three channels: thousands of colours, like a photograph."""
    small = (max(2, size[0] // 30), max(2, size[1] // 30))
    bands = [Image.effect_noise(small, 70).point(lambda v: v // 2 + 64) for _ in range(3)]
    return Image.merge("RGB", bands).resize(size, Image.Resampling.BILINEAR)


def _drawing(size: tuple[int, int]) -> Image.Image:
    im = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(im)
    draw.rectangle((20, 20, size[0] // 2, size[1] // 2), fill=RED, outline="black", width=4)
    draw.ellipse((size[0] // 2, size[1] // 3, size[0] - 20, size[1] - 20), fill=BLUE)
    draw.line((0, size[1] - 1, size[0] - 1, 0), fill="green", width=6)
    return im


def _process(
    data: bytes, name: str, dest: Path, **settings: object
) -> Result[ProcessedImage | None]:
    return process_image(data, name, dest, "anh-mau", PhotoSettings(**settings))


def _only_value(result: Result[ProcessedImage | None]) -> ProcessedImage:
    assert not result.has_errors, [str(m) for m in result.messages]
    assert result.value is not None
    return result.value


def test_rotated_jpeg_with_gps_comes_out_upright_and_without_any_metadata(tmp_path: Path) -> None:
    im = Image.new("RGB", (400, 200), RED)
    im.paste(BLUE, (200, 0, 400, 200))  # stored: red left, blue right
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (10.0, 14.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (106.0, 22.0, 15.0),
    }
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret-place</x:xmpmeta>'
    data = _encode(
        im, "JPEG", exif=exif, xmp=xmp, comment=b"secret-comment", icc_profile=srgb
    )
    with Image.open(io.BytesIO(data)) as fixture:  # the fixture really carries GPS
        assert fixture.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    processed = _only_value(_process(data, "dien-thoai.jpg", tmp_path))

    assert processed.path == tmp_path / "anh-mau.jpg"
    assert (processed.width, processed.height) == (200, 400)
    raw = processed.path.read_bytes()
    for secret in (b"Exif", b"PhoneCo", b"secret-place", b"secret-comment", b"ICC_PROFILE"):
        assert secret not in raw
    with Image.open(processed.path) as out:
        assert out.size == (200, 400)
        assert not out.getexif()
        assert "exif" not in out.info and "icc_profile" not in out.info
        # Orientation 6 turns the stored image clockwise: the red left half ends on top.
        assert _near(out.convert("RGB").getpixel((100, 50)), RED)
        assert _near(out.convert("RGB").getpixel((100, 350)), BLUE)


def _near(pixel: object, colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def test_huge_photo_like_bmp_scan_is_accepted_and_scaled_down_to_a_1600_px_jpeg(
    tmp_path: Path,
) -> None:
    scan = tmp_path / "scan.bmp"
    big = _photo_like((12000, 9000))
    big.save(scan)
    del big
    data = scan.read_bytes()

    result = _process(data, "ban-quet-lon.bmp", tmp_path / "out")
    del data

    processed = _only_value(result)
    assert processed.path.suffix == ".jpg"
    assert (processed.width, processed.height) == (1600, 1200)
    with Image.open(processed.path) as out:
        assert out.format == "JPEG" and out.size == (1600, 1200)
    assert [v.width for v in processed.variants] == [240, 480, 960]


def test_bmp_drawing_with_few_colours_becomes_png(tmp_path: Path) -> None:
    data = _encode(_drawing((800, 600)), "BMP")

    processed = _only_value(_process(data, "so-do.bmp", tmp_path))

    assert processed.path == tmp_path / "anh-mau.png"
    with Image.open(processed.path) as out:
        assert out.format == "PNG" and out.size == (800, 600)
        assert out.convert("RGB").getpixel((5, 5)) == (255, 255, 255)  # lossless


def test_greyscale_photo_bmp_becomes_jpeg_despite_having_at_most_256_shades(
    tmp_path: Path,
) -> None:
    data = _encode(_photo_like((900, 600)).convert("L"), "BMP")

    processed = _only_value(_process(data, "anh-den-trang.bmp", tmp_path))

    assert processed.path.suffix == ".jpg"


def test_rgba_png_keeps_its_transparency(tmp_path: Path) -> None:
    im = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((50, 50, 250, 250), fill=(*RED, 255))
    data = _encode(im, "PNG")

    processed = _only_value(_process(data, "logo.png", tmp_path))

    assert processed.path.suffix == ".png"
    with Image.open(processed.path) as out:
        assert out.mode == "RGBA"
        assert out.getpixel((5, 5))[3] == 0
        assert out.getpixel((150, 150))[3] == 255


def test_webp_photo_becomes_jpeg_and_transparent_webp_becomes_png(tmp_path: Path) -> None:
    photo = _encode(_photo_like((640, 480)), "WEBP", quality=90)
    sticker = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    sticker.paste((*BLUE, 255), (50, 50, 150, 150))

    as_jpeg = _only_value(_process(photo, "a.webp", tmp_path / "photo"))
    as_png = _only_value(_process(_encode(sticker, "WEBP", lossless=True), "b.webp", tmp_path))

    assert as_jpeg.path.suffix == ".jpg"
    assert as_png.path.suffix == ".png"


def test_animated_gif_is_re_encoded_frame_by_frame_and_keeps_only_its_pixels(tmp_path: Path) -> None:
    data = hostile_gif((2000, 100), duration=150)
    assert metadata_in(data)  # the input really carries XMP, a comment and a trailing script

    processed = _only_value(_process(data, "hoat-hinh.gif", tmp_path))

    out = processed.path.read_bytes()
    assert processed.path == tmp_path / "anh-mau.gif"
    assert metadata_in(out) == []
    assert b"<script>" not in out and b"0903111222" not in out and b"XMP" not in out
    with Image.open(processed.path) as im:
        assert im.n_frames == 3 and im.size == (1600, 80) == (processed.width, processed.height)
        colours = []
        for frame in range(im.n_frames):
            im.seek(frame)
            colours.append(im.convert("RGB").getpixel((800, 40)))
            assert im.info["duration"] == 150
    assert colours == list(COLOURS)
    assert processed.variants == ()


def test_an_animation_whose_frames_together_exceed_the_pixel_budget_is_refused(tmp_path: Path) -> None:
    result = _process(animated_gif((100, 100)), "dai.gif", tmp_path, max_pixels=25_000)

    assert result.value is None and [m.code for m in result.messages] == ["BT863"]


def test_jpeg_with_exif_gps_xmp_comment_and_trailing_bytes_comes_out_with_pixels_only(tmp_path: Path) -> None:
    data = jpeg_with_everything()
    assert len(metadata_in(data)) >= 4

    processed = _only_value(_process(data, "anh.jpg", tmp_path))

    assert metadata_in(processed.path.read_bytes()) == []


def test_truncated_animated_gif_is_refused_rather_than_copied(tmp_path: Path) -> None:
    frames = [Image.effect_noise((200, 100), 50).convert("RGB") for _ in range(4)]
    data = _encode(frames[0], "GIF", save_all=True, append_images=frames[1:])

    result = _process(data[: len(data) * 3 // 4], "hong.gif", tmp_path)

    assert result.value is None
    assert [m.code for m in result.messages] == ["BT861"]


def test_still_gif_becomes_png(tmp_path: Path) -> None:
    data = _encode(_drawing((300, 200)).convert("P"), "GIF")

    processed = _only_value(_process(data, "tinh.gif", tmp_path))

    assert processed.path.suffix == ".png"


@pytest.mark.parametrize(
    "make_data",
    [
        lambda: _encode(_photo_like((800, 600)), "JPEG")[:3000],  # truncated
        lambda: bytes(range(256)) * 40,  # random bytes behind a .jpg name
        lambda: b"",
    ],
    ids=["truncated", "garbage", "empty"],
)
def test_corrupt_jpeg_is_refused_with_a_vietnamese_message_naming_the_file(
    tmp_path: Path, make_data: Callable[[], bytes]
) -> None:
    result = _process(make_data(), "x.jpg", tmp_path / "out")

    assert result.value is None
    [message] = result.messages
    assert message.level is Level.ERROR
    assert message.file == "x.jpg"
    assert message.text == "Ảnh 'x.jpg' bị hỏng hoặc không đọc được, hãy gửi lại ảnh gốc."
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_file_that_is_not_an_accepted_image_is_refused_as_unsupported(tmp_path: Path) -> None:
    result = _process(b"%PDF-1.7\n...", "bao-cao.pdf", tmp_path)

    assert result.value is None
    [message] = result.messages
    assert message.code == "BT862" and "'bao-cao.pdf'" in message.text


@pytest.mark.parametrize("size", [(200, 100), (1000, 1000)], ids=["just-over", "far-over"])
def test_image_above_the_configured_pixel_limit_is_refused(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    # far-over also trips Pillow's own bomb guard (twice the limit); both read the same way.
    data = _encode(Image.new("L", size), "PNG")

    result = _process(data, "bom.png", tmp_path, max_pixels=10_000)

    assert result.value is None
    [message] = result.messages
    assert message.level is Level.ERROR and message.code == "BT863"
    assert message.text.startswith("Ảnh 'bom.png' quá lớn") and "thu nhỏ" in message.text
    assert not any(tmp_path.iterdir())


def test_pixel_limit_is_restored_after_processing(tmp_path: Path) -> None:
    before = Image.MAX_IMAGE_PIXELS
    _process(_encode(Image.new("L", (50, 50)), "PNG"), "a.png", tmp_path, max_pixels=10)
    assert Image.MAX_IMAGE_PIXELS == before


@pytest.mark.parametrize(
    ("size", "variant_widths"), [((700, 500), [240, 480]), ((300, 200), [240]), ((200, 150), [])]
)
def test_small_image_is_not_upscaled_and_gets_no_variant_wider_than_itself(
    tmp_path: Path, size: tuple[int, int], variant_widths: list[int]
) -> None:
    data = _encode(_photo_like(size), "JPEG")

    processed = _only_value(_process(data, "nho.jpg", tmp_path))

    assert (processed.width, processed.height) == size
    assert [v.width for v in processed.variants] == variant_widths


def test_variants_have_the_requested_widths_ascending_and_matching_files(
    tmp_path: Path,
) -> None:
    data = _encode(_photo_like((2000, 1000)), "JPEG")

    processed = _only_value(
        _process(data, "rong.jpg", tmp_path, widths=(960, 240, 480, 4000))
    )

    assert (processed.width, processed.height) == (1600, 800)
    assert processed.variants == (
        ImageVariant(tmp_path / "anh-mau-240w.jpg", 240, 120),
        ImageVariant(tmp_path / "anh-mau-480w.jpg", 480, 240),
        ImageVariant(tmp_path / "anh-mau-960w.jpg", 960, 480),
    )
    for variant in processed.variants:
        with Image.open(variant.path) as out:
            assert out.size == (variant.width, variant.height)
            assert not out.getexif()


def test_max_side_is_configurable_and_applies_to_the_long_side(tmp_path: Path) -> None:
    data = _encode(_photo_like((600, 1200)), "PNG")

    processed = _only_value(_process(data, "doc.png", tmp_path, max_side=400, widths=()))

    assert (processed.width, processed.height) == (200, 400)


def test_tiff_orientation_is_applied_and_page_count_is_warned_about(tmp_path: Path) -> None:
    first = _photo_like((300, 100))
    data = _encode(first, "TIFF", save_all=True, append_images=[first], tiffinfo={274: 8})

    result = _process(data, "quet.tiff", tmp_path)

    processed = _only_value(result)
    assert (processed.width, processed.height) == (100, 300)
    [message] = result.messages
    assert message.level is Level.WARNING and "khung hình đầu tiên" in message.text


def test_files_are_written_atomically_and_readable_by_the_web_server(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b"
    data = _encode(_photo_like((1000, 800)), "JPEG")

    _only_value(_process(data, "x.jpg", dest))
    processed = _only_value(_process(data, "x.jpg", dest))  # overwriting is fine too

    names = sorted(p.name for p in dest.iterdir())
    assert names == ["anh-mau-240w.jpg", "anh-mau-480w.jpg", "anh-mau-960w.jpg", "anh-mau.jpg"]
    assert stat.S_IMODE(processed.path.stat().st_mode) == 0o644


def test_stem_that_is_not_a_slug_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        process_image(b"", "x.jpg", tmp_path, "../escape")


def test_extension_sets_describe_web_and_accepted_formats() -> None:
    assert WEB_EXTENSIONS < ACCEPTED_EXTENSIONS
    assert {".bmp", ".tif", ".tiff", ".webp"} == ACCEPTED_EXTENSIONS - WEB_EXTENSIONS


def test_every_file_written_for_every_kind_of_input_carries_nothing_but_pixels(tmp_path: Path) -> None:
    from PIL.PngImagePlugin import PngInfo

    exif = Image.Exif()
    exif[0x010F] = "Camera 0903111222"
    text = PngInfo()
    text.add_text("Author", "minh.ngo@example.vn")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS</x:xmpmeta>")
    photo = _photo_like((1100, 700))
    inputs = {
        "a.jpg": jpeg_with_everything((1100, 700)),
        "b.png": _encode(_drawing((1000, 700)), "PNG", pnginfo=text, exif=exif) + b"<script>",
        "c.webp": _encode(photo, "WEBP", exif=exif, xmp=b"<x:xmpmeta>GPS</x:xmpmeta>"),
        "d.tif": _encode(photo, "TIFF", exif=exif),
        "e.gif": hostile_gif(),
        "f.bmp": _encode(photo, "BMP"),
    }
    for n, (name, data) in enumerate(inputs.items()):
        _only_value(process_image(data, name, tmp_path, f"anh-{n}"))
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) >= len(inputs) + 4  # variants included
    assert scan_images(tmp_path) == {}
