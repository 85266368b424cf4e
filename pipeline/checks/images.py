"""The images an article refers to (body and front matter), and what the files on disk are."""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from pipeline.checks.api import Context, Doc
from pipeline.checks.html_scan import scan_html

# ![alt](src "title"); the writer escapes ']' in alt text as '\]'.
MD_IMAGE = re.compile(
    r"!\[(?P<alt>(?:\\.|[^\]\\])*)\]\(\s*<?(?P<src>[^\s)>]+)>?(?:\s+(?P<q>[\"'])(?P<title>.*?)(?P=q))?\s*\)"
)
WEB_FORMATS = {"JPEG": {".jpg", ".jpeg"}, "MPO": {".jpg", ".jpeg"}, "PNG": {".png"}, "GIF": {".gif"}, "WEBP": {".webp"}}
WEB_EXTENSIONS = frozenset(ext for exts in WEB_FORMATS.values() for ext in exts)
IMAGE_EXTENSIONS = WEB_EXTENSIONS | {".bmp", ".tif", ".tiff", ".heic", ".heif", ".emf", ".wmf", ".svg", ".psd", ".avif"}
VARIANT = re.compile(r"^(?P<stem>.+)-\d+w$")


@dataclass(frozen=True)
class ImageRef:
    ref: str  # as written
    line: int | None
    where: str  # "body" or "images" (front matter)
    alt: str | None = None  # body only
    caption: str | None = None  # the title in the body, `caption` in front matter
    variant: bool = False  # a srcset width listed under `variants`


def image_refs(doc: Doc) -> list[ImageRef]:
    cached = doc.cache.get("image_refs")
    if cached is not None:
        return cached
    refs: list[ImageRef] = []
    if "![" in doc.article.body:
        for i, line in enumerate(doc.lines):
            if "![" not in line:
                continue
            for m in MD_IMAGE.finditer(line):
                alt = m["alt"].replace("\\]", "]").replace("\\[", "[").strip()
                refs.append(ImageRef(m["src"], doc.body_line(i), "body", alt, (m["title"] or "").strip()))
    for tag in scan_html(doc).tags:
        if tag.name == "img" and tag.attrs.get("src"):
            title = tag.attrs.get("title") or ""
            refs.append(ImageRef(tag.attrs["src"] or "", tag.line, "body", (tag.attrs.get("alt") or "").strip(), title.strip()))
    images = doc.meta.get("images")
    if isinstance(images, list):
        for item in images:
            if not isinstance(item, dict) or not isinstance(item.get("path"), str):
                continue
            path = item["path"]
            caption = item.get("caption")
            refs.append(ImageRef(path, doc.line_containing(path, "images"), "images", None,
                                 caption.strip() if isinstance(caption, str) else ""))
            for variant in item.get("variants") or []:
                if isinstance(variant, dict) and isinstance(variant.get("path"), str):
                    refs.append(ImageRef(variant["path"], doc.line_containing(variant["path"], "images"),
                                         "images", variant=True))
    doc.cache["image_refs"] = refs
    return refs


def resolve(ref: ImageRef, doc: Doc, ctx: Context) -> Path | None:
    """The file a reference points to (None for an address outside the site), once per article."""
    resolved: dict[str, Path | None] = doc.cache.setdefault("resolved", {})
    if ref.ref not in resolved:
        resolved[ref.ref] = ctx.static_path(ref.ref, doc)
    return resolved[ref.ref]


def distinct_files(doc: Doc, ctx: Context, variants: bool = True) -> list[tuple[ImageRef, Path | None]]:
    """Each referenced file once (the body's reference first), with where it resolves to."""
    out: list[tuple[ImageRef, Path | None]] = []
    seen: set[object] = set()
    for ref in image_refs(doc):
        if ref.variant and not variants:
            continue
        path = resolve(ref, doc, ctx)
        key = path if path is not None else ref.ref
        if key not in seen:
            seen.add(key)
            out.append((ref, path))
    return out


def exists(path: Path, ctx: Context) -> bool:
    cache: dict[Path, bool] = ctx.cache.setdefault("image_exists", {})
    if path not in cache:
        info = ctx.cache.get("image_info", {}).get(path)
        cache[path] = info.exists if info is not None else os.path.isfile(path)
    return cache[path]


@dataclass(frozen=True)
class ImageInfo:
    exists: bool
    size: int = 0
    format: str | None = None  # Pillow's name, None when unreadable
    width: int = 0
    height: int = 0
    too_many_pixels: bool = False


def probe(path: Path, ctx: Context) -> ImageInfo:
    """Size, format and dimensions from the file header (Pillow reads no pixels here)."""
    cache: dict[Path, ImageInfo] = ctx.cache.setdefault("image_info", {})
    if path in cache:
        return cache[path]
    info: ImageInfo
    try:
        size = path.stat().st_size
    except OSError:
        info = ImageInfo(False)
    else:
        if not path.is_file():
            info = ImageInfo(False)
        else:
            info = _read_header(path, size)
    cache[path] = info
    return info


def _read_header(path: Path, size: int) -> ImageInfo:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                return ImageInfo(True, size, im.format, im.width, im.height)
    except Image.DecompressionBombError:
        return ImageInfo(True, size, None, too_many_pixels=True)
    except Exception:  # noqa: BLE001 - any unreadable file is simply "not an image we can show"
        return ImageInfo(True, size, None)


def image_folder(doc: Doc, ctx: Context) -> Path | None:
    """content/images/<yyyy>/<slug>/, the folder the ingest step writes this article's photos to."""
    when = doc.datetime_of("date") or doc.datetime_of("submitted_at")
    slug = doc.meta.get("slug") if isinstance(doc.meta.get("slug"), str) else doc.path.stem
    if when is None or not slug:
        return None
    return ctx.content / "images" / f"{when:%Y}" / str(slug)


def is_variant_of(name: str, referenced_stems: set[str]) -> bool:
    """'anh-1-480w.jpg' belongs to 'anh-1.jpg' when that one is referenced."""
    m = VARIANT.match(Path(name).stem)
    return bool(m and m["stem"] in referenced_stems)
