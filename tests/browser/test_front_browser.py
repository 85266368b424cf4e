"""The home page, the menu and the teasers as a reader sees them: Debian's Chromium via Playwright on the
generated site of tests/frontsite.py (a featured lead without a photo, Q&As, "Tiêu điểm").

Screenshots at 360, 768 and 1280 px go to test-output/browser/ (front-*.png).
"""

from __future__ import annotations

import pytest

from pipeline.site.search import build_search_index
from tests.browser.demo_site import serve
from tests.browser.test_site_browser import SHOTS
from tests.frontsite import FrontSite, build_front_site

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def site(tmp_path_factory) -> FrontSite:  # type: ignore[no-untyped-def]
    built = build_front_site(tmp_path_factory.mktemp("front-browser"))
    assert build_search_index(built.output).ok
    return built


@pytest.fixture(scope="module")
def base_url(site):  # type: ignore[no-untyped-def]
    with serve(site.output) as url:
        yield url


@pytest.fixture
def open_page(browser, base_url):  # type: ignore[no-untyped-def]
    contexts = []

    def make(path: str = "", width: int = 1280, script: bool = True):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN",
                                      java_script_enabled=script)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{base_url}/{path}")
        return page

    yield make
    for context in contexts:
        context.close()


def box(page, selector: str) -> dict:  # type: ignore[no-untyped-def]
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect();"
                                           " return {top: r.top + scrollY, bottom: r.bottom + scrollY,"
                                           " left: r.left, right: r.right, width: r.width}; }")


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_home_page_fits_the_screen_at_every_width_and_is_kept_as_a_screenshot(open_page, width):
    page = open_page(width=width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"front-home-{width}.png"), full_page=True)
    open_page("hoi-dap-phap-luat.html", width=width).screenshot(
        path=str(SHOTS / f"front-hoi-dap-{width}.png"), full_page=True)


def test_on_a_phone_the_menu_button_opens_the_whole_menu_without_javascript(open_page):
    page = open_page(width=360, script=False)
    button = page.locator("nav.site-nav summary")
    assert button.is_visible() and button.inner_text().strip() == "Mở menu"
    assert not page.locator("nav.site-nav .menu-bar").is_visible()
    links = page.locator("nav.site-nav details a")
    assert not links.first.is_visible()
    button.click()
    assert page.eval_on_selector("nav.site-nav details", "e => e.open")
    names = links.all_inner_texts()
    assert names[0] == "Trang chủ" and names[-1] == "Hỏi đáp pháp luật"
    for n in range(links.count()):  # every item whole: nothing cut at the edge, no sideways strip
        rect = links.nth(n).bounding_box()
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 360
        assert links.nth(n).evaluate("e => e.scrollWidth <= e.clientWidth")


def test_keyboard_focus_on_the_menu_is_never_clipped_by_a_scrolling_container(open_page):
    page = open_page(width=1280)
    page.keyboard.press("Tab")  # the skip link
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.menu-bar') !== null"):
            break
    assert page.evaluate("document.activeElement.closest('.menu-bar') !== null")
    clipping = page.evaluate("""() => { const out = []; let e = document.activeElement.parentElement;
        while (e) { const s = getComputedStyle(e);
          if (s.overflowX !== 'visible' || s.overflowY !== 'visible') out.push(e.tagName + '.' + e.className);
          e = e.parentElement; } return out.filter(x => !x.startsWith('HTML') && !x.startsWith('BODY')); }""")
    assert clipping == []
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"


def test_the_site_name_never_breaks_inside_the_province_name_on_a_phone(open_page):
    for width in (320, 360):
        page = open_page(width=width)
        lines = page.eval_on_selector(".brand-name .nowrap", "e => e.getClientRects().length")
        assert lines == 1
        assert page.eval_on_selector(".brand-name", "e => e.innerText").upper().endswith("TỈNH BẾN TRE")


def test_a_lead_without_a_photo_uses_the_whole_width_with_no_empty_box(open_page):
    page = open_page(width=1280)
    lead, text = box(page, ".lead-story"), box(page, ".lead-story .lead-text")
    assert text["width"] >= 0.95 * lead["width"]
    assert lead["bottom"] - lead["top"] < 320  # a title, a date line and a summary; no photo-sized gap


def test_on_a_phone_teasers_are_a_title_and_a_date_beside_a_photo_that_leaves_the_title_room(open_page):
    page = open_page("tai-chinh/", width=360)
    assert page.locator(".teaser-summary").first.is_hidden()
    teaser = page.locator(".teaser.has-thumb").first
    title = teaser.locator(".teaser-title").bounding_box()
    thumb = teaser.locator(".thumb img").bounding_box()
    assert title["width"] >= 180 and thumb["width"] <= 125
    meta = teaser.locator(".meta").inner_text().strip()
    assert meta.startswith("Thứ") and "·" not in meta  # the date only


def test_on_a_wide_screen_the_right_column_runs_beside_the_newest_list_and_the_topic_band_follows(open_page):
    page = open_page(width=1280)
    side, latest, topics = box(page, ".home-side"), box(page, ".home-latest"), box(page, ".topic-blocks")
    assert side["left"] > latest["right"]  # beside, not below
    assert side["bottom"] >= 0.7 * latest["bottom"]  # it does not stop long before the news does
    assert topics["top"] >= max(side["bottom"], latest["bottom"]) - 1
    assert topics["width"] > latest["width"]  # the topic band runs the full width


def test_the_question_search_on_the_qa_index_finds_only_questions(open_page):
    page = open_page("hoi-dap-phap-luat.html", width=1280)
    page.get_by_label("Tìm câu hỏi").fill("quyền lợi người lao động")
    page.get_by_label("Tìm câu hỏi").press("Enter")
    page.wait_for_url("**/tim-kiem/?*")
    page.locator("#search-results li").first.wait_for(timeout=30_000)
    assert page.locator("#search-kind").input_value() == "Hỏi đáp pháp luật"
    kinds = page.locator("#search-results li .meta").all_inner_texts()
    assert kinds and all(k.startswith("Hỏi đáp pháp luật") for k in kinds)


def test_on_a_phone_the_keyboard_alone_opens_the_menu_and_reaches_its_links(open_page):
    page = open_page(width=360)
    for _ in range(8):  # skip link, logo, search field and button, then the menu button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.innerText.trim()") == "Mở menu"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.eval_on_selector("nav.site-nav details", "e => e.open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Trang chủ"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".lead-story").count() == 1
