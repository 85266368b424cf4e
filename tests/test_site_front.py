"""The home page that leads, Hỏi đáp pháp luật by theme and page, and the listing details, on a generated
site built with Pelican (tests/frontsite.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from pipeline.core.config import ConfigError, load_config
from pipeline.site.frontpage import choose_lead
from tests.frontsite import FEATURED, MISSING_SLUG, QUESTIONS, FrontSite, build_front_site
from tests.sitebuild import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> FrontSite:  # type: ignore[no-untyped-def]
    return build_front_site(tmp_path_factory.mktemp("front-site"))


def page(site: FrontSite, path: str) -> BeautifulSoup:
    return BeautifulSoup((site.output / path).read_text(encoding="utf-8"), "html.parser")


def jsonld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


# --- the lead -----------------------------------------------------------------------------------


@dataclass
class Story:
    slug: str
    featured: Any = None
    images: list[dict] = field(default_factory=list)
    kind: str = "news"


def test_the_lead_is_the_newest_featured_article_then_the_newest_with_a_photo_then_the_newest():
    plain, photo = Story("moi-nhat"), Story("co-anh", images=[{"path": "images/a.jpg"}])
    featured_old = Story("noi-bat", featured=True)
    assert choose_lead([plain, photo, featured_old]) is featured_old
    assert choose_lead([plain, photo]) is photo
    assert choose_lead([plain, Story("khac")]) is plain
    # A quoted "true" is not true (BT102 refuses it in review); a Q&A never leads.
    assert choose_lead([Story("q", featured=True, kind="qa"), Story("chu", featured="true"), photo]) is photo


def test_the_home_page_leads_with_the_featured_article_and_holds_without_its_photo(site):
    home = page(site, "index.html")
    lead = home.select_one(".lead-story")
    assert lead.select_one(".lead-title a")["href"].endswith(f"/{FEATURED}.html")
    assert lead.select_one(".kicker").get_text(strip=True) == "Tin nổi bật"
    # No photo: no media column at all, the text takes the width (see the browser test).
    assert "no-media" in lead["class"] and lead.select_one(".lead-media") is None
    assert lead.select_one(".lead-summary").get_text(strip=True).startswith("Tóm tắt của bài")


def test_no_article_is_shown_twice_on_the_home_page(site):
    home = page(site, "index.html")
    teasers = home.select(".lead-title a, .home-latest .teaser-title a, .topic-block .teaser-title a")
    links = [a["href"] for a in teasers]
    assert len(links) >= 1 + 6 + 4 * 2
    assert len(links) == len(set(links)), sorted(links)
    # Q&As have their own block, not the newest list.
    assert not any("hoi-dap-so" in link for link in links)


def test_the_newest_questions_have_their_own_block_on_the_home_page(site):
    questions = [a.get_text(strip=True) for a in page(site, "index.html").select(".home-side .qa-list a")]
    assert questions == [f"Câu hỏi số {n} về quyền lợi người lao động" for n in range(QUESTIONS, QUESTIONS - 5, -1)]


def test_the_editors_highlights_block_shows_their_entries_in_order_and_leaves_out_an_unknown_article(site):
    block = page(site, "index.html").select_one(".highlights")
    assert block.select_one("h2").get_text(strip=True) == "Sự kiện"
    entries = [(a.get_text(strip=True), a["href"]) for a in block.select("li a")]
    assert [text for text, _ in entries] == ["Bài tin ngay 20", "học bổng", "Cổng thông tin Tổng Liên đoàn"]
    assert entries[0][1].endswith("/2026/tin-ngay-20.html")
    assert entries[1][1].endswith("the/hoc-bong/")
    assert entries[2][1] == "https://www.congdoan.vn/"
    log = " ".join(site.log.split())
    assert "BT714" in log and MISSING_SLUG in log


def _config_with(tmp_path: Path, items: str) -> Path:
    text = (ROOT / "editorial.yml").read_text(encoding="utf-8")
    text = re.sub(r"front_page:\n  highlights:\n    heading: Tiêu điểm\n    items: \[\]",
                  "front_page:\n  highlights:\n    heading: Tiêu điểm\n    items:\n" + items, text)
    path = tmp_path / "editorial.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("items", "code", "words"), [
    ("      - article: dai-hoi\n        url: https://example.vn/\n", "BT713", "đúng một trong article"),
    ("      - title: Chỉ có tiêu đề\n", "BT707", "đúng một trong article"),
    ("      - url: https://example.vn/\n", "BT707", "hãy ghi title"),
    ("      - article: Đại hội tỉnh\n", "BT709", "hãy chép slug"),
    ("      - url: www.example.vn\n        title: Trang\n", "BT709", "https://"),
])
def test_a_wrong_highlights_entry_is_refused_in_vietnamese_with_its_line(tmp_path, items, code, words):
    with pytest.raises(ConfigError) as error:
        load_config(_config_with(tmp_path, items))
    problems = error.value.problems
    assert [m.code for m in problems] == [code]
    assert words in problems[0].text and "front_page.highlights.items" in problems[0].text
    assert problems[0].line is not None


def test_the_shipped_editorial_yml_has_an_empty_highlights_list_that_the_site_hides():
    assert load_config(ROOT / "editorial.yml").front_page.highlights == ()


# --- Hỏi đáp pháp luật -------------------------------------------------------------------------------


def test_the_questions_index_is_grouped_by_theme_and_paged_with_numbers(site):
    first = page(site, "hoi-dap-phap-luat.html")
    groups = [h.get_text(" ", strip=True) for h in first.select(".qa-group h2")]
    assert groups == ["Bảo hiểm xã hội", "Hợp đồng lao động", "Tiền lương"]  # Vietnamese order
    assert len(first.select(".qa-item")) == 20
    nav = first.select_one("nav.pagination")
    assert nav.select_one("[aria-current=page]").get_text(strip=True) == "1"
    assert nav.select_one("a[rel=next]")["href"].endswith("hoi-dap-phap-luat/trang-2/")
    second = page(site, "hoi-dap-phap-luat/trang-2/index.html")
    assert len(second.select(".qa-item")) == QUESTIONS - 20
    headings = [h.get_text(" ", strip=True) for h in second.select(".qa-group h2")]
    assert headings == ["Tiền lương (tiếp theo)", "Câu hỏi khác"]  # a theme carried over; no theme: last
    # The themes list on every page points at the page and anchor where each theme starts.
    themes = {a.get_text(strip=True): a["href"] for a in second.select(".qa-themes a")}
    assert themes["Câu hỏi khác"].endswith("hoi-dap-phap-luat/trang-2/#chu-de-cau-hoi-khac")
    assert themes["Bảo hiểm xã hội"].endswith("hoi-dap-phap-luat.html#chu-de-bao-hiem-xa-hoi")
    assert second.select_one("#chu-de-cau-hoi-khac") is not None


def test_within_a_theme_the_newest_question_comes_first_and_each_links_to_its_own_page(site):
    first = page(site, "hoi-dap-phap-luat.html")
    group = first.select_one(".qa-group")
    titles = [a.get_text(strip=True) for a in group.select(".qa-item a")]
    numbers = [int(re.search(r"số (\d+)", t).group(1)) for t in titles]
    assert numbers == sorted(numbers, reverse=True)
    href = group.select_one(".qa-item a")["href"]
    question = page(site, href.split("../")[-1].lstrip("/"))
    assert question.select_one("h1").get_text(strip=True) == titles[0]


def test_the_index_carries_faq_page_data_and_each_question_its_qa_page_data(site):
    index = [d for d in jsonld(page(site, "hoi-dap-phap-luat.html")) if d["@type"] == "FAQPage"]
    assert len(index) == 1 and len(index[0]["mainEntity"]) == 20
    first = index[0]["mainEntity"][0]
    assert first["@type"] == "Question" and first["acceptedAnswer"]["text"].startswith("Theo Bộ luật Lao động")
    data = jsonld(page(site, "chinh-sach-phap-luat/2026/hoi-dap-so-5.html"))
    assert [d["@type"] for d in data] == ["QAPage"]
    question = data[0]["mainEntity"]
    assert question["text"] == "Tôi muốn hỏi điều 5?"
    assert question["acceptedAnswer"]["text"] == "Theo Bộ luật Lao động, câu trả lời số 5."
    assert question["acceptedAnswer"]["url"].startswith("https://") and question["answerCount"] == 1


def test_the_questions_index_has_a_search_form_limited_to_questions(site):
    form = page(site, "hoi-dap-phap-luat.html").select_one('form[role="search"][aria-label="Tìm trong hỏi đáp"]')
    assert form["action"].endswith("tim-kiem/")
    assert form.select_one('input[type=hidden][name=loai]')["value"] == "Hỏi đáp pháp luật"  # the search filter
    assert form.select_one("label").get_text(strip=True) == "Tìm câu hỏi"


def test_a_question_page_leads_back_to_the_questions_index(site):
    crumbs = [a.get_text(strip=True) for a in page(site, "chinh-sach-phap-luat/2026/hoi-dap-so-5.html").select(".breadcrumb a")]
    assert crumbs == ["Trang chủ", "Hỏi đáp pháp luật"]


# --- listings and photos ---------------------------------------------------------------------


def test_a_topic_listing_does_not_repeat_its_topic_and_a_unit_listing_its_unit_on_every_teaser(site):
    topic = page(site, "tai-chinh/index.html")
    assert topic.select(".teaser") and not topic.select(".teaser .meta a.topic")
    assert topic.select(".teaser .meta a.unit")
    unit = page(site, "don-vi/ldld-ba-tri/index.html")
    assert unit.select(".teaser") and not unit.select(".teaser .meta a.unit")
    assert unit.select(".teaser .meta a.topic")


def test_teaser_thumbnails_are_240_px_files_offered_for_120_to_192_px_slots(site):
    img = page(site, "tai-chinh/index.html").select_one(".teaser .thumb img")
    assert img["src"].endswith("-240w.jpg")
    widths = dict(reversed(entry.split()) for entry in img["srcset"].split(", "))
    assert set(widths) == {"240w", "480w"}  # never the 960 px or 1600 px files
    assert img["sizes"] == "(min-width: 40rem) 192px, 120px"
    thumb = site.output / re.sub(r"^(\.\./)+", "", img["src"])
    with Image.open(thumb) as im:
        assert im.width == 240


def test_the_site_name_and_tagline_keep_the_province_on_one_line(site):
    header = page(site, "index.html").select_one(".brand")
    kept = [span.get_text() for span in header.select(".nowrap")]
    assert kept == ["tỉnh Bến Tre", "tỉnh Bến Tre", "tỉnh Bến Tre"]


def test_the_phone_menu_is_a_details_button_named_mo_menu_with_every_section(site):
    nav = page(site, "index.html").select_one('nav.site-nav[aria-label="Lĩnh vực"]')
    summary = nav.select_one("details.menu > summary")
    assert summary.get_text(strip=True) == "Mở menu"
    phone = [a.get_text(strip=True) for a in nav.select("details.menu a")]
    wide = [a.get_text(strip=True) for a in nav.select("ul.menu-bar a")]
    assert phone == wide and phone[0] == "Trang chủ" and phone[-1] == "Hỏi đáp pháp luật"


def test_teaser_thumbnails_come_from_the_build_cache_so_a_clean_build_does_not_decode_photos_again(site, tmp_path):
    from pipeline.site.thumbs import place_thumbnail

    made = sorted((site.output.parent / "cache" / "thumbs").rglob("*-240w.jpg"))
    assert made
    kept = made[0]
    photo_path = kept.relative_to(site.output.parent / "cache" / "thumbs").parent.parent
    source = site.content / photo_path
    in_output = site.output / photo_path.parent / kept.name
    assert in_output.stat().st_ino == kept.stat().st_ino  # linked, not written twice
    before = kept.stat().st_mtime_ns
    fresh = tmp_path / "output" / kept.name  # a clean build's empty output
    fresh.parent.mkdir()
    place_thumbnail(source, fresh, kept.parent.parent)
    assert fresh.read_bytes() == kept.read_bytes() and kept.stat().st_mtime_ns == before
