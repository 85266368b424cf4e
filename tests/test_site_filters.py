"""The theme's helpers: Vietnamese dates, share links, responsive images, Q&A split, search words."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlparse

from pipeline.core.dates import TZ
from pipeline.site.filters import (
    canonical_path,
    facebook_share,
    qa_parts,
    responsive_images,
    variant,
    vn_date,
    vn_weekday_date,
    without_lead,
    zalo_share,
)

IMAGE = {
    "path": "images/2026/dai-hoi/anh-1.jpg", "caption": "Quang cảnh Đại hội", "width": 1600, "height": 1067,
    "variants": [{"path": "images/2026/dai-hoi/anh-1-480w.jpg", "width": 480},
                 {"path": "images/2026/dai-hoi/anh-1-960w.jpg", "width": 960}],
}


def test_article_dates_read_with_the_vietnamese_weekday():
    assert vn_weekday_date(datetime(2026, 3, 4, 8, 30, tzinfo=TZ)) == "Thứ Tư, 04/03/2026"
    assert vn_weekday_date(datetime(2026, 3, 8, tzinfo=TZ)) == "Chủ nhật, 08/03/2026"
    assert vn_weekday_date("2026-03-21T10:00+07:00") == "Thứ Bảy, 21/03/2026"
    assert vn_date("2026-03-21T10:00+07:00") == "21/03/2026"
    assert vn_weekday_date(None) == ""


def test_dates_are_shown_in_vietnam_time_whatever_zone_they_were_written_in():
    assert vn_date("2026-03-03T20:00:00+00:00") == "04/03/2026"


def test_zalo_share_link_carries_the_article_url_as_base64_json():
    url = "https://congdoan.bentre.gov.vn/tuyen-giao-nu-cong/2026/dai-hoi.html"
    link = urlparse(zalo_share(url))
    assert (link.scheme, link.netloc, link.path) == ("https", "button-share.zalo.me", "/share_external")
    payload = json.loads(base64.b64decode(unquote(parse_qs(link.query)["d"][0])))
    assert payload == {"url": url}


def test_facebook_share_link_carries_the_encoded_article_url():
    url = "https://congdoan.bentre.gov.vn/a b.html?x=1"
    link = urlparse(facebook_share(url))
    assert link.netloc == "www.facebook.com" and link.path == "/sharer/sharer.php"
    assert parse_qs(link.query)["u"] == [url]


def test_body_images_get_srcset_sizes_dimensions_and_lazy_loading_after_the_first():
    html = ('<figure><img alt="Quang cảnh Đại hội" src="../../images/2026/dai-hoi/anh-1.jpg"></figure>'
            '<figure><img alt="Thứ hai" src="../../images/2026/dai-hoi/anh-2.jpg"></figure>')
    second = dict(IMAGE, path="images/2026/dai-hoi/anh-2.jpg", variants=[])
    out = str(responsive_images(html, [IMAGE, second]))
    assert ('srcset="../../images/2026/dai-hoi/anh-1-480w.jpg 480w, ../../images/2026/dai-hoi/anh-1-960w.jpg 960w, '
            '../../images/2026/dai-hoi/anh-1.jpg 1600w"') in out
    assert 'width="1600" height="1067"' in out
    first, rest = out.split("</figure>", 1)
    assert 'loading="lazy"' not in first and 'loading="lazy"' in rest
    assert 'alt="Quang cảnh Đại hội"' in out


def test_teaser_thumbnail_uses_the_widest_variant_that_fits():
    assert variant(IMAGE, 480) == "images/2026/dai-hoi/anh-1-480w.jpg"
    assert variant(IMAGE, 1000) == "images/2026/dai-hoi/anh-1-960w.jpg"
    assert variant(dict(IMAGE, variants=[]), 480) == "images/2026/dai-hoi/anh-1.jpg"


def test_the_lead_is_not_repeated_as_the_first_body_paragraph():
    summary = "<p>Sáng ngày 04/3/2026, Đại hội khai mạc.</p>"
    body = "<p>Sáng ngày 04/3/2026, Đại hội khai mạc.</p>\n<p>Đại hội bầu Ban Chấp hành.</p>"
    assert str(without_lead(body, summary)) == "<p>Đại hội bầu Ban Chấp hành.</p>"
    assert str(without_lead(body, "<p>Khác</p>")) == body


def test_qa_article_splits_into_question_and_answer():
    article = SimpleNamespace(content="<p>Hỏi: Tôi có được trợ cấp không?</p>\n<p>Đáp: Theo Điều 46, có.</p><p>Thêm.</p>",
                              summary="<p>Hỏi: Tôi có được trợ cấp không?</p>")
    parts = qa_parts(article)
    assert str(parts["question"]) == "<p>Tôi có được trợ cấp không?</p>"
    assert str(parts["answer"]) == "<p>Theo Điều 46, có.</p><p>Thêm.</p>"
    bold = SimpleNamespace(content="<p><strong>Hỏi</strong>: A?</p><p><strong>Trả lời:</strong> B.</p>", summary="")
    assert (str(qa_parts(bold)["question"]), str(qa_parts(bold)["answer"])) == ("<p>A?</p>", "<p>B.</p>")
    loose = SimpleNamespace(content="<p>Trả lời chung.</p>", summary="<p>Câu hỏi?</p>")
    assert str(qa_parts(loose)["question"]) == "<p>Câu hỏi?</p>"


def test_canonical_path_drops_index_html():
    assert canonical_path("index.html") == ""
    assert canonical_path("tuyen-giao-nu-cong/index.html") == "tuyen-giao-nu-cong/"
    assert canonical_path("tai-chinh/2026/a.html") == "tai-chinh/2026/a.html"


def test_search_terms_are_folded_syllables_and_their_bigrams_never_across_punctuation():
    from pipeline.site.search_fields import segments, text_terms

    assert list(segments("Đại hội Công đoàn tỉnh: “lần thứ XI”")) == [["dai", "hoi", "cong", "doan", "tinh"],
                                                                     ["lan", "thu", "xi"]]
    assert list(text_terms(["ĐOÀN viên, Bến Tre"])) == ["doan", "vien", "doan vien", "ben", "tre", "ben tre"]
    # Decomposed input (as some editors paste it) folds the same as precomposed.
    assert list(segments("Công đoàn".replace("ô", "o\u0302"))) == [["cong", "doan"]]
