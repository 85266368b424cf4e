"""Photos published as they are, in one pass, without a Pelican object per file.

Pelican's static generator reads every file under STATIC_PATHS into a `Static` content object (path
metadata, a slug, URL and file name formatted from settings): 22,000 photos at 10,000 articles, a
sixth of a rebuild in which no photo changed. A photo needs none of that here: its address is its
path (STATIC_URL and STATIC_SAVE_AS are "{path}"), and `{attach}` never moves it (the URLs are fixed
before any body is rendered: `shared.freeze_urls`). So the folders in PHOTO_PATHS are walked once:

- each file is registered in Pelican's `static_content` under its path, as a small `Photo` with the
  `url` an article's `{static}` link reads, and is taken out of `static_links` so the static
  generator does not read it again (a link to a missing photo stays there: Pelican handles it as
  before, with its warning and the same address in the page);
- in the output, a photo is placed when it is missing or its source is newer (Pelican's
  STATIC_CHECK_IF_MODIFIED rule): hard-linked when it is an image, copied otherwise (a link never
  falls back to a symbolic link, which rsync would publish as a dangling link, and a file some later
  step may rewrite in place, such as an HTML page minified, is never shared with content/);
- the photos placed are listed in CACHE_PATH (`photos-<site>.json`), so a photo deleted or moved in
  content/ is removed from the output by the next build, with its teaser thumbnail, as a clean build
  would leave them out.
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import posixize_path

from pipeline.site.thumbs import thumb_path
from pipeline.site.writer import manifest_path, read_manifest, write_manifest

log = logging.getLogger(__name__)

# Linked, not copied: image formats nothing rewrites after the build.
LINKED = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"})
MANIFEST_VERSION = 1


class Photo:
    """What a `{static}` link reads of a photo (Pelican's `_link_replacer` uses `url` and `attach_to`)."""

    __slots__ = ("save_as", "source_path", "url")

    def __init__(self, source_path: str, url: str, save_as: str) -> None:
        self.source_path = source_path
        self.url = url
        self.save_as = save_as

    def attach_to(self, content: Any) -> None:
        """`{attach}` keeps a photo where it is (its address is already in other pages)."""

    def get_relative_source_path(self, source_path: str | None = None) -> str:
        return self.source_path


def photo_files(root: str, folders: list[str], ignores: list[str], exclude: list[str]) -> list[str]:
    """Every file under the folders (relative to root, '/'-separated), as Pelican's `get_files` finds them."""
    excluded = {os.path.normpath(os.path.join(root, e)) for e in exclude}
    # One expression for all the patterns, matched as fnmatch does on this system (case as the OS).
    ignored = re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in ignores) or "(?!)")
    found: list[str] = []
    for folder in folders:
        top = os.path.join(root, folder)
        if not os.path.isdir(top):
            continue
        for dirpath, dirs, files in os.walk(top, topdown=True, followlinks=True):
            dirs[:] = [d for d in dirs if os.path.join(dirpath, d) not in excluded
                       and not ignored.match(os.path.normcase(d))]
            rel = posixize_path(os.path.relpath(dirpath, root))
            found.extend(f"{rel}/{f}" for f in files if not ignored.match(os.path.normcase(f)))
    found.sort()
    return found


def place(source: str, dest: str) -> bool:
    """Put source at dest unless dest is the same file or newer; True when something was written."""
    try:
        target = os.stat(dest)
    except FileNotFoundError:
        target = None
    if target is not None:
        stat = os.stat(source)
        if os.path.samestat(stat, target) or stat.st_mtime - target.st_mtime <= 0.000001:
            return False
        os.unlink(dest)  # never write through a link into another file
    else:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
    if os.path.splitext(dest)[1].lower() in LINKED and not os.path.islink(source):
        try:
            os.link(source, dest)
            return True
        except OSError:  # another file system, or links not allowed: a copy
            pass
    shutil.copy2(source, dest)
    return True


class PhotoGenerator:
    """A Pelican generator (returned by the `get_generators` signal) for the folders in PHOTO_PATHS."""

    def __init__(self, context: dict, settings: dict, path: str, theme: str, output_path: str,
                 **_kwargs: Any) -> None:
        self.context = context
        self.settings = settings
        self.path = path
        self.output_path = output_path
        self.photos: list[Photo] = []

    def generate_context(self) -> None:
        folders = list(self.settings.get("PHOTO_PATHS") or [])
        files = photo_files(self.path, folders, list(self.settings.get("IGNORE_FILES") or []),
                            list(self.settings.get("STATIC_EXCLUDES") or []))
        url_format, save_format = self.settings["STATIC_URL"], self.settings["STATIC_SAVE_AS"]
        sources = self.context["generated_content"]  # articles and pages are never photos
        registry, links = self.context["static_content"], self.context["static_links"]
        for rel in files:
            if rel in sources or rel in registry:
                continue
            photo = Photo(rel, url_format.format(path=rel), save_format.format(path=rel))
            registry[rel] = photo
            links.discard(rel)
            self.photos.append(photo)

    def generate_output(self, _writer: Any) -> None:
        manifest = manifest_path(self.settings, self.output_path, "photos")
        before = _load(manifest)
        placed = 0
        for photo in self.photos:
            try:
                if place(os.path.join(self.path, photo.source_path), os.path.join(self.output_path, photo.save_as)):
                    placed += 1
            except OSError as error:  # as Pelican's copy: the build goes on without this file
                log.warning("Không chép được ảnh %s vào trang: %s", photo.source_path, error)
        current = [photo.save_as for photo in self.photos]
        removed = _remove_stale(self.output_path, set(before) - set(current), set(current))
        _save(manifest, current)
        log.debug("Ảnh: %d đặt vào, %d đã xoá, %d giữ nguyên.", placed, removed,
                  len(self.photos) - placed)


def _remove_stale(output: str, stale: set[str], current: set[str]) -> int:
    """Photos placed by an earlier build and gone from content/, their teaser thumbnails
    (pipeline/site/thumbs.py), and the folders they leave empty."""
    removed = 0
    for rel in sorted(stale):
        dest = os.path.join(output, rel)
        try:
            os.unlink(dest)
            removed += 1
        except OSError:
            continue
        if thumb_path(rel) not in current:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(output, thumb_path(rel)))
        folder = os.path.dirname(dest)
        while os.path.abspath(folder) != os.path.abspath(output):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
    return removed


def _load(path: Path | None) -> list[str]:
    return list(read_manifest(path, "photos", MANIFEST_VERSION) or [])


def _save(path: Path | None, photos: list[str]) -> None:
    if path is None:
        return
    try:
        write_manifest(path, "photos", MANIFEST_VERSION, photos)
    except OSError as error:
        log.warning("Không ghi được danh sách ảnh đã đặt vào trang '%s': %s", path, error)


def get_generators(_pelican: Any) -> type[PhotoGenerator]:
    return PhotoGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
