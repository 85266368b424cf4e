"""The search index step run after Pelican (pipeline/site/search.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.site.search import BUNDLE_DIR, build_search_index
from tests.browser.demo_site import DemoSite, demo_site_once


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


def test_index_covers_every_article_and_static_page_but_no_listing(site):
    entry = json.loads((site.dev / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(lang["page_count"] for lang in entry["languages"].values())
    static_pages = len(list((site.content / "pages").glob("*.md")))
    assert pages == len(site.articles()) + static_pages
    assert list(entry["languages"]) == ["vi"]


def test_rebuilding_the_index_replaces_the_old_bundle(tmp_path, site):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site.dev, copy)
    (copy / BUNDLE_DIR / "pagefind.vi_cu.pf_meta").write_bytes(b"old")
    outcome = build_search_index(copy)
    assert outcome.ok and outcome.pages == len(site.articles()) + 5
    assert not (copy / BUNDLE_DIR / "pagefind.vi_cu.pf_meta").exists()


def test_indexing_a_folder_without_a_built_site_says_what_to_do(tmp_path):
    outcome = build_search_index(tmp_path)
    assert not outcome.ok and "hãy dựng trang trước" in outcome.message
    result = subprocess.run([sys.executable, "-m", "pipeline", "search-index", str(tmp_path)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1
    assert "Không có trang nào để lập chỉ mục" in result.stderr


def test_search_index_command_indexes_the_folder_named_by_bantin_output(tmp_path, site):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site.dev, copy)
    shutil.rmtree(copy / BUNDLE_DIR)
    env = dict(os.environ, BANTIN_OUTPUT=str(copy))
    result = subprocess.run([sys.executable, "-m", "pipeline", "search-index"], env=env,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"Đã lập chỉ mục tìm kiếm: {len(site.articles()) + 5} trang" in result.stdout
    assert (copy / BUNDLE_DIR / "pagefind-entry.json").is_file()
