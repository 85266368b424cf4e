"""Draw the theme's raster images: the default share preview (1200×630) and the 512 px logo.

Run once after changing the site's name or colours: python theme/tools/make_images.py
The PNGs are committed, so builds never need this script or its fonts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.core.config import load_config

BRAND, BRAND_DARK, ACCENT, GOLD = (10, 74, 143), (6, 50, 95), (200, 16, 46), (255, 212, 59)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
OUT = ROOT / "theme" / "static" / "img"


def star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    import math

    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.42
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=GOLD)


def emblem(size: int) -> Image.Image:
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse([0, 0, size - 1, size - 1], fill=BRAND)
    w = max(2, size // 22)
    d.ellipse([size * 0.08, size * 0.08, size * 0.92, size * 0.92], outline=ACCENT, width=w)
    star(d, size / 2, size * 0.42, size * 0.26)
    font = ImageFont.truetype(FONT, int(size * 0.17))
    d.text((size / 2, size * 0.8), "CĐ", font=font, fill="white", anchor="mm")
    return im


def fitted(draw: ImageDraw.ImageDraw, text: str, path: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest font up to `size` that keeps the line within `width` pixels."""
    while size > 12:
        font = ImageFont.truetype(path, size)
        if draw.textlength(text, font=font) <= width:
            return font
        size -= 2
    return ImageFont.truetype(path, size)


def share_image(site_name: str, federation: str, tagline: str, host: str) -> Image.Image:
    im = Image.new("RGB", (1200, 630), BRAND)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, 1200, 14], fill=ACCENT)
    d.rectangle([0, 560, 1200, 630], fill=BRAND_DARK)
    d.rectangle([0, 556, 1200, 560], fill=ACCENT)
    im.paste(emblem(260), (90, 150), emblem(260))
    width = 1200 - 400 - 60
    d.text((400, 200), federation.upper(), font=fitted(d, federation.upper(), FONT_REGULAR, 30, width), fill="white")
    d.text((400, 250), site_name.upper(), font=fitted(d, site_name.upper(), FONT, 62, width), fill="white")
    d.text((400, 345), tagline, font=fitted(d, tagline, FONT_REGULAR, 26, width), fill=(230, 238, 248))
    d.text((90, 578), host, font=ImageFont.truetype(FONT, 28), fill=GOLD)
    return im


def main() -> None:
    config = load_config(ROOT / "editorial.yml")
    OUT.mkdir(parents=True, exist_ok=True)
    host = config.site.url.split("://", 1)[-1].rstrip("/")
    share_image(config.site.name, config.site.federation, config.site.tagline, host).save(
        OUT / "chia-se.png", optimize=True)
    emblem(512).save(OUT / "logo-512.png", optimize=True)


if __name__ == "__main__":
    main()
