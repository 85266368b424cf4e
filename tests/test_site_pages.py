"""The demo site's pages, as a reader sees them: home, article, listings, static pages, 404."""

from __future__ import annotations

import base64
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from tests.browser.demo_site import PUBLIC_URL, DemoSite, demo_site_once

ARTICLE = "tuyen-giao-nu-cong/2026/cong-doan-nganh-giao-duc-trao-150-suat-hoc-bong-cho-hoc-sinh-vuot-kho.html"
QA_ARTICLE = "chinh-sach-phap-luat/2026/nguoi-lao-dong-nghi-viec-co-duoc-tro-cap-thoi-viec-khong.html"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> DemoSite:  # type: ignore[no-untyped-def]
    return demo_site_once(tmp_path_factory)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:  # type: ignore[no-untyped-def]
    return " ".join(node.get_text(" ").split())


def test_home_shows_the_latest_article_first_and_topic_blocks_of_what_is_not_shown_above(site):
    home = soup(site.dev / "index.html")
    assert home.html["lang"] == "vi"
    lead = home.select_one(".lead-story")
    assert "Công đoàn ngành Giáo dục trao 150 suất học bổng" in text(lead)  # the newest demo article
    assert lead.select_one("img")["srcset"].count("w,") == 3  # 240, 480, 960 px variants, then the photo
    # Nine demo articles: the lead and the six newest fill the top; a topic block shows only the rest.
    blocks = {text(h) for h in home.select(".topic-block h2")}
    assert blocks == {"Tuyên giáo – Nữ công"}
    assert len(home.select(".home-latest .teaser")) == 6
    nav = [text(a) for a in home.select(".site-nav a")]
    assert nav[0] == "Trang chủ" and "Chính sách – Pháp luật" in nav and "Hỏi đáp pháp luật" in nav
    footer = text(home.select_one(".site-footer"))
    assert "ldld@bentre.gov.vn" in footer and "Gửi tin, bài" in footer


def test_article_shows_title_weekday_date_and_time_unit_topic_byline_and_lead(site):
    page = soup(site.dev / ARTICLE)
    article = page.select_one("article.article")
    assert text(article.h1) == "Công đoàn ngành Giáo dục trao 150 suất học bổng cho học sinh vượt khó"
    meta = article.select_one(".meta")
    assert text(meta.time) == "Thứ Năm, 19/03/2026, 16:00"  # an article page shows the time of day
    assert meta.time["datetime"] == "2026-03-19T16:00:00+07:00"
    assert text(meta.select_one("a.unit")) == "Công đoàn ngành Giáo dục"
    assert meta.select_one("a.unit")["href"] == "../../don-vi/cd-giao-duc/"
    assert text(meta.select_one("a.topic")) == "Tuyên giáo – Nữ công"
    assert text(article.select_one(".byline")) == "Võ Thanh Sơn, Chủ tịch CĐ trường"
    assert text(article.select_one(".lead")).startswith("Ngày 19/3/2026, Công đoàn ngành Giáo dục tỉnh trao 150 suất")
    # The lead is not printed twice: the body starts with the second paragraph.
    assert text(article.select_one(".body p")).startswith("Nguồn học bổng")


def test_article_images_have_captions_srcset_from_ingest_widths_and_dimensions(site):
    figures = soup(site.dev / ARTICLE).select("article .body figure")
    assert [text(f.figcaption) for f in figures] == [
        "Lãnh đạo Công đoàn ngành trao học bổng cho học sinh", "Các em học sinh chụp ảnh lưu niệm"]
    first = figures[0].img
    assert first["alt"] == "Lãnh đạo Công đoàn ngành trao học bổng cho học sinh"
    widths = [entry.split()[-1] for entry in first["srcset"].split(", ")]
    assert widths == ["240w", "480w", "960w", "1600w"]
    for entry in first["srcset"].split(", "):
        assert (site.dev / "tuyen-giao-nu-cong" / "2026" / entry.split()[0]).resolve().is_file()
    assert (first["width"], first["height"]) == ("1600", "1067")
    assert first.get("loading") is None and figures[1].img["loading"] == "lazy"


def test_share_links_send_the_public_article_url_to_facebook_and_zalo(site):
    article = soup(site.dev / ARTICLE)
    url = f"{PUBLIC_URL}/{ARTICLE}"
    facebook = urlparse(article.select_one("a.share-facebook")["href"])
    assert facebook.netloc == "www.facebook.com" and parse_qs(facebook.query)["u"] == [url]
    zalo = urlparse(article.select_one("a.share-zalo")["href"])
    assert zalo.netloc == "button-share.zalo.me"
    assert json.loads(base64.b64decode(unquote(parse_qs(zalo.query)["d"][0]))) == {"url": url}
    assert not article.select('script[src*="zalo"], script[src*="facebook"]')


def test_article_links_to_the_previous_and_next_articles_and_related_ones(site):
    page = soup(site.dev / "tuyen-giao-nu-cong/2026/khu-du-lich-con-phung-uu-dai-gia-ve-cho-doan-vien-cong-doan.html")
    newer = page.select_one(".neighbors a[rel=next]")
    older = page.select_one(".neighbors a[rel=prev]")
    assert "Hướng dẫn thu, nộp kinh phí" not in text(newer)  # 09/03 is older than 10/03
    assert "Kiểm tra việc chấp hành Điều lệ" in text(newer)  # 12/03
    assert "Hướng dẫn thu, nộp kinh phí" in text(older)  # 09/03
    related = [text(a) for a in page.select(".related .teaser-title a")]
    assert related[:2] == ["Công đoàn ngành Giáo dục trao 150 suất học bổng cho học sinh vượt khó",
                           "LĐLĐ huyện Ba Tri tổ chức Hội thi “Nữ công khéo tay” năm 2026"]  # same topic first


def test_each_topic_unit_tag_and_month_has_a_listing_page(site):
    topic = soup(site.dev / "chinh-sach-phap-luat" / "index.html")
    assert text(topic.h1) == "Chính sách – Pháp luật"
    assert {text(a) for a in topic.select(".teaser-title a")} == {
        "Người lao động nghỉ việc có được trợ cấp thôi việc không?",
        "Nhà ở cho công nhân khu công nghiệp: những việc cần làm ngay"}
    unit = soup(site.dev / "don-vi" / "ldld-ba-tri" / "index.html")
    assert text(unit.h1) == "Liên đoàn Lao động huyện Ba Tri"
    assert "facebook.com/congdoanbatri" in text(unit.select_one(".listing-note"))
    assert [text(a) for a in unit.select(".teaser-title a")] == ["LĐLĐ huyện Ba Tri tổ chức Hội thi “Nữ công khéo tay” năm 2026"]
    units = soup(site.dev / "don-vi" / "index.html")
    assert "Công ty TNHH DL-DV-TM Cồn Phụng" in text(units)
    tag = soup(site.dev / "the" / "hoc-bong" / "index.html")
    assert "Công đoàn ngành Giáo dục trao 150 suất học bổng" in text(tag)
    month = soup(site.dev / "luu-tru" / "2026" / "03" / "index.html")
    assert text(month.h1) == "Tin, bài tháng 3/2026"
    assert len(month.select(".teaser")) == len(site.articles())
    archives = soup(site.dev / "luu-tru" / "index.html")
    assert "Tháng 3/2026" in text(archives)


def test_editorial_board_page_lists_every_editor_and_what_they_edit(site):
    board = soup(site.dev / "ban-bien-tap.html")
    rows = {text(r.th): text(r) for r in board.select("table.board tbody tr")}
    assert set(rows) == {"Nguyễn Thị Kim Dung", "Phạm Hòa", "Võ Thị Thúy Mai", "Nguyễn Hoàng Thắng",
                         "Nguyễn Thành Tâm", "Nguyễn Thị Biên"}
    assert "Lĩnh vực Tài chính" in rows["Võ Thị Thúy Mai"] and "Cồn Phụng" in rows["Võ Thị Thúy Mai"]
    assert "Trường Cao đẳng Đồng Khởi" in rows["Nguyễn Thành Tâm"]
    assert not re.search(r"\b0\d{9}\b", text(board))  # editors' phone numbers stay off the site


def test_fanpage_directory_comes_from_editorial_yml(site):
    page = soup(site.dev / "fanpage-cong-doan.html")
    links = {a["href"] for a in page.select(".fanpages a")}
    assert links == {"https://www.facebook.com/congdoantpbentre", "https://www.facebook.com/congdoanbatri",
                     "https://www.facebook.com/congdoangiongtrom", "https://www.facebook.com/congdoangiaoducbentre",
                     "https://www.facebook.com/congdoankcnbentre"}
    assert "Liên đoàn Lao động huyện Bình Đại" in text(page)  # listed among units without a Fanpage yet


def test_legal_qa_page_lists_each_question_linking_to_its_own_page_with_the_answer(site):
    page = soup(site.dev / "hoi-dap-phap-luat.html")
    items = page.select(".qa-item")
    assert len(items) == 1
    assert text(page.select_one(".qa-group h2")) == "Câu hỏi khác"  # the demo's question has no theme
    link = items[0].select_one("h3 a")
    assert text(link) == "Người lao động nghỉ việc có được trợ cấp thôi việc không?"
    assert link["href"].endswith(QA_ARTICLE)
    question = soup(site.dev / QA_ARTICLE).select_one("article.article")
    assert text(question.select_one(".lead")).startswith("Hỏi: Tôi làm việc tại công ty may được 5 năm")
    assert "Điều 46 Bộ luật Lao động năm 2019" in text(question.select_one(".body"))


def test_contributors_guide_gives_deadlines_editors_and_the_word_template(site):
    page = soup(site.dev / "gui-tin-bai.html")
    body = text(page.select_one("article"))
    assert "16:00" in body and "12 giờ hành chính" in body
    assert "Tuyên giáo – Nữ công : đồng chí Phạm Hòa" in body
    assert "ldld@bentre.gov.vn" in body and "docx" in body and "jpg" in body
    link = page.select_one('a[href$="mau-tin-bai.docx"]')
    template = (site.dev / link["href"]).resolve()
    with zipfile.ZipFile(template) as docx:
        assert "word/document.xml" in docx.namelist()


def test_missing_page_answers_in_vietnamese_with_a_way_back(site):
    page = soup(site.dev / "404.html")
    assert text(page.h1) == "Không tìm thấy trang này"
    assert page.select_one('meta[name=robots]')["content"] == "noindex"
    assert page.select_one("form[role=search] input[name=q]") is not None


def test_print_stylesheet_hides_navigation_and_shows_the_article_address(site):
    css = (site.dev / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    print_rules = css.split("@media print", 1)[1]
    for hidden in (".site-header", ".site-nav", ".site-footer", ".sidebar", ".share"):
        assert hidden in print_rules
    assert ".print-only { display: block" in print_rules
    article = soup(site.dev / ARTICLE)
    assert text(article.select_one(".print-only")) == f"Nguồn: {PUBLIC_URL}/{ARTICLE}"
