"""Photos are scaled by libvips (pipeline/intake/resample.py) and look as Pillow would have scaled them.

libvips only ever receives pixels that Pillow decoded; its file loaders are blocked, so no
contributor's file can reach one of its decoders.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from pipeline.intake import resample
from pipeline.intake.bounded import run_bounded
from pipeline.intake.photos import process_image
from tests.test_photos import _encode, _photo_like

LANCZOS, BICUBIC = Image.Resampling.LANCZOS, Image.Resampling.BICUBIC


def _psnr(a: Image.Image, b: Image.Image) -> float:
    stat = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB")))
    mse = sum(v * v for v in stat.rms) / 3
    return 99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse)


def test_libvips_is_installed_with_the_pipeline():
    assert resample.with_vips()


@pytest.mark.parametrize("mode", ["RGB", "L"])
@pytest.mark.parametrize(("size", "target", "kind"), [
    ((2000, 1500), (1600, 1200), LANCZOS), ((1600, 1200), (960, 720), BICUBIC),
    ((961, 641), (480, 320), BICUBIC), ((3000, 1000), (1600, 533), LANCZOS),
])
def test_scaled_pixels_have_the_exact_size_and_match_pillows_scaling(mode, size, target, kind):
    im = _photo_like(size).convert(mode)
    ours = resample.resized(im, target, kind)
    assert (ours.mode, ours.size) == (mode, target)
    assert _psnr(ours, im.resize(target, kind)) > 45


def test_an_image_with_transparency_is_scaled_by_pillow_premultiplied():
    im = _photo_like((800, 600)).convert("RGBA")
    im.putalpha(Image.linear_gradient("L").resize(im.size))
    assert resample.resized(im, (400, 300), LANCZOS).tobytes() == im.resize((400, 300), LANCZOS).tobytes()


def test_each_smaller_size_is_scaled_from_the_one_before_it():
    im = _photo_like((1600, 1200))
    sizes = [(960, 720), (480, 360), (240, 180)]
    scaled = list(resample.scaled_in_turn(im, sizes, BICUBIC))
    assert [s.size for s in scaled] == sizes
    by_pillow, source = [], im
    for size in sizes:
        source = source.resize(size, BICUBIC)
        by_pillow.append(source)
    assert all(_psnr(a, b) > 45 for a, b in zip(scaled, by_pillow, strict=True))


@pytest.mark.parametrize("size", [(4000, 3000), (3000, 4000), (1601, 1), (1, 1601), (2049, 1537), (1600, 1600),
                                  (5000, 3333), (1599, 2400)])
def test_the_main_size_is_the_one_pillows_thumbnail_gives(size):
    thumb = Image.new("L", size)
    thumb.thumbnail((1600, 1600))
    assert resample.thumbnail_size(size, (1600, 1600)) == thumb.size


def test_libvips_refuses_to_read_any_file_itself():
    jpeg = _encode(_photo_like((64, 48)), "JPEG")
    vips = resample.library()
    with pytest.raises(vips.Error):
        vips.Image.new_from_buffer(jpeg, "")


def test_a_child_forked_after_libvips_ran_scales_with_pillow_instead_of_waiting_for_lost_threads():
    im = _photo_like((2000, 1500))
    resample.resized(im, (1600, 1200), LANCZOS)  # libvips has worked in this process
    assert run_bounded(_scale_in_child, (im,), 60, 1024) == ((1600, 1200), False)


def _scale_in_child(im: Image.Image) -> tuple[tuple[int, int], bool]:
    return resample.resized(im, (1600, 1200), LANCZOS).size, resample.with_vips()


def test_without_libvips_a_photo_gets_the_same_files_scaled_by_pillow(tmp_path: Path, monkeypatch):
    data = _encode(_photo_like((3000, 2000)), "JPEG", quality=92)
    with_vips = process_image(data, "anh.jpg", tmp_path / "vips", "anh-1").value
    monkeypatch.setattr(resample, "_library", False)
    with_pillow = process_image(data, "anh.jpg", tmp_path / "pillow", "anh-1").value
    assert with_vips is not None and with_pillow is not None
    assert (with_vips.width, with_vips.height) == (with_pillow.width, with_pillow.height) == (1600, 1067)
    pairs = [(with_vips.path, with_pillow.path)] + [
        (a.path, b.path) for a, b in zip(with_vips.variants, with_pillow.variants, strict=True)]
    assert [p.name for p, _ in pairs] == [p.name for _, p in pairs]
    for ours, theirs in pairs:
        a, b = Image.open(ours), Image.open(theirs)
        assert a.size == b.size and _psnr(a, b) > 40


def test_the_scaled_photo_is_published_without_any_trace_of_the_original_file(tmp_path: Path):
    im = _photo_like((2400, 1800))
    exif = Image.Exif()
    exif[0x010F] = "PhoneCo"
    data = _encode(im, "JPEG", quality=95, exif=exif.tobytes(), comment=b"secret")
    done = process_image(data, "anh.jpg", tmp_path, "anh-1").value
    assert done is not None
    for path in [done.path, *(v.path for v in done.variants)]:
        out = Image.open(io.BytesIO(path.read_bytes()))
        assert not out.getexif() and "comment" not in out.info
