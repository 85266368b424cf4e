"""The search index opens only the files that can be found (articles, static pages), and misses none."""

from __future__ import annotations

from pipeline.site.search import candidate_pages
from tests.golden_site import NOW, build_corpus
from tests.sitebuild import build_site


def test_the_index_opens_every_page_with_a_search_body_and_no_listing(tmp_path):
    build_corpus(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "output", extra_env={"BANTIN_NOW": NOW})
    site = tmp_path / "output"
    searchable = {p for p in site.rglob("*.html") if "data-search-body" in p.read_text(encoding="utf-8")}
    opened = set(candidate_pages(site))
    assert len(searchable) > 30 and searchable <= opened
    listings = list(site.glob("the/*/index.html")) + list(site.glob("luu-tru/*/*/index.html"))
    assert listings and not opened & set(listings)
    assert len(opened) < len(list(site.rglob("*.html"))) - len(listings) + 1
