"""The site search index: the project's own static index (pipeline/site/search_index.py) of the built site.

Run after Pelican: `pipeline search-index output` (the Makefile's `search-index` step). Only pages
with a `data-search-body` element are indexed (articles and static pages, search_pages.py), so
listings, withdrawn articles and the 404 page never show up in results. Why not Pagefind:
docs/site.md, "Search".
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.site.search_index import IndexWriter
from pipeline.site.search_pages import read_page

BUNDLE_DIR = "search-index"


@dataclass(frozen=True)
class SearchIndex:
    ok: bool
    pages: int
    message: str


def candidate_pages(site: Path) -> Iterator[Path]:
    """The only files that can carry `data-search-body`, in a fixed order: static pages at the top
    ({slug}.html, PAGE_SAVE_AS) and articles ({topic}/{yyyy}/{slug}.html, ARTICLE_SAVE_AS in
    pelicanconf.py). Listings (a third of the files) are never opened."""
    yield from sorted(site.glob("*.html"))
    yield from sorted(site.glob("*/[0-9][0-9][0-9][0-9]/*.html"))


def build_search_index(site: Path) -> SearchIndex:
    """Index `site` in place, writing the search bundle to `site/search-index/`."""
    site = Path(site)
    if not (site / "index.html").is_file():
        return SearchIndex(False, 0, f"Không có trang nào để lập chỉ mục tìm kiếm trong '{site}': hãy dựng trang trước.")
    bundle = site / BUNDLE_DIR
    # A bundle left from an earlier build would mix old and new index files.
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        writer = IndexWriter(bundle)
        for path in candidate_pages(site):
            page = read_page(path, site)
            if page is not None:
                writer.add(page)
        pages = writer.finish()
    except OSError as error:
        shutil.rmtree(bundle, ignore_errors=True)
        return SearchIndex(False, 0, f"Không ghi được chỉ mục tìm kiếm vào '{bundle}': {error.strerror or error}.")
    return SearchIndex(True, pages, f"Đã lập chỉ mục tìm kiếm: {pages} trang trong '{bundle}'.")
