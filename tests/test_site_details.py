"""Small things readers, crawlers and feed readers notice: search forms, feeds' guids, sitemap times,
structured data without photos, lazy images."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.browser.demo_site import PUBLIC_URL, DemoSite, demo_site_once

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NO_PHOTO = "tai-chinh/2026/huong-dan-thu-nop-kinh-phi-va-doan-phi-cong-doan-nam-2026.html"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_pages(output: Path) -> list[Path]:
    return [p for p in output.glob("*/20*/*.html")]


def test_the_search_page_form_submits_to_the_search_page_not_an_empty_action(site):
    for output in (site.dev, site.public):
        form = soup(output / "tim-kiem" / "index.html").select_one("#search-form")
        assert form["action"].endswith("tim-kiem/") and form.get("method", "get") == "get"
    assert soup(site.public / "tim-kiem" / "index.html").select_one("#search-form")["action"] == (
        f"{PUBLIC_URL}/tim-kiem/")


def test_every_search_landmark_has_its_own_label(site):
    page = soup(site.dev / "tim-kiem" / "index.html")
    labels = [form.get("aria-label", "") for form in page.select("[role=search]")]
    assert len(labels) == 2 and all(labels) and len(set(labels)) == 2
    home = soup(site.dev / "index.html")
    assert [form.get("aria-label") for form in home.select("[role=search]")] == ["Tìm nhanh trên trang"]


def test_rss_guids_say_they_are_not_links(site):
    for output in (site.dev, site.public):
        items = ET.parse(output / "feeds" / "all.rss.xml").getroot().iter("item")
        guids = [item.find("guid") for item in items]
        assert guids and all(g.text.startswith("tag:") and g.get("isPermaLink") == "false" for g in guids)


def test_sitemap_times_carry_the_newsrooms_offset(site):
    root = ET.parse(site.public / "sitemap.xml").getroot()
    stamps = [url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")]
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", s) for s in stamps), stamps


def test_an_article_without_photos_names_the_site_logo_as_its_json_ld_image(site):
    page = soup(site.public / NO_PHOTO)
    assert not page.select(".body img")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["image"] == [f"{PUBLIC_URL}/theme/img/logo-512.png"]
    assert (site.public / "theme" / "img" / "logo-512.png").is_file()


def test_article_images_after_the_first_load_lazily(site):
    pages = article_pages(site.dev)
    several = 0
    for path in pages:
        images = soup(path).select("article .body img")
        several += len(images) > 1
        assert all(img.get("loading") == "lazy" for img in images[1:]), path
    assert several, "the demo should have an article with more than one photo"


def test_every_page_names_the_site_above_its_content_for_paper_too(site):
    for path in [site.dev / "index.html", site.dev / NO_PHOTO]:
        assert soup(path).select_one("header .brand-name").get_text(" ", strip=True) == "Công đoàn tỉnh Bến Tre"
