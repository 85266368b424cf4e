"""The demo site in a real browser: Debian's Chromium driven by Playwright, served on 127.0.0.1.

Screenshots of the home page, a topic and an article at 360 and 1280 px go to test-output/browser/.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from tests.browser.demo_site import PUBLIC_URL, DemoSite, demo_site_once, serve
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-output" / "browser"
TOPIC = "Tuyên giáo – Nữ công"
TITLE = "Công đoàn ngành Giáo dục trao 150 suất học bổng cho học sinh vượt khó"
ARTICLE = "tuyen-giao-nu-cong/2026/cong-doan-nganh-giao-duc-trao-150-suat-hoc-bong-cho-hoc-sinh-vuot-kho.html"



@pytest.fixture(scope="module")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site):  # type: ignore[no-untyped-def]
    with serve(site.dev) as url:
        yield url


@pytest.fixture
def open_page(browser, base_url):  # type: ignore[no-untyped-def]
    """A fresh page at a given width; records every request it makes."""
    opened = []

    def make(width: int = 1280):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.requests = []  # type: ignore[attr-defined]
        page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
        opened.append(context)
        return page

    yield make
    for context in opened:
        context.close()


def shot(page, name: str, width: int) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_reader_goes_from_home_to_a_topic_to_an_article_and_sees_its_photo_and_caption(open_page, base_url, width):
    page = open_page(width)
    page.goto(base_url + "/")
    assert page.title().startswith("Công đoàn tỉnh Bến Tre")
    shot(page, "trang-chu", width)

    menu = page.get_by_role("navigation", name="Lĩnh vực")
    if width == 360:  # a phone shows the menu button, not the bar
        menu.locator("summary", has_text="Mở menu").click()
    menu.get_by_role("link", name=TOPIC).click()
    page.wait_for_url("**/tuyen-giao-nu-cong/")
    assert page.locator("h1").inner_text() == TOPIC
    shot(page, "linh-vuc", width)

    page.locator("main").get_by_role("link", name=TITLE).first.click()
    page.wait_for_url("**/" + ARTICLE)
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".meta time").first.inner_text() == "Thứ Năm, 19/03/2026, 16:00"
    figure = page.locator("article .body figure").first
    figure.scroll_into_view_if_needed()
    assert figure.locator("figcaption").inner_text() == "Lãnh đạo Công đoàn ngành trao học bổng cho học sinh"
    image = figure.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    loaded = image.evaluate("img => img.currentSrc")
    assert loaded.startswith(base_url + "/images/2026/cong-doan-nganh-giao-duc")
    if width == 360:  # a phone takes a variant from the srcset, not the 1600 px original
        assert loaded.endswith(("-480w.jpg", "-960w.jpg"))
    assert image.get_attribute("alt") == "Lãnh đạo Công đoàn ngành trao học bổng cho học sinh"
    shot(page, "bai-viet", width)
    assert page.errors == []  # type: ignore[attr-defined]


def test_searching_without_diacritics_from_the_header_finds_the_article(open_page, base_url):
    page = open_page(1280)
    page.goto(base_url + "/")
    page.get_by_label("Tìm kiếm tin, bài").fill("cong doan nganh giao duc hoc bong")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    status = page.locator("#search-status")
    page.wait_for_function("el => el.textContent.startsWith('Tìm thấy')", arg=status.element_handle(), timeout=20000)
    first = page.locator("#search-results li").first
    assert first.locator("h2").inner_text() == TITLE
    assert "Thứ Năm, 19/03/2026" in first.inner_text()
    shot(page, "tim-kiem", 1280)
    first.locator("a").click()
    page.wait_for_url("**/" + ARTICLE)
    assert page.locator("h1").inner_text() == TITLE


def test_search_says_so_in_vietnamese_when_nothing_matches(open_page, base_url):
    page = open_page(360)
    page.goto(base_url + "/tim-kiem/?q=zzzqqq")
    status = page.locator("#search-status")
    page.wait_for_function("el => el.textContent.startsWith('Không tìm thấy')", arg=status.element_handle(), timeout=20000)
    assert "zzzqqq" in status.inner_text()


def test_share_links_carry_this_articles_public_address(open_page, base_url):
    page = open_page(1280)
    page.goto(f"{base_url}/{ARTICLE}")
    url = f"{PUBLIC_URL}/{ARTICLE}"
    facebook = page.get_by_role("link", name="Facebook")
    zalo = page.get_by_role("link", name="Zalo")
    for link in (facebook, zalo):
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    fb = urlparse(facebook.get_attribute("href"))
    assert f"{fb.scheme}://{fb.netloc}{fb.path}" == "https://www.facebook.com/sharer/sharer.php"
    assert parse_qs(fb.query)["u"] == [url]
    za = urlparse(zalo.get_attribute("href"))
    assert f"{za.scheme}://{za.netloc}{za.path}" == "https://button-share.zalo.me/share_external"
    assert json.loads(base64.b64decode(unquote(parse_qs(za.query)["d"][0]))) == {"url": url}


def test_keyboard_user_skips_to_the_main_content_with_a_visible_focus(open_page, base_url):
    page = open_page(360)
    page.goto(f"{base_url}/{ARTICLE}")
    page.keyboard.press("Tab")
    skip = page.evaluate("() => ({text: document.activeElement.textContent, top: document.activeElement.getBoundingClientRect().top,"
                         " outline: getComputedStyle(document.activeElement).outlineStyle})")
    assert skip["text"] == "Bỏ qua điều hướng, đến nội dung chính"
    assert skip["top"] >= 0 and skip["outline"] != "none"  # on screen and outlined while focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({inMain: !!document.activeElement.closest('main'), text: document.activeElement.textContent,"
                            " outline: getComputedStyle(document.activeElement).outlineStyle})")
    assert focused["inMain"] and focused["text"] == "Trang chủ"  # the breadcrumb, first link of the content
    assert focused["outline"] != "none"


@pytest.mark.parametrize("path", ["", "tuyen-giao-nu-cong/", ARTICLE, "tim-kiem/?q=hoc+bong", "ban-bien-tap.html",
                                  "gui-tin-bai.html"])
def test_pages_fit_a_320_px_screen_without_sideways_scrolling(open_page, base_url, path):
    page = open_page(320)
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_browsing_and_searching_request_nothing_from_another_site(open_page, base_url):
    page = open_page(1280)
    for path in ("", "tuyen-giao-nu-cong/", ARTICLE, "hoi-dap-phap-luat.html", "tim-kiem/?q=doan+vien"):
        page.goto(f"{base_url}/{path}")
        page.wait_for_load_state("networkidle")
    assert any("/search-index/" in url for url in page.requests)  # the search really ran
    assert [url for url in page.requests if not url.startswith(base_url + "/")] == []


def test_printed_article_has_no_navigation_and_shows_its_address_site_name_and_legal_block(open_page, base_url):
    page = open_page(1280)
    page.goto(f"{base_url}/{ARTICLE}")
    page.emulate_media(media="print")
    hidden = page.evaluate("() => ['.site-nav', '.search-box', '.site-footer nav', '.sidebar', '.share', '.neighbors']"
                           ".map(s => getComputedStyle(document.querySelector(s)).display)")
    assert hidden == ["none"] * 6
    assert page.locator(".site-header .brand-name").is_visible()
    assert page.locator(".site-header .brand-name").inner_text().casefold() == "công đoàn tỉnh bến tre"
    assert page.locator(".site-footer .legal").is_visible()
    assert "Cơ quan chủ quản: Liên đoàn Lao động tỉnh Bến Tre" in page.locator(".site-footer .legal").inner_text()
    assert page.locator(".print-only").is_visible()
    assert page.locator(".print-only").inner_text() == f"Nguồn: {PUBLIC_URL}/{ARTICLE}"
    assert page.locator(".meta time").first.is_visible()
    width = page.locator("article .body figure img").first.evaluate("img => img.getBoundingClientRect().width")
    assert 0 < width <= 12 / 2.54 * 96 + 1  # images at most 12 cm wide on paper
