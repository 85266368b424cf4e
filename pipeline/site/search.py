"""The site search index: Pagefind (from PyPI, its binary ships in the wheel) run over the built site.

Run after Pelican: `pipeline search-index output` (the Makefile's `search-index` step).
Only elements marked `data-pagefind-body` are indexed (articles and static pages), so listings,
withdrawn articles and the 404 page never show up in results.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"


@dataclass(frozen=True)
class SearchIndex:
    ok: bool
    pages: int
    message: str


# The only pages that can carry data-pagefind-body: static pages at the top ({slug}.html, PAGE_SAVE_AS)
# and articles ({topic}/{yyyy}/{slug}.html, ARTICLE_SAVE_AS in pelicanconf.py). Pagefind parses every
# file its glob matches before it drops those without a body; leaving out the listings (tag, topic,
# unit and month pages, pages 2…n: a third of the files) gives the same bundle with less time and memory
# (tests/test_site_search_scope.py builds both and compares them).
PAGES_GLOB = "{*.html,*/[0-9][0-9][0-9][0-9]/*.html}"
# A limit against a hung indexer, not a performance target: Pagefind's time grows with the pages (about
# 45 CPU seconds at 10,000 articles, several times that in wall time on a busy 2-core runner).
BASE_SECONDS = 300
SECONDS_PER_PAGE = 0.15


def pages_to_index(site: Path) -> int:
    return sum(1 for _ in site.glob("*.html")) + sum(1 for _ in site.glob("*/[0-9][0-9][0-9][0-9]/*.html"))


def time_limit(pages: int) -> int:
    """Seconds Pagefind may take for `pages` pages: 300 s, plus 0.15 s a page (1,800 s at 10,000)."""
    return int(BASE_SECONDS + SECONDS_PER_PAGE * pages)


def build_search_index(site: Path, timeout: int | None = None) -> SearchIndex:
    """Index `site` in place, writing the search bundle to `site/pagefind/`."""
    site = Path(site)
    if not (site / "index.html").is_file():
        return SearchIndex(False, 0, f"Không có trang nào để lập chỉ mục tìm kiếm trong '{site}': hãy dựng trang trước.")
    timeout = timeout if timeout is not None else time_limit(pages_to_index(site))
    # A bundle left from an earlier build would mix old and new index files.
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE_DIR,
               "--force-language", "vi", "--quiet", "--glob", PAGES_GLOB]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except FileNotFoundError:
        return SearchIndex(False, 0, "Chưa cài Pagefind: chạy `pip install 'pagefind[extended]'`.")
    except subprocess.TimeoutExpired:
        return SearchIndex(False, 0, f"Lập chỉ mục tìm kiếm quá {timeout} giây, đã dừng.")
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["không rõ lỗi"]
        return SearchIndex(False, 0, f"Pagefind không lập được chỉ mục cho '{site}': {detail[0]}")
    pages = _indexed_pages(site)
    return SearchIndex(True, pages, f"Đã lập chỉ mục tìm kiếm: {pages} trang trong '{site / BUNDLE_DIR}'.")


def _indexed_pages(site: Path) -> int:
    entry = site / BUNDLE_DIR / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError):
        return 0
    return sum(int(lang.get("page_count", 0)) for lang in languages.values())
