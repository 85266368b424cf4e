"""A small hand-written site: unit pagination, corrections and withdrawn articles as the theme shows them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.site.search import build_search_index
from tests.sitebuild import ROOT, build_site


def write_article(content: Path, slug: str, day: int, *, unit: str = "ldld-ba-tri", topic: str = "tuyen-giao-nu-cong",
                  extra: str = "", body: str | None = None) -> None:
    folder = content / topic / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(
        f"---\ntitle: Tin số {day} của đơn vị\nslug: {slug}\ndate: 2026-03-{day:02d}T08:00+07:00\nkind: news\n"
        f"unit: {unit}\ntopic: {topic}\neditor: pham-hoa\nauthor: Trần Thị Hồng\n"
        f"summary: Tóm tắt tin số {day} về hoạt động công đoàn.\n{extra}---\n\n"
        f"{body or f'Nội dung tin số {day} về hoạt động công đoàn huyện Ba Tri.'}\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("small-site")
    content = base / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for day in range(1, 15):  # 14 articles from one unit: two pages of 12
        write_article(content, f"tin-so-{day}", day)
    write_article(content, "tin-dinh-chinh", 20, unit="cd-giao-duc", extra=(
        "updated: 2026-03-21T10:00+07:00\n"
        "correction: Sửa số suất học bổng từ 105 thành 150.\n"))
    write_article(content, "tin-da-go", 22, unit="cd-giao-duc", extra=(
        "withdrawn: true\nwithdrawn_reason: Thông tin chưa được kiểm chứng.\n"),
        body="Nội dung bí mật của tin đã gỡ không được xuất hiện.")
    output = base / "output"
    build_site(content, output)
    assert build_search_index(output).ok
    return output


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_unit_listing_is_paginated_with_vietnamese_labels(small_site):
    first = page(small_site / "don-vi" / "ldld-ba-tri" / "index.html")
    assert len(first.select(".teaser")) == 12
    nav = first.select_one("nav.pagination")
    assert nav.select_one("[aria-current=page]").get_text(strip=True) == "1"
    assert nav.select_one("a[rel=next]").get_text(strip=True) == "Trang sau ›"
    second = page(small_site / "don-vi" / "ldld-ba-tri" / "trang-2" / "index.html")
    assert [a.get_text(strip=True) for a in second.select(".teaser-title a")] == ["Tin số 2 của đơn vị", "Tin số 1 của đơn vị"]
    assert second.select_one("a[rel=prev]").get_text(strip=True) == "‹ Trang trước"


def test_topic_listing_is_paginated_too(small_site):
    assert (small_site / "tuyen-giao-nu-cong" / "trang-2" / "index.html").is_file()
    assert (small_site / "trang-2" / "index.html").is_file()  # the home page's older articles


def test_corrected_article_shows_the_correction_and_its_date(small_site):
    article = page(small_site / "tuyen-giao-nu-cong" / "2026" / "tin-dinh-chinh.html")
    note = article.select_one(".notice-correction")
    assert "Đính chính ngày 21/03/2026" in note.get_text(" ", strip=True)
    assert "Sửa số suất học bổng từ 105 thành 150." in note.get_text()
    assert note.time["datetime"] == "2026-03-21T10:00:00+07:00"
    assert article.find("meta", property="article:modified_time")["content"] == "2026-03-21T10:00:00+07:00"


def test_withdrawn_article_keeps_its_address_with_a_notice_and_nothing_of_its_text(small_site):
    path = small_site / "tuyen-giao-nu-cong" / "2026" / "tin-da-go.html"
    article = page(path)
    notice = article.select_one(".notice-withdrawn")
    assert notice.h2.get_text(strip=True) == "Tin, bài này đã được gỡ"
    assert "Lý do: Thông tin chưa được kiểm chứng." in notice.get_text()
    assert "Nội dung bí mật" not in path.read_text(encoding="utf-8")
    assert article.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not article.select(".share, [data-search-body]")


def test_withdrawn_article_is_in_no_listing_feed_sitemap_or_search_index(small_site):
    for listing in ("index.html", "tuyen-giao-nu-cong/index.html", "don-vi/cd-giao-duc/index.html",
                    "luu-tru/2026/03/index.html", "feeds/all.atom.xml", "feeds/tuyen-giao-nu-cong.rss.xml",
                    "tuyen-giao-nu-cong/2026/tin-dinh-chinh.html"):
        assert "tin-da-go" not in (small_site / listing).read_text(encoding="utf-8"), listing
    import gzip

    index = list((small_site / "search-index").rglob("*.gz"))
    assert index
    for part in index:
        assert b"tin-da-go" not in gzip.decompress(part.read_bytes())
