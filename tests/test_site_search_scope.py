"""The search index reads only the pages that can be found (articles, static pages), with the same result."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from pipeline.site.search import BUNDLE_DIR, build_search_index, pages_to_index, time_limit
from tests.golden_site import NOW, build_corpus
from tests.sitebuild import build_site


def _bundle(folder: Path) -> dict[str, object]:
    """The bundle's files by name; filter files by content in any order (see below)."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    # Pagefind writes each filter's entries in a random order from one run to the next, and names the
    # filter files, the language's meta file and its entry after that content: the same entries, in
    # any order, have the same sorted bytes; the meta file keeps its length.
    order_free = [name for name in files if name.startswith("filter/") or name.endswith(".pf_meta")]
    filters = sorted(bytes(sorted(gzip.decompress(files[name]))) for name in order_free if name.startswith("filter/"))
    filters += sorted(len(gzip.decompress(files[name])) for name in order_free if name.endswith(".pf_meta"))
    rest = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()
            if name not in order_free and name != "pagefind-entry.json"}
    entry = json.loads(files["pagefind-entry.json"])
    return {"files": rest, "filters": filters, "pages": {k: v["page_count"] for k, v in entry["languages"].items()}}


def test_indexing_only_article_and_static_pages_gives_the_bundle_pagefind_makes_from_every_page(tmp_path):
    build_corpus(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "output", extra_env={"BANTIN_NOW": NOW})
    site = tmp_path / "output"
    everything = tmp_path / "every-page"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(everything),
                    "--force-language", "vi", "--quiet"], check=True, capture_output=True, timeout=600)

    outcome = build_search_index(site)

    assert outcome.ok, outcome.message
    assert _bundle(site / BUNDLE_DIR) == _bundle(everything)
    assert outcome.pages > 30
    listings = list(site.glob("the/*/index.html")) + list(site.glob("luu-tru/*/*/index.html"))
    assert listings and pages_to_index(site) < len(list(site.rglob("*.html"))) - len(listings) + 1


def test_the_time_limit_grows_with_the_pages_to_index():
    assert time_limit(0) == 300
    assert time_limit(10_000) == 1800
    assert time_limit(20_000) > time_limit(10_000)
