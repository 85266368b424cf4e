"""Natural-looking photos for the ingest bench: smooth light, shapes with soft and hard edges, grain.

Random noise is the worst case for JPEG (every block full of detail), so a bench built on it
overstates decoding and encoding costs; a contributor's photo is mostly smooth areas (sky, walls,
skin, a banner) with edges and a little sensor grain. `photo()` draws that, deterministically
from a seed, at any size: a vertical light gradient, a few blurred blobs, sharp rectangles and
lines (banners, tables, text-like strokes), then mild grain at full resolution.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

# What contributors send (issue 11): phones' full-size photos, and photos already made smaller.
PHONE = (4000, 3000)
SIZES = (PHONE, (1600, 1200), (1280, 960), (1200, 1600), (2048, 1536))


def photo(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    small = (max(8, width // 8), max(8, height // 8))
    top = tuple(rnd.randint(60, 230) for _ in range(3))
    bottom = tuple(rnd.randint(20, 180) for _ in range(3))
    gradient = Image.linear_gradient("L").resize(small)
    im = Image.composite(Image.new("RGB", small, bottom), Image.new("RGB", small, top), gradient)
    draw = ImageDraw.Draw(im)
    for _ in range(rnd.randint(25, 60)):  # blobs: people, trees, chairs, shadows
        x, y = rnd.randrange(small[0]), rnd.randrange(small[1])
        r = rnd.randint(small[0] // 60, small[0] // 8)
        draw.ellipse((x - r, y - r // 2, x + r, y + r), fill=tuple(rnd.randint(0, 255) for _ in range(3)))
    im = im.filter(ImageFilter.GaussianBlur(1)).resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(im)
    for _ in range(rnd.randint(3, 7)):  # hard edges: banners, tables, windows
        x, y = rnd.randrange(width), rnd.randrange(height)
        w, h = rnd.randint(width // 12, width // 3), rnd.randint(height // 20, height // 6)
        draw.rectangle((x, y, x + w, y + h), fill=tuple(rnd.randint(0, 255) for _ in range(3)))
        for line in range(rnd.randint(1, 4)):  # a banner's lettering
            ly = y + (line + 1) * h // 6
            draw.line((x + w // 10, ly, x + w - w // 10, ly), fill=(250, 250, 240), width=max(2, h // 16))
    # Texture (foliage, fabric, a crowd) at a few pixels' scale, then sensor grain.
    texture = Image.effect_noise((max(1, width // 3), max(1, height // 3)), 40).resize(size, Image.Resampling.BICUBIC)
    im = Image.blend(im, Image.merge("RGB", (texture, texture, texture)), 0.18)
    grain = Image.effect_noise(size, rnd.randint(8, 16)).convert("RGB")
    return Image.blend(im, grain, 0.10)


def jpeg(rnd: random.Random, size: tuple[int, int], quality: int = 90, **options: object) -> bytes:
    buf = io.BytesIO()
    photo(rnd, size).save(buf, "JPEG", quality=quality, **options)
    return buf.getvalue()
