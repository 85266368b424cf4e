"""The one sanitiser in real Pelican builds: contributor text never becomes live HTML anywhere the site
writes it (article page, listings, feeds, JSON-LD), and the markup articles need still works."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.content.sanitize import clean_html, json_for_script, removals, text_to_html
from tests.hostile.live import live_in_html, live_in_site
from tests.sitebuild import build_site

ATTR_LIST_BODY = """Đoàn viên **được biểu dương**{: onclick=alert(1) } trong hội nghị.

## Kết quả thi đua {: onmouseover=alert(2) }

| Đơn vị | Điểm |
|---|---:|
| Ba Tri{: onclick=alert(3) } | 95 |

Xem [kế hoạch](https://congdoan.bentre.gov.vn/ke-hoach.html){: onclick=alert(4) } của Liên đoàn.
"""
RAW_HTML_BODY = """Nội dung bài viết bình thường.

<img src="x" onerror="alert(5)">

<a href="javascript:alert(6)">Bấm vào đây</a> và [đây nữa](javascript:alert(7)).

<svg onload="alert(8)"></svg><iframe src="https://example.com/"></iframe>

<script>alert(9)</script>

<div markdown="1" onclick="alert(10)">*khối*</div>
"""
HOSTILE_SUMMARY = "Tóm tắt <script>alert(11)</script>\\n<img src=x onerror=alert(12)> [x](javascript:alert(13))"


def write_article(content: Path, slug: str, body: str, *, summary: str = "Tóm tắt bài viết.",
                  extra: str = "") -> Path:
    path = content / "van-phong" / "2026" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: Bài {slug}\nslug: {slug}\ndate: '2026-03-04T15:00+07:00'\nkind: news\nunit: van-phong\n"
        f"topic: van-phong\neditor: nguyen-thi-bien\nsummary: {json.dumps(summary, ensure_ascii=False)}\n"
        f"{extra}---\n\n{body}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("hostile")
    content = base / "content"
    write_article(content, "attr-list", ATTR_LIST_BODY)
    write_article(content, "raw-html", RAW_HTML_BODY, summary=HOSTILE_SUMMARY)
    write_article(content, "by-line", "Nội dung.", extra=(
        'author: "<script>alert(14)</script>"\nauthor_title: "<img src=x onerror=alert(15)>"\n'
        "updated: '2026-03-05T10:00+07:00'\ncorrection: \"<img src=x onerror=alert(16)>\"\n"))
    write_article(content, "dung", "Đoạn một[^1].\n\n| Cột | Số |\n|:---|---:|\n| a | 1 |\n\n[^1]: Chú thích.\n",
                  summary="Tóm tắt có \"ngoặc\" & dấu <b>.")
    output = base / "output"
    build_site(content, output, extra_env={"BANTIN_NOW": "2026-03-20T08:00"})
    return output


def test_no_page_or_feed_of_a_site_built_from_hostile_articles_has_anything_live(hostile_site: Path) -> None:
    assert live_in_site(hostile_site) == {}


def test_attr_list_syntax_typed_in_word_stays_visible_text(hostile_site: Path) -> None:
    page = (hostile_site / "van-phong" / "2026" / "attr-list.html").read_text(encoding="utf-8")
    assert "<strong>được biểu dương</strong>{: onclick=alert(1) }" in page
    assert "onclick=" not in page.replace("{: onclick=", "")


def test_a_summary_is_text_shown_with_its_angle_brackets(hostile_site: Path) -> None:
    page = (hostile_site / "van-phong" / "2026" / "dung.html").read_text(encoding="utf-8")
    assert '<div class="lead"><p>Tóm tắt có "ngoặc" &amp; dấu &lt;b&gt;.</p></div>' in page


def test_footnotes_aligned_table_cells_and_links_still_work(hostile_site: Path) -> None:
    page = (hostile_site / "van-phong" / "2026" / "dung.html").read_text(encoding="utf-8")
    assert re.search(r'<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>', page)
    assert '<div class="footnote">' in page and '<td align="right">1</td>' in page
    assert "style=" not in page


def test_json_ld_cannot_be_closed_by_a_title_or_byline(hostile_site: Path) -> None:
    page = (hostile_site / "van-phong" / "2026" / "by-line.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert block and "<" not in block.group(1)
    assert json.loads(block.group(1))["author"][0]["name"] == "<script>alert(14)</script>"


def test_the_sanitiser_keeps_only_the_allow_list() -> None:
    dirty = ('<p onclick="x" style="color:red" class="lead">a<script>b</script>'
             '<a href="javascript:x" id="main">c</a><img src="data:text/html,x" width="9x"></p>')
    assert clean_html(dirty) == "<p>a<a>c</a><img></p>"
    assert live_in_html(clean_html(dirty), whole_page=False) == []


def test_removals_name_exactly_what_the_sanitiser_drops() -> None:
    found = {(r.kind, r.tag, r.name) for r in removals('<p onclick="x"><a href="javascript:x">c</a>'
                                                         '<iframe></iframe><div class="x footnote"></div></p>')}
    assert found == {("attribute", "p", "onclick"), ("url", "a", "href"), ("tag", "iframe", ""),
                     ("class", "div", "x")}
    assert removals(clean_html('<p><a href="https://a.vn" title="t">x</a><sup id="fnref:1">1</sup></p>')) == []


def test_plain_text_becomes_escaped_paragraphs() -> None:
    assert text_to_html("a <script>\n b\n\nc & d") == "<p>a &lt;script&gt; b</p><p>c &amp; d</p>"


def test_json_for_script_leaves_no_markup_characters() -> None:
    text = json_for_script(json.dumps({"a": "</script><!-- & >"}))
    assert not set("<>&") & set(text) and json.loads(text) == {"a": "</script><!-- & >"}


def test_a_build_from_the_parse_cache_has_nothing_live_either(hostile_site: Path) -> None:
    # The cache keeps the bodies the reader cleaned; a build that reads them from it cleans nothing again.
    cached = hostile_site.parent / "from-cache"
    assert list((hostile_site.parent / "cache").glob("parsed-*/*.pickle"))
    build_site(hostile_site.parent / "content", cached, extra_env={"BANTIN_NOW": "2026-03-20T08:00"})
    assert live_in_site(cached) == {}
    page = "van-phong/2026/raw-html.html"
    assert (cached / page).read_text(encoding="utf-8") == (hostile_site / page).read_text(encoding="utf-8")


def test_only_the_very_string_the_reader_cleaned_skips_the_sanitiser() -> None:
    from pelican.contents import Article

    from pipeline.site import safety

    def article(body: str) -> Article:  # as Pelican hands it to content_object_init
        made = object.__new__(Article)
        made._content, made.metadata = body, {}
        return made

    clean = safety.cleaned_by_reader(clean_html("<p>Bài</p>"))
    # Built at run time: a new string object, never one the compiler shares with another constant.
    hostile = "".join(["<p>Bài</p>", '<img src=x onerror="alert(1)">'])  # noqa: FLY002
    safety.cleaned_by_reader(hostile[:10])  # an equal prefix marked: not the body below
    unmarked = article(hostile)
    safety.sanitize_content(unmarked)
    assert "onerror" not in unmarked._content
    kept = article(clean)
    safety.sanitize_content(kept)
    assert kept._content is clean
    again = article(clean)  # the mark is used once: a second object with that body is cleaned
    safety.sanitize_content(again)
    assert again._content == clean
    safety.forget()
