"""The public build's HTML minifier (pipeline/site/minify.py) keeps the tags the search indexer needs."""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.site.minify import ClosingTagsMinify


def test_minified_html_keeps_closing_p_and_li_tags_and_still_drops_whitespace(tmp_path):
    page = tmp_path / "a.html"
    page.write_text('<html>\n<head><title>T</title></head>\n<body>\n<p hidden data-x="y">Ẩn</p>\n'
                    "<h1>Tiêu đề</h1>\n<ul>\n  <li>Một</li>\n</ul>\n</body>\n</html>\n", encoding="utf-8")
    settings = {"CSS_MIN": False, "HTML_MIN": True, "JS_MIN": False, "INLINE_CSS_MIN": True, "INLINE_JS_MIN": False}
    ClosingTagsMinify(SimpleNamespace(settings=settings, output_path=str(tmp_path)))
    assert page.read_text(encoding="utf-8") == (
        "<html><head><title>T</title></head><body><p data-x=y hidden>Ẩn</p><h1>Tiêu đề</h1>"
        "<ul><li>Một</li></ul></body></html>")
