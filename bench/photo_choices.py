"""The measurements behind `pipeline/intake/photos.py`'s choices (docs/benchmarks.md, "Photos").

On natural photos (the two real photographs of the shared samples when present, and the bench's
natural-looking ones from bench/natural_photos.py), prints:

- resampling filters against Lanczos for the 960 and 480 px variants: PSNR (dB, on RGB) and CPU ms;
- the main image of a 4000 × 3000 phone photo made from a DCT-scaled (draft) decode against a full
  decode, both then scaled to 1,600 px with Lanczos: PSNR and CPU ms;
- JPEG encodings of the 1,600 px main image at quality 85: bytes and CPU ms.

PSNR is exact here (the mean squared error from Pillow's difference histogram): above about 40 dB
two images are indistinguishable to the eye, JPEG at quality 85 itself scores about 38–42 dB.
Run: `.venv/bin/python bench/photo_choices.py`.
"""

from __future__ import annotations

import io
import math
import os
import random
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops

from bench.natural_photos import PHONE, SIZES, jpeg

# The shared samples, beside the checkout or where SAMPLES_DIR says (as tests/conftest.py reads them).
SAMPLES = Path(os.environ.get("SAMPLES_DIR") or ROOT.parent / "shared" / "samples") / "real" / "docx"
REAL = {"docx2python__example.docx": "word/media/image2.jpg", "nwe__test19.docx": "word/media/image1.jpeg"}
F = Image.Resampling


def psnr(a: Image.Image, b: Image.Image) -> float:
    histogram = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).histogram()
    squared = sum(count * (value % 256) ** 2 for value, count in enumerate(histogram))
    mse = squared / (a.width * a.height * 3)
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def cpu_ms(work: Callable[..., object], *args: object, repeat: int = 3, **kwargs: object) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.process_time()
        result = work(*args, **kwargs)
        best = min(best, time.process_time() - start)
    return best * 1000, result


def photos() -> list[tuple[str, bytes]]:
    found = []
    for package, member in REAL.items():
        if (SAMPLES / package).exists():
            with zipfile.ZipFile(SAMPLES / package) as z:
                found.append((f"real {package}", z.read(member)))
    rnd = random.Random(11)
    found += [(f"natural {w}×{h}", jpeg(rnd, (w, h))) for w, h in (*SIZES, PHONE)]
    return found


def main_image(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data)).convert("RGB")
    im.thumbnail((1600, 1600), F.LANCZOS)
    return im


def filters(samples: list[tuple[str, bytes]]) -> None:
    print("| photo | variant | filter | PSNR vs Lanczos | CPU ms (Lanczos) |")
    print("|---|---|---|---:|---:|")
    for name, data in samples:
        main = main_image(data)
        for width in (960, 480):
            size = (width, round(main.height * width / main.width))
            lanczos_ms, reference = cpu_ms(main.resize, size, F.LANCZOS)
            assert isinstance(reference, Image.Image)
            for label, resample in (("bicubic", F.BICUBIC), ("bilinear", F.BILINEAR), ("hamming", F.HAMMING)):
                ms, out = cpu_ms(main.resize, size, resample)
                assert isinstance(out, Image.Image)
                print(f"| {name} | {width} | {label} | {psnr(out, reference):.1f} | {ms:.0f} ({lanczos_ms:.0f}) |")
        half = main.resize((960, round(main.height * 960 / main.width)), F.LANCZOS)
        size = (480, round(main.height * 480 / main.width))
        reference = main.resize(size, F.LANCZOS)
        for label, resample in (("lanczos", F.LANCZOS), ("bicubic", F.BICUBIC)):
            ms, out = cpu_ms(half.resize, size, resample)
            assert isinstance(out, Image.Image)
            print(f"| {name} | 480 from 960 | {label} | {psnr(out, reference):.1f} | {ms:.0f} |")


def draft(samples: list[tuple[str, bytes]]) -> None:
    print("\n| photo | main from | PSNR vs full decode | CPU ms (full decode) |")
    print("|---|---|---:|---:|")
    for name, data in samples:
        with Image.open(io.BytesIO(data)) as probe:
            if max(probe.size) < 3200:
                continue
        full_ms, full = cpu_ms(main_image, data, repeat=2)

        def drafted(data: bytes) -> Image.Image:
            im = Image.open(io.BytesIO(data))
            scale = 1600 / max(im.size)
            im.draft("RGB", (round(im.width * scale), round(im.height * scale)))
            im = im.convert("RGB")
            im.thumbnail((1600, 1600), F.LANCZOS)
            return im

        ms, out = cpu_ms(drafted, data, repeat=2)
        assert isinstance(out, Image.Image) and isinstance(full, Image.Image)
        print(f"| {name} | draft 1/2 + Lanczos | {psnr(out, full):.1f} | {ms:.0f} ({full_ms:.0f}) |")


def encoded_size(im: Image.Image, options: dict[str, object]) -> int:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85, **options)
    return len(buf.getvalue())


def encodings(samples: list[tuple[str, bytes]]) -> None:
    print("\n| photo | encoding | bytes | CPU ms |")
    print("|---|---|---:|---:|")
    for name, data in samples:
        main = main_image(data)
        for label, options in (("baseline", {}), ("baseline, optimized", {"optimize": True}),
                               ("progressive", {"progressive": True}),
                               ("progressive, optimized", {"progressive": True, "optimize": True})):
            ms, size = cpu_ms(encoded_size, main, options)
            print(f"| {name} | {label} | {size:,} | {ms:.0f} |")


if __name__ == "__main__":
    chosen = photos()
    filters(chosen)
    draft(chosen)
    encodings(chosen)
