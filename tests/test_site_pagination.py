"""Numbered pagination with first/last pages and rel=prev/next, on every kind of listing of a built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import ROOT, build_site

ARTICLES = 90  # 12 a page: 8 pages of the topic, the tag, the unit and the home page


@pytest.fixture(scope="module")
def long_site(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("paginated-site")
    content = base / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    folder = content / "tuyen-giao-nu-cong" / "2026"
    folder.mkdir(parents=True)
    for number in range(1, ARTICLES + 1):
        moment = f"2026-{1 + (number - 1) // 28:02d}-{1 + (number - 1) % 28:02d}T08:00+07:00"
        (folder / f"tin-{number}.md").write_text(
            f"---\ntitle: Tin số {number}\nslug: tin-{number}\ndate: {moment}\nkind: news\n"
            f"unit: ldld-ba-tri\ntopic: tuyen-giao-nu-cong\neditor: pham-hoa\ntags: [đoàn viên]\n"
            f"summary: Tóm tắt tin số {number}.\n---\n\nNội dung tin số {number}.\n", encoding="utf-8")
    output = base / "output"
    build_site(content, output)
    return output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def numbers(page: BeautifulSoup) -> list[str]:
    """The page numbers as shown, the current one in brackets and gaps as '…'."""
    shown = []
    for item in page.select("nav.pagination li"):
        if "gap" in (item.get("class") or []):
            shown.append("…")
        elif item.select_one("[aria-current=page]"):
            shown.append(f"[{item.get_text(strip=True)}]")
        elif item.get_text(strip=True).isdigit():
            shown.append(item.get_text(strip=True))
    return shown


LISTINGS = ["tuyen-giao-nu-cong", "the/doan-vien", "don-vi/ldld-ba-tri", "."]


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_numbers_its_pages_with_gaps_around_the_current_one(long_site, listing):
    first = soup(long_site / listing / "index.html")
    assert numbers(first) == ["[1]", "2", "3", "…", "8"]
    middle = soup(long_site / listing / "trang-5" / "index.html")
    assert numbers(middle) == ["1", "…", "3", "4", "[5]", "6", "7", "8"]
    last = soup(long_site / listing / "trang-8" / "index.html")
    assert numbers(last) == ["1", "…", "6", "7", "[8]"]


@pytest.mark.parametrize("listing", LISTINGS)
def test_first_and_last_links_appear_only_where_they_lead_somewhere(long_site, listing):
    first = soup(long_site / listing / "index.html")
    assert first.select_one("nav.pagination a.first") is None
    assert first.select_one("nav.pagination a.last").get_text(strip=True) == "Trang cuối »"
    assert first.select_one("nav.pagination a.last")["href"].endswith("trang-8/")
    last = soup(long_site / listing / "trang-8" / "index.html")
    assert last.select_one("nav.pagination a.last") is None
    assert last.select_one("nav.pagination a.first").get_text(strip=True) == "« Trang đầu"


def test_page_links_lead_to_the_pages_they_name(long_site):
    middle_path = long_site / "tuyen-giao-nu-cong" / "trang-5" / "index.html"
    middle = soup(middle_path)
    for link in middle.select("nav.pagination a[aria-label]"):
        target = (middle_path.parent / link["href"]).resolve()
        target = target / "index.html" if target.is_dir() else target
        number = link["aria-label"].removeprefix("Trang ")
        shown = soup(target).select_one("nav.pagination [aria-current=page]").get_text(strip=True)
        assert shown == number


def test_prev_and_next_are_marked_in_the_page_and_in_its_head(long_site):
    middle = soup(long_site / "tuyen-giao-nu-cong" / "trang-5" / "index.html")
    assert middle.select_one("nav.pagination a[rel=prev]")["href"].endswith("trang-4/")
    assert middle.select_one("nav.pagination a[rel=next]")["href"].endswith("trang-6/")
    assert middle.select_one("head link[rel=prev]")["href"].endswith("trang-4/")
    assert middle.select_one("head link[rel=next]")["href"].endswith("trang-6/")
    first = soup(long_site / "tuyen-giao-nu-cong" / "index.html")
    assert first.select_one("head link[rel=prev]") is None
    assert first.select_one("head link[rel=next]")["href"].endswith("trang-2/")


def test_the_current_page_is_announced_and_not_a_link(long_site):
    middle = soup(long_site / "don-vi" / "ldld-ba-tri" / "trang-5" / "index.html")
    current = middle.select_one("nav.pagination [aria-current=page]")
    # aria-current is what screen readers announce; aria-label is not allowed on a span (Nu HTML Checker).
    assert current.name == "span" and current.get_text() == "5" and not current.has_attr("aria-label")


def test_an_article_page_has_no_pagination_links(long_site):
    article = soup(long_site / "tuyen-giao-nu-cong" / "2026" / "tin-1.html")
    assert article.select_one("nav.pagination") is None and article.select_one("head link[rel=next]") is None


def test_the_sitemap_lists_the_later_pages_of_every_listing(long_site):
    sitemap = (long_site / "sitemap.xml").read_text(encoding="utf-8")
    for listing in ("tuyen-giao-nu-cong/", "the/doan-vien/", "don-vi/ldld-ba-tri/", ""):
        for number in range(2, 9):
            assert f"/{listing}trang-{number}/</loc>" in sitemap, (listing, number)
