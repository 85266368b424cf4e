"""The search page in Chromium (Playwright) on a generated site of ~320 articles (search_site.py):
ranking for queries typed with and without diacritics, paging with "Xem thêm", filters, sort and
the URL, keyboard-only use, no layout shift, under the site's Content-Security-Policy.

Screenshots at 360, 768 and 1280 px go to build/artefacts/search/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.demo_site import serve
from tests.browser.search_site import ARTICLES, SearchSite, search_site_once
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "build" / "artefacts" / "search"
DONE = re.compile(r"^(Tìm thấy|Không tìm thấy|Có \d+)")
# Layout shifts the reader did not cause, summed (the Cumulative Layout Shift of the visit).
RECORD_SHIFTS = """
window.__shift = 0;
new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) window.__shift += e.value; }))
  .observe({type: 'layout-shift', buffered: true});
"""


def fold(text: str) -> str:
    from pipeline.core.text import strip_diacritics

    return strip_diacritics(text).lower()



@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SearchSite:  # type: ignore[no-untyped-def]
    return search_site_once(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site):  # type: ignore[no-untyped-def]
    with serve(site.dev) as url:
        yield url


@pytest.fixture
def open_page(browser):  # type: ignore[no-untyped-def]
    """A fresh page at a given width that records page errors and CSP reports."""
    opened = []

    def make(width: int = 1280):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
        context.add_init_script(RECORD_SHIFTS)
        page = context.new_page()
        page.problems = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.problems.append(str(error)))  # type: ignore[attr-defined]
        page.on("console", lambda m: "Content Security Policy" in m.text and page.problems.append(m.text))  # type: ignore[attr-defined]
        opened.append(context)
        return page

    yield make
    for context in opened:
        context.close()


def wait_done(page) -> str:  # type: ignore[no-untyped-def]
    status = page.locator("#search-status")
    expect(status).to_have_text(DONE, timeout=30_000)
    return status.inner_text()


def titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("#search-results li h2").all_inner_texts()


def test_twenty_queries_typed_with_and_without_diacritics_find_their_article_in_the_top_three(open_page, base_url):
    page = open_page()
    cases = [(query, known.title) for known in ARTICLES for query in known.queries]
    assert len(cases) >= 20
    misses = []
    for query, title in cases:
        page.goto(f"{base_url}/tim-kiem/?q={quote(query)}")
        wait_done(page)
        top = titles(page)[:3]
        if title not in top:
            misses.append((query, top))
    assert misses == []
    assert page.problems == []  # type: ignore[attr-defined]


def test_words_that_never_stand_side_by_side_in_the_text_still_find_the_page_holding_them_all(open_page, base_url):
    page = open_page()
    # "đẹp lê" is no bigram of any page: the search falls back to its two syllables.
    page.goto(f"{base_url}/tim-kiem/?q={quote('Đẹp Lê Thị')}")
    assert wait_done(page).startswith("Tìm thấy")
    assert titles(page)[0] == "Mái ấm Công đoàn trao cho chị Lê Thị Đẹp ở Thạnh Phú"
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("query, wanted", [("dai hoi", "đai hoi"), ("Đại hội", "đai hoi"), ("ba tri", "ba tri"),
                                           ("Ba Tri", "ba tri"), ("cong doan", "cong đoan")])
def test_the_first_results_hold_the_query_in_their_title_however_it_is_typed(open_page, base_url, query, wanted):
    page = open_page()
    page.goto(f"{base_url}/tim-kiem/?q={quote(query)}")
    wait_done(page)
    first = titles(page)[:3]
    assert len(first) == 3
    assert all(fold(wanted).replace("đ", "d") in fold(t).replace("đ", "d") for t in first), first


def test_results_show_an_excerpt_with_the_query_marked_and_never_the_hidden_plain_words(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/tim-kiem/?q={quote('dai hoi cong doan tinh')}")
    status = wait_done(page)
    assert re.fullmatch(r"Tìm thấy \d+ kết quả cho “dai hoi cong doan tinh”\.", status)
    first = page.locator("#search-results li").first
    assert first.locator("h2").inner_text() == ARTICLES[0].title
    marked = first.locator(".excerpt mark").all_inner_texts()
    assert {"Đại", "hội", "Công", "đoàn", "tỉnh"} <= set(marked)
    assert "Tin sự kiện · Thứ Ba, 05/11/2024, 09:30 · Ban Tổ chức" == first.locator(".meta").inner_text()
    text = page.locator("#search-results").inner_text()
    assert "PAGEFIND" not in text and "dai hoi cong doan" not in text and "dai day de doan" not in text


def test_xem_them_loads_ten_more_results_at_a_time_up_to_result_forty_without_repeats(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/tim-kiem/?q=cong+doan")
    total = int(re.search(r"Tìm thấy (\d+)", wait_done(page)).group(1))
    assert total > 40
    assert page.locator("#search-results li").count() == 10
    more = page.get_by_role("button", name="Xem thêm")
    for shown in (20, 30, 40):
        more.click()
        page.locator(f"#search-results li:nth-child({shown})").wait_for()
        assert page.locator("#search-results li").count() == shown
        # Focus goes to the first new result, so a keyboard user carries on from there.
        assert page.evaluate("() => document.activeElement.closest('li') === "
                             f"document.querySelector('#search-results li:nth-child({shown - 9})')")
    links = page.locator("#search-results li h2 a").evaluate_all("links => links.map(a => a.href)")
    assert len(set(links)) == 40
    assert more.is_visible()


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_results_arriving_move_nothing_on_the_page_and_are_kept_as_screenshots(open_page, base_url, width):
    page = open_page(width)
    page.goto(f"{base_url}/tim-kiem/?q={quote('Tết Sum vầy')}")
    wait_done(page)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__shift") < 0.01
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"tim-kiem-{width}.png"), full_page=True)
    # A second search typed in the page: the status and list change in place.
    page.get_by_label("Từ khóa", exact=True).fill("ba tri")
    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    wait_done(page)
    page.wait_for_timeout(600)
    assert page.evaluate("() => window.__shift") < 0.01
    assert page.problems == []  # type: ignore[attr-defined]


def test_a_reader_searches_pages_and_opens_a_result_with_the_keyboard_alone(open_page, base_url):
    page = open_page(768)
    page.goto(f"{base_url}/tim-kiem/")

    def tab_to(predicate: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
                return
        raise AssertionError(f"Tab never reached {predicate}")

    tab_to("el.id === 'search-input'")
    page.keyboard.type("bong chuyen nu")
    page.keyboard.press("Enter")
    assert wait_done(page).startswith("Tìm thấy")
    tab_to("el.closest('#search-results')")
    assert page.evaluate("() => document.activeElement.textContent") == titles(page)[0]
    page.keyboard.press("Enter")
    page.wait_for_url("**/giai-bong-chuyen-nu-cong-nhan-vien-chuc-lan-thu-nhat.html")
    page.go_back()
    wait_done(page)
    page.get_by_label("Từ khóa", exact=True).fill("cong doan")
    page.keyboard.press("Enter")
    wait_done(page)
    tab_to("el.id === 'search-more'", limit=80)
    page.keyboard.press("Enter")
    page.locator("#search-results li:nth-child(20)").wait_for()
    assert page.evaluate("() => document.activeElement.closest('li') === document.querySelector('#search-results li:nth-child(11)')")


def test_filters_and_sort_narrow_the_results_live_in_the_url_and_come_back_with_the_back_button(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/tim-kiem/?q=cong+doan")
    everything = int(re.search(r"Tìm thấy (\d+)", wait_done(page)).group(1))

    page.get_by_label("Năm", exact=True).select_option("2025")
    status = wait_done(page)
    assert status.endswith("(đã lọc).")
    assert parse_qs(urlparse(page.url).query) == {"q": ["cong doan"], "nam": ["2025"]}
    in_2025 = int(re.search(r"Tìm thấy (\d+)", status).group(1))
    assert 0 < in_2025 < everything
    assert all("/2025, " in m for m in page.locator("#search-results .meta").all_inner_texts())

    page.get_by_label("Loại", exact=True).select_option("Hỏi đáp pháp luật")
    wait_done(page)
    metas = page.locator("#search-results .meta").all_inner_texts()
    assert metas and all(m.startswith("Hỏi đáp pháp luật · ") and "/2025, " in m for m in metas)

    page.get_by_label("Loại", exact=True).select_option("")
    page.get_by_label("Sắp xếp", exact=True).select_option("moi-nhat")
    wait_done(page)
    dates = [re.search(r"(\d\d)/(\d\d)/(\d{4}), (\d\d:\d\d)", m).groups() for m in page.locator("#search-results .meta").all_inner_texts()]
    keys = [(y, mo, d, t) for d, mo, y, t in dates]
    assert keys == sorted(keys, reverse=True) and len(keys) == 10
    shared, newest = page.url, titles(page)
    assert parse_qs(urlparse(shared).query) == {"q": ["cong doan"], "nam": ["2025"], "xep": ["moi-nhat"]}

    page.go_back()  # the kind filter removed, before the sort
    expect(page.get_by_label("Sắp xếp", exact=True)).to_have_value("")
    wait_done(page)
    assert parse_qs(urlparse(page.url).query) == {"q": ["cong doan"], "nam": ["2025"]}
    assert page.get_by_label("Năm", exact=True).input_value() == "2025"
    for _ in range(3):  # kind chosen, year chosen, the first search
        page.go_back()
    expect(page.get_by_label("Năm", exact=True)).to_have_value("")
    expect(page.locator("#search-status")).to_have_text(f"Tìm thấy {everything} kết quả cho “cong doan”.")
    assert page.get_by_label("Từ khóa", exact=True).input_value() == "cong doan"

    other = open_page()
    other.goto(shared)  # a shared link opens the same search
    wait_done(other)
    assert other.get_by_label("Năm", exact=True).input_value() == "2025" and other.get_by_label("Sắp xếp", exact=True).input_value() == "moi-nhat"
    assert titles(other) == newest
    assert page.problems == [] and other.problems == []  # type: ignore[attr-defined]


def test_a_filter_alone_lists_the_newest_first_odd_links_are_ignored_and_nothing_found_is_said_in_vietnamese(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/tim-kiem/?loai=Trang")
    assert wait_done(page) == "Có 5 kết quả phù hợp bộ lọc."
    page.goto(f"{base_url}/tim-kiem/?nam=2025&loai=Tin+th%E1%BB%9Di+s%E1%BB%B1")
    assert wait_done(page).startswith("Có ")
    dates = [re.search(r"(\d\d)/(\d\d)/2025, (\d\d:\d\d)", m).groups()
             for m in page.locator("#search-results .meta").all_inner_texts()]
    assert len(dates) == 10 and [(m, d, t) for d, m, t in dates] == sorted(((m, d, t) for d, m, t in dates), reverse=True)
    page.goto(f"{base_url}/tim-kiem/?q=gioi+thieu&xep=moi-nhat")  # static pages stay in a sorted search
    wait_done(page)
    assert titles(page)[0] == "Giới thiệu"
    page.goto(f"{base_url}/tim-kiem/?q=kham+suc+khoe&nam=1999&xep=ngau-nhien")  # values not offered: ignored
    assert wait_done(page) == "Tìm thấy 1 kết quả cho “kham suc khoe”."
    assert page.get_by_label("Năm", exact=True).input_value() == "" and page.url.endswith("nam=1999&xep=ngau-nhien")
    page.goto(f"{base_url}/tim-kiem/?q=xyzzyq")
    assert wait_done(page).startswith("Không tìm thấy kết quả nào cho “xyzzyq”.")
    assert not page.get_by_role("button", name="Xem thêm").is_visible()
