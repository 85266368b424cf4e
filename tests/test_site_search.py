"""The search index step run after Pelican (pipeline/site/search.py, search_index.py, search_pages.py)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.site.search import BUNDLE_DIR, build_search_index
from pipeline.site.search_index import DIGITS, IndexWriter, shard_of
from pipeline.site.search_pages import SearchPage
from tests.browser.demo_site import DemoSite, demo_site_once
from tests.browser.search_site import ARTICLES, SearchSite, search_site_once


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


def meta_of(site: Path) -> dict:
    return json.loads((site / BUNDLE_DIR / "meta.json").read_text(encoding="utf-8"))


def read(path: Path) -> object:
    return json.loads(gzip.decompress(path.read_bytes()))


def documents(site: Path) -> dict[str, dict]:
    """Every indexed page as the search page shows it: url → {title, date, kind, unit, topic, text, id}."""
    meta = meta_of(site)
    pages = {}
    for number in range(meta["pages"]):
        page = read(site / BUNDLE_DIR / meta["version"] / "p" / f"{number}.gz")
        pages[page["url"]] = {**page, "id": number}
    return pages


def postings(site: Path, term: str) -> dict[int, int]:
    """page id → score digit of `term`, as the search page reads them."""
    meta = meta_of(site)
    shard = read(site / BUNDLE_DIR / meta["version"] / "t" / f"{shard_of(term, meta['shards']):x}.gz")
    gaps, scores = shard.get(term, [[], ""])  # type: ignore[union-attr]
    ids, at = [], 0
    for gap in gaps:
        at += gap
        ids.append(at)
    return {i: DIGITS.index(s) for i, s in zip(ids, scores, strict=True)}


def test_index_covers_every_article_and_static_page_but_no_listing(site):
    pages = documents(site.dev)
    static_pages = len(list((site.content / "pages").glob("*.md")))
    assert len(pages) == len(site.articles()) + static_pages == meta_of(site.dev)["pages"]
    assert not [url for url in pages if "index.html" in url or url.startswith(("the/", "luu-tru/", "don-vi/"))]


def test_rebuilding_the_index_replaces_the_old_bundle(tmp_path, site):
    copy = tmp_path / "site"
    shutil.copytree(site.dev, copy)
    (copy / BUNDLE_DIR / "old-version").mkdir()
    outcome = build_search_index(copy)
    assert outcome.ok and outcome.pages == len(site.articles()) + 5
    assert sorted(p.name for p in (copy / BUNDLE_DIR).iterdir()) == sorted(["meta.json", meta_of(copy)["version"]])


def test_indexing_a_folder_without_a_built_site_says_what_to_do(tmp_path):
    outcome = build_search_index(tmp_path)
    assert not outcome.ok and "hãy dựng trang trước" in outcome.message
    result = subprocess.run([sys.executable, "-m", "pipeline", "search-index", str(tmp_path)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1
    assert "Không có trang nào để lập chỉ mục" in result.stderr


def test_search_index_command_indexes_the_folder_named_by_bantin_output(tmp_path, site):
    copy = tmp_path / "site"
    shutil.copytree(site.dev, copy)
    shutil.rmtree(copy / BUNDLE_DIR)
    env = dict(os.environ, BANTIN_OUTPUT=str(copy))
    result = subprocess.run([sys.executable, "-m", "pipeline", "search-index"], env=env,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"Đã lập chỉ mục tìm kiếm: {len(site.articles()) + 5} trang" in result.stdout
    assert (copy / BUNDLE_DIR / "meta.json").is_file()


# --- what the index holds: the generated search site, dev and public builds ---------------------

@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> SearchSite:  # type: ignore[no-untyped-def]
    return search_site_once(tmp_path_factory)


def bundle_files(site: Path) -> dict[str, bytes]:
    folder = site / BUNDLE_DIR
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_public_build_indexes_exactly_what_the_development_build_indexes(search_site):
    dev, public = bundle_files(search_site.dev), bundle_files(search_site.public)
    assert len(documents(search_site.dev)) == len(ARTICLES) + 300 + 5
    # Page addresses are relative to the site root, so the minified public build gives the same bytes.
    assert dev.keys() == public.keys()
    assert [name for name in dev if dev[name] != public[name]] == []


def test_no_index_marker_tag_list_or_share_line_is_in_any_page_text(search_site):
    for url, page in documents(search_site.public).items():
        text = page["text"] + page["title"]
        for hidden in ("data-search", "pagefind", "Từ khóa:", "Chia sẻ:", "Nguồn:", "<", "Tin, bài liên quan"):
            assert hidden not in text, (url, hidden)


def test_each_article_keeps_its_title_date_unit_topic_and_kind_apart_from_its_text(search_site):
    pages = documents(search_site.public)
    page = next(p for u, p in pages.items() if "dai-hoi-cong-doan-tinh" in u)
    assert page["title"] == ARTICLES[0].title
    assert (page["date"], page["unit"], page["topic"], page["kind"]) == (
        "Thứ Ba, 05/11/2024, 09:30", "Ban Tổ chức", "Tổ chức – Kiểm tra", "Tin sự kiện")
    assert page["text"].startswith("Đại hội Công đoàn tỉnh Bến Tre lần thứ XI")  # the body, past the date line
    assert "Trần Văn Bình" not in page["text"]  # the byline is a field, searched but not in the excerpt
    assert page["id"] in postings(search_site.public, "tran van")  # …and found by its words
    assert page["id"] in postings(search_site.public, "dai hoi")


def test_ids_run_from_the_newest_article_to_undated_static_pages_and_years_are_id_ranges(search_site):
    pages = sorted(documents(search_site.dev).values(), key=lambda p: p["id"])
    static = [p for p in pages if p["kind"] == "Trang"]
    assert len(static) == 5 and pages[-5:] == static and all(p["date"] == "" for p in static)
    stamps = [datetime.strptime(p["date"].split(", ", 1)[1], "%d/%m/%Y, %H:%M") for p in pages[:-5]]
    assert stamps == sorted(stamps, reverse=True)
    years = meta_of(search_site.dev)["years"]
    for year, (first, end) in years.items():
        assert {p["date"].split(", ")[1][-4:] for p in pages[first:end]} == {year}


def test_filter_values_are_the_names_the_search_page_offers(search_site):
    meta = meta_of(search_site.dev)
    facets = read(search_site.dev / BUNDLE_DIR / meta["version"] / "facets.gz")
    pages = sorted(documents(search_site.dev).values(), key=lambda p: p["id"])
    for key in ("topic", "unit", "kind"):
        assert [meta["values"][key][v] for v in facets[key]] == [p[key] for p in pages]  # type: ignore[index]
    search_page = (search_site.dev / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    for kind in meta["values"]["kind"][1:]:
        assert f"<option>{kind}</option>" in search_page


def _page(url: str, title: str, body: str, kind: str = "Tin thời sự", date: str = "2025-01-01T08:00:00+07:00") -> SearchPage:
    return SearchPage(url=url, title=title, kind=kind, date=datetime.fromisoformat(date) if date else None,
                      date_text="", unit="", topic="", byline="", body=body)


def test_a_title_word_outweighs_the_same_word_in_a_body_and_static_pages_weigh_less(tmp_path):
    filler = " ".join(["người lao động được hỗ trợ"] * 20)
    writer = IndexWriter(tmp_path / BUNDLE_DIR)
    writer.add(_page("a.html", "Hội nghị công đoàn", filler))
    writer.add(_page("b.html", "Tin khác", f"công đoàn. {filler} công đoàn. công đoàn. công đoàn."))
    writer.add(_page("c.html", "Công đoàn cơ sở", filler, kind="Trang", date=""))
    writer.add(_page("d.html", "Tin nữa", filler))
    writer.finish()
    documents_ = documents(tmp_path)
    scores = postings(tmp_path, "cong doan")
    title, body, static = (scores[documents_[u]["id"]] for u in ("a.html", "b.html", "c.html"))
    assert title > body and title > static
    assert documents_["d.html"]["id"] not in scores


def test_a_query_word_near_the_end_of_a_600_word_article_is_in_the_text_its_excerpt_is_cut_from(tmp_path):
    opening = " ".join(["Đoàn viên, người lao động trong tỉnh tham gia đông đủ các hoạt động."] * 50)
    assert len(opening.split()) >= 550
    writer = IndexWriter(tmp_path / BUNDLE_DIR)
    writer.add(_page("a.html", "Hội nghị tổng kết", f"{opening} Cuối buổi, đại biểu thăm Cồn Phụng."))
    writer.finish()
    text = documents(tmp_path)["a.html"]["text"]
    assert text.startswith("Đoàn viên, người lao động") and text.endswith("thăm Cồn Phụng.")
