"""Findability and sharing on the public build: feeds, sitemap, robots.txt, canonical, Open Graph, JSON-LD."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.content.frontmatter import read_article
from tests.browser.demo_site import PUBLIC_URL, DemoSite, demo_site_once
from tests.sitebuild import build_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


def article_urls(site: DemoSite, topic: str | None = None) -> set[str]:
    """The public URL of every demo article (optionally of one topic), from the front matter."""
    urls = set()
    for path in site.articles():
        meta = read_article(path).meta
        if topic is None or meta["topic"] == topic:
            urls.add(f"{PUBLIC_URL}/{meta['topic']}/{str(meta['date'])[:4]}/{meta['slug']}.html")
    return urls


def test_site_atom_and_rss_feeds_parse_and_list_every_article(site):
    atom = ET.parse(site.public / "feeds" / "all.atom.xml").getroot()
    assert {e.find(f"{ATOM}link").get("href") for e in atom.iter(f"{ATOM}entry")} == article_urls(site)
    rss = ET.parse(site.public / "feeds" / "all.rss.xml").getroot()
    assert {i.findtext("link") for i in rss.iter("item")} == article_urls(site)
    assert rss.find("channel/title").text == "Công đoàn tỉnh Bến Tre"


def test_each_topic_has_its_own_atom_and_rss_feed(site):
    for topic in ("tuyen-giao-nu-cong", "chinh-sach-phap-luat", "van-phong", "tai-chinh", "to-chuc-kiem-tra"):
        atom = ET.parse(site.public / "feeds" / f"{topic}.atom.xml").getroot()
        assert {e.find(f"{ATOM}link").get("href") for e in atom.iter(f"{ATOM}entry")} == article_urls(site, topic)
        rss = ET.parse(site.public / "feeds" / f"{topic}.rss.xml").getroot()
        assert {i.findtext("link") for i in rss.iter("item")} == article_urls(site, topic)


def test_development_build_feeds_also_point_to_the_public_address(site):
    atom = ET.parse(site.dev / "feeds" / "all.atom.xml").getroot()
    assert {e.find(f"{ATOM}link").get("href") for e in atom.iter(f"{ATOM}entry")} == article_urls(site)


@pytest.mark.parametrize("build", ["dev", "public"])
def test_every_image_and_link_inside_feed_entries_is_an_absolute_public_address(site, build):
    addresses = []
    for feed in (getattr(site, build) / "feeds").glob("*.xml"):
        for element in ET.parse(feed).getroot().iter():
            if element.tag in (f"{ATOM}content", f"{ATOM}summary", "description") and element.text:
                body = BeautifulSoup(element.text, "html.parser")
                addresses += [tag.get("src") or tag.get("href") for tag in body.select("img[src], a[href]")]
    assert any(address.endswith("anh-1.jpg") for address in addresses)  # the demo's photos are there
    assert all(address.startswith((PUBLIC_URL + "/", "https://", "mailto:")) for address in addresses), addresses


def test_sitemap_lists_every_article_and_page_with_absolute_urls(site):
    root = ET.parse(site.public / "sitemap.xml").getroot()
    locs = {u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")}
    assert article_urls(site) <= locs
    assert {f"{PUBLIC_URL}/gioi-thieu.html", f"{PUBLIC_URL}/ban-bien-tap.html", f"{PUBLIC_URL}/",
            f"{PUBLIC_URL}/tuyen-giao-nu-cong/", f"{PUBLIC_URL}/don-vi/ldld-ba-tri/"} <= locs
    assert all(loc.startswith(PUBLIC_URL + "/") for loc in locs)
    assert not any("404" in loc or "tim-kiem" in loc or "robots" in loc for loc in locs)


def test_robots_txt_allows_crawling_and_names_the_sitemap(site):
    robots = (site.public / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {PUBLIC_URL}/sitemap.xml" in robots


def _head(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, key
    return tag["content"]


def test_every_article_has_canonical_url_open_graph_and_twitter_card_tags(site):
    for url in article_urls(site):
        page = _head(site.public / url.removeprefix(PUBLIC_URL + "/"))
        assert page.find("link", rel="canonical")["href"] == url
        assert _meta(page, "og:url") == url
        assert _meta(page, "og:type") == "article"
        assert _meta(page, "og:title") == page.h1.get_text(strip=True)
        assert len(_meta(page, "og:description")) > 40
        assert _meta(page, "og:image").startswith(PUBLIC_URL + "/")
        assert _meta(page, "og:locale") == "vi_VN"
        assert _meta(page, "twitter:card") == "summary_large_image"
        assert _meta(page, "twitter:image") == _meta(page, "og:image")


def test_shared_article_preview_uses_its_first_photo(site):
    page = _head(site.public / "tuyen-giao-nu-cong/2026/ldld-huyen-ba-tri-to-chuc-hoi-thi-nu-cong-kheo-tay-nam-2026.html")
    image = _meta(page, "og:image")
    assert image == f"{PUBLIC_URL}/images/2026/ldld-huyen-ba-tri-to-chuc-hoi-thi-nu-cong-kheo-tay-nam-2026/anh-1.jpg"
    assert (site.public / image.removeprefix(PUBLIC_URL + "/")).is_file()
    assert (_meta(page, "og:image:width"), _meta(page, "og:image:height")) == ("1600", "1067")
    assert _meta(page, "og:image:alt") == "Các đội tranh tài phần cắm hoa nghệ thuật"


def test_article_without_photos_shares_the_site_preview_image(site):
    page = _head(site.public / "tai-chinh/2026/huong-dan-thu-nop-kinh-phi-va-doan-phi-cong-doan-nam-2026.html")
    assert _meta(page, "og:image") == f"{PUBLIC_URL}/theme/img/chia-se.png"
    assert (site.public / "theme" / "img" / "chia-se.png").is_file()


def test_articles_carry_schema_org_news_article_json_ld(site):
    page = _head(site.public / "tuyen-giao-nu-cong/2026/cong-doan-nganh-giao-duc-trao-150-suat-hoc-bong-cho-hoc-sinh-vuot-kho.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Công đoàn ngành Giáo dục trao 150 suất học bổng cho học sinh vượt khó"
    assert data["datePublished"] == "2026-03-19T16:00:00+07:00"
    assert data["author"] == [{"@type": "Person", "name": "Võ Thanh Sơn"}]
    assert data["publisher"]["name"] == "Liên đoàn Lao động tỉnh Bến Tre"
    assert data["image"][0].startswith(PUBLIC_URL + "/images/")
    assert data["inLanguage"] == "vi" and data["articleSection"] == "Tuyên giáo – Nữ công"


def test_public_build_uses_absolute_urls_and_minified_html(site):
    html = (site.public / "index.html").read_text(encoding="utf-8")
    dev = (site.dev / "index.html").read_text(encoding="utf-8")
    assert f'href={PUBLIC_URL}/theme/css/site.css' in html or f'href="{PUBLIC_URL}/theme/css/site.css"' in html
    assert "\n  " in dev and "\n  " not in html  # indentation gone
    assert html.startswith("<!doctype html><html lang=vi>")


def test_siteurl_environment_variable_sets_every_absolute_address(tmp_path):
    content = tmp_path / "content"
    (content / "van-phong" / "2026").mkdir(parents=True)
    (content / "van-phong" / "2026" / "thong-bao.md").write_text(
        "---\ntitle: Thông báo lịch nghỉ lễ\nslug: thong-bao\ndate: 2026-04-20T08:00+07:00\nkind: news\n"
        "unit: van-phong\ntopic: van-phong\neditor: nguyen-thi-bien\nsummary: Lịch nghỉ lễ 30/4 và 1/5 năm 2026.\n---\n\n"
        "Lịch nghỉ lễ 30/4 và 1/5 năm 2026.\n", encoding="utf-8")
    output = tmp_path / "out"
    build_site(content, output, settings="publishconf.py", extra_env={"SITEURL": "https://thu-nghiem.example.vn/"})
    page = _head(output / "van-phong" / "2026" / "thong-bao.html")
    assert page.find("link", rel="canonical")["href"] == "https://thu-nghiem.example.vn/van-phong/2026/thong-bao.html"
    assert page.find("link", rel="stylesheet")["href"] == "https://thu-nghiem.example.vn/theme/css/site.css"
    atom = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "https://thu-nghiem.example.vn/van-phong/2026/thong-bao.html" in atom
    assert "https://thu-nghiem.example.vn/sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")
