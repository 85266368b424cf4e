"""Where things live in content/: which files are articles, and the folders that are not.

The one list of those folders: the checks, the report, the Git history reader, CODEOWNERS and
Pelican's settings (pelicanconf.py: PAGE_PATHS, STATIC_PATHS) all read it from here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

PAGES = "pages"  # static pages: giới thiệu, liên hệ (Pelican PAGE_PATHS)
IMAGES = "images"  # photos: images/<yyyy>/<slug>/ (PHOTO_PATHS: pipeline/site/photos.py)
EXTRA = "extra"  # files published as they are (Pelican STATIC_PATHS)
STATIC = (IMAGES, EXTRA)
NOT_ARTICLES = (PAGES, *STATIC)


def is_article(rel_parts: Sequence[str]) -> bool:
    """A Markdown file under content/ (path parts relative to it) outside the folders above."""
    return bool(rel_parts) and rel_parts[-1].endswith(".md") and rel_parts[0] not in NOT_ARTICLES


def article_files(content: Path) -> list[str]:
    """Every article under `content`, as path strings in path order, without walking the photo folders.

    Strings, not Paths: a 10,000-article check lists them all, and Path objects cost too much there.
    """
    out: list[str] = []
    top = os.fspath(content)
    for folder, dirs, files in os.walk(top):
        if folder == top:
            dirs[:] = [d for d in dirs if d not in NOT_ARTICLES]
        out.extend(os.path.join(folder, f) for f in files if f.endswith(".md"))
    out.sort(key=lambda name: Path(name).parts if os.sep != "/" else name.split("/"))
    return out


def article_paths(content: Path) -> list[Path]:
    return [Path(name) for name in article_files(content)]
