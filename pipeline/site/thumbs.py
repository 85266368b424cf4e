"""Teaser thumbnails at the size of their slot.

A teaser's photo is 120 px wide on a phone and 192 px on a wide screen, so it needs a THUMB_WIDTH
file (`anh-1-240w.jpg`, for 120 px slots on 2× screens and 192 px slots on 1× screens). Ingest makes
it with the other widths (editorial.yml `photos.widths` lists 240), once per photo. A photo ingested
before that, or with a `widths` list without 240, gets it here, after the build, next to the photo
in the output. The theme's `thumb_srcset` filter offers it with the 480 px variant for 192 px slots
on 2× screens.

Making one costs a JPEG decode: from ingest's 480 px variant (at half scale) when there is one, since
decoding the full photo cost four times more. Thumbnails are kept in the build cache
(CACHE_PATH/thumbs, by the source file's path, size and time) and linked into the output, so a
clean publish build makes only new ones.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from pelican import signals
from PIL import Image

from pipeline.site.filters import first_image
from pipeline.site.visibility import is_listed

log = logging.getLogger(__name__)

THUMB_WIDTH = 240
# The teaser slot: 7.5rem beside the text on phones, 12rem from 40rem up (theme/static/css/site.css).
THUMB_SIZES = "(min-width: 40rem) 192px, 120px"


def thumb_path(path: str) -> str:
    """'images/2026/x/anh-1.jpg' → 'images/2026/x/anh-1-240w.jpg'."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}-{THUMB_WIDTH}w.{ext}" if dot else f"{path}-{THUMB_WIDTH}w"


def _small_variant(image: dict) -> dict | None:
    small = [v for v in image.get("variants") or [] if v.get("path") and v.get("width")
             and int(v["width"]) <= THUMB_WIDTH]
    return max(small, key=lambda v: int(v["width"])) if small else None


def thumb_src(src: str, image: dict) -> str:
    """A teaser's `src`: the smallest file at least THUMB_WIDTH wide we have (`src` is the main file's URL)."""
    small = _small_variant(image)
    if small is not None:  # variants sit next to the main file
        folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
        return folder + str(small["path"]).rsplit("/", 1)[-1]
    return thumb_path(src) if _needs_thumb(image) else src


def thumb_srcset(src: str, image: dict) -> str:
    """The thumbnail and the variants up to 480 px, for a teaser's `srcset` (`src` is the main file's URL)."""
    folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
    entries = {THUMB_WIDTH: thumb_path(src)} if _needs_thumb(image) else {}
    for v in image.get("variants") or []:  # a 240 px variant from ingest, and the 480 px one
        if v.get("path") and v.get("width") and int(v["width"]) <= 480:
            entries[int(v["width"])] = folder + str(v["path"]).rsplit("/", 1)[-1]
    if not entries or (image.get("width") and int(image["width"]) <= 480):
        entries[int(image.get("width") or 480)] = src
    return ", ".join(f"{path} {width}w" for width, path in sorted(entries.items()))


def _needs_thumb(image: dict) -> bool:
    width = image.get("width")
    return (not width or int(width) > THUMB_WIDTH) and _small_variant(image) is None


def thumb_source(image: dict, content: Path) -> str:
    """The file to make the thumbnail from: the smallest variant at least THUMB_WIDTH wide, else the photo.

    ingest's 480 px variant decodes at half scale straight to 240 px; the main photo (1,600 px and
    more) costs a pass over all its data and a resize: 2.9 ms of CPU against 0.66 ms per thumbnail.
    """
    wide = [v for v in image.get("variants") or [] if v.get("path") and v.get("width")
            and int(v["width"]) >= THUMB_WIDTH and (content / str(v["path"])).is_file()]
    return str(min(wide, key=lambda v: int(v["width"]))["path"]) if wide else str(image["path"])


def write_thumbnail(source: Path, dest: Path) -> bool:
    """Write dest from source unless it is already newer; False when the photo cannot be read."""
    try:
        if dest.exists() and dest.stat().st_mtime >= source.stat().st_mtime:
            return True
        dest.parent.mkdir(parents=True, exist_ok=True)
        with Image.open(source) as im:
            im.draft("RGB", (THUMB_WIDTH, 1))  # JPEG decodes at the smallest scale still this wide
            im.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 4))
            tmp = dest.with_name(dest.name + ".tmp")
            options = {"quality": 80} if im.mode == "RGB" else {}
            im.save(tmp, format=Image.registered_extensions().get(dest.suffix.lower(), "JPEG"), **options)
        os.replace(tmp, dest)
        return True
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("Không tạo được ảnh thu nhỏ %s: %s", dest.name, exc)
        return False


def place_thumbnail(source: Path, dest: Path, cache: Path | None) -> None:
    """dest (in the output) from the cached thumbnail of source, made first when missing or stale."""
    if dest.exists() and dest.stat().st_mtime >= source.stat().st_mtime:
        return
    if cache is None:
        write_thumbnail(source, dest)
        return
    stat = source.stat()
    kept = cache / f"{stat.st_size}-{stat.st_mtime_ns}" / dest.name
    if not write_thumbnail(source, kept):
        return
    try:
        dest.unlink(missing_ok=True)
        os.link(kept, dest)
    except OSError:  # another file system
        shutil.copy2(kept, dest)


# The build's articles, kept from the generators until the static files are in the output.
_articles: list[Any] = []


def remember_articles(generators: list[Any]) -> None:
    _articles[:] = [a for g in generators for a in getattr(g, "articles", None) or []]


def write_thumbnails(pelican: Any) -> None:
    content, output = Path(pelican.settings["PATH"]), Path(pelican.output_path)
    cache_root = pelican.settings.get("CACHE_PATH")
    for article in _articles:
        image = first_image(article) if is_listed(article) else None
        if image is None or not _needs_thumb(image):
            continue
        made_from = thumb_source(image, content)
        source = content / made_from
        dest = output / thumb_path(str(image["path"]))
        if source.is_file() and dest.parent.is_dir():
            cache = Path(cache_root) / "thumbs" / made_from if cache_root else None
            place_thumbnail(source, dest, cache)


def register() -> None:
    signals.all_generators_finalized.connect(remember_articles)
    signals.finalized.connect(write_thumbnails)
