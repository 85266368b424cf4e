"""The search index step run after Pelican (pipeline/site/search.py)."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys

import pytest

from pipeline.site.search import BUNDLE_DIR, build_search_index
from tests.browser.demo_site import DemoSite, demo_site_once
from tests.browser.search_site import ARTICLES, SearchSite, search_site_once


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


# --- what the index holds: the generated search site, dev and public builds ---------------------

@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> SearchSite:  # type: ignore[no-untyped-def]
    return search_site_once(tmp_path_factory)


def fragments(site) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Every indexed page as Pagefind stored it: url → {content, meta, filters, …}."""
    pages = {}
    for path in (site / BUNDLE_DIR / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        page = json.loads(raw[len(b"pagefind_dcd"):])
        pages[page["url"]] = page
    return pages


def letters(text: str) -> str:
    """The indexed text without the spaces and full stops Pagefind puts between elements."""
    return re.sub(r"[\s.]", "", text)


def test_the_public_build_indexes_the_same_text_filters_and_fields_as_the_development_build(search_site):
    dev, public = fragments(search_site.dev), fragments(search_site.public)
    assert len(dev) == len(ARTICLES) + 300 + 5 and set(dev) == set(public)
    for url, page in dev.items():
        other = public[url]
        assert letters(other["content"]) == letters(page["content"]), url
        assert other["filters"] == page["filters"], url
        shown = {k: v for k, v in page["meta"].items() if k != "image"}  # absolute in the public build
        assert {k: v for k, v in other["meta"].items() if k != "image"} == shown, url


def test_no_index_marker_or_plain_letter_word_list_is_in_any_page_text(search_site):
    for site in (search_site.dev, search_site.public):
        for url, page in fragments(site).items():
            assert "PAGEFIND" not in page["content"] and "pagefind" not in page["content"], url
            assert page["meta"]["plain_title"] not in page["content"].lower(), url
            if page["meta"].get("plain"):
                assert page["meta"]["plain"] not in page["content"], url


def test_each_article_indexes_its_title_first_then_date_unit_topic_and_byline(search_site):
    pages = fragments(search_site.public)
    page = next(p for u, p in pages.items() if "dai-hoi-cong-doan-tinh" in u)
    assert page["content"].startswith("Đại hội Công đoàn tỉnh Bến Tre lần thứ XI, nhiệm kỳ 2023–2028.")
    for shown in ("Thứ Ba, 05/11/2024, 09:30", "Ban Tổ chức", "Tổ chức – Kiểm tra", "Trần Văn Bình, Phóng viên"):
        assert shown in page["content"]
    assert page["meta"]["title"] == ARTICLES[0].title
    assert page["meta"]["plain_title"] == "dai hoi cong doan tinh ben tre lan thu xi nhiem ky 2023 2028"
    assert page["filters"] == {"kind": ["Tin sự kiện"], "topic": ["Tổ chức – Kiểm tra"], "unit": ["Ban Tổ chức"],
                               "year": ["2024"]}


def test_static_pages_are_kind_trang_with_no_date_and_every_article_has_all_four_filters(search_site):
    for url, page in fragments(search_site.dev).items():
        if url.count("/") == 1:  # /gioi-thieu.html
            assert page["filters"] == {"kind": ["Trang"]}, url
        else:
            assert {"kind", "topic", "year"} <= set(page["filters"]), url


def test_titles_weigh_most_and_static_pages_less_than_articles_in_the_built_pages(search_site):
    from bs4 import BeautifulSoup

    article = BeautifulSoup((search_site.public / "to-chuc-kiem-tra" / "2024" /
                             "dai-hoi-cong-doan-tinh-ben-tre-lan-thu-xi-nhiem-ky-2023-2028.html").read_text("utf-8"), "html.parser")
    weights = [float(el["data-pagefind-weight"]) for el in article.select("[data-pagefind-weight]")]
    assert article.h1["data-pagefind-weight"] == "10" and max(weights) == 10
    static = BeautifulSoup((search_site.public / "gioi-thieu.html").read_text("utf-8"), "html.parser")
    body = static.select_one("[data-pagefind-body]")
    assert float(body["data-pagefind-weight"]) < 1 and float(static.h1["data-pagefind-weight"]) < 10
