"""Teasers and the sidebar are rendered once per build, and never outlive the build that made them."""

from __future__ import annotations

import re

import jinja2

from pipeline.site import fragments
from tests.golden_site import NOW, snapshot
from tests.sitebuild import build_site
from tests.test_site_preview import built_preview

TEMPLATE = """\
{% macro teaser(item, heading="h3") %}<{{ heading }}><a href="{{ SITEURL }}/{{ item.url }}">{{ item.title }}</a></{{ heading }}>{% endmacro -%}
{{ once(teaser, item, SITEURL, heading="h2") }}|{{ once(teaser, item, SITEURL, heading="h2") }}|{% call fragment("side", SITEURL) %}<aside>{{ SITEURL }}</aside>{% endcall %}"""


class Item:
    def __init__(self, title: str) -> None:
        self.title, self.url, self.source_path = title, "tin/a.html", "/content/a.md"


def _render(siteurl: str, item: Item) -> str:
    env = jinja2.Environment(autoescape=True)
    env.globals.update(once=fragments.once, fragment=fragments.fragment)
    return env.from_string(TEMPLATE).render(SITEURL=siteurl, item=item)


def test_a_cached_teaser_keeps_each_folder_depths_relative_links_and_is_dropped_at_the_next_build():
    fragments.clear()
    item = Item("Hội thi <Nữ công>")
    deep, top = _render("../..", item), _render(".", item)
    assert deep == '<h2><a href="../../tin/a.html">Hội thi &lt;Nữ công&gt;</a></h2>|' * 2 + "<aside>../..</aside>"
    assert top == '<h2><a href="./tin/a.html">Hội thi &lt;Nữ công&gt;</a></h2>|' * 2 + "<aside>.</aside>"

    item.title = "Hội thi Nữ công khéo tay"
    assert "Nữ công khéo tay" not in _render(".", item)  # same build: the teaser made earlier is reused
    fragments.clear()  # what every build starts with (connected to Pelican's get_generators)
    assert "Nữ công khéo tay" in _render(".", item)


def test_a_title_edit_in_the_preview_gives_the_same_pages_as_a_clean_build(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_NOW", NOW)
    paths, preview = built_preview(tmp_path)
    # The newest article: it is in the sidebar of every article page, as well as in teasers.
    page = next(p for p in (tmp_path / "output").rglob("*.html") if 'class="latest"' in p.read_text(encoding="utf-8"))
    slug = re.search(r'class="latest">\s*<li><a href="[^"]*/([^/"]+)\.html"', page.read_text(encoding="utf-8"))[1]
    newest = next(p for p in paths if p.stem == slug)
    text = newest.read_text(encoding="utf-8")
    newest.write_text(text.replace("title: ", "title: Bản sửa ", 1), encoding="utf-8")
    preview.build([str(newest)])

    build_site(tmp_path / "content", tmp_path / "clean", extra_env={"BANTIN_NOW": NOW})
    previewed, clean = snapshot(tmp_path / "output"), snapshot(tmp_path / "clean")
    assert sorted(set(previewed) ^ set(clean)) == []
    assert [name for name in clean if previewed[name] != clean[name]] == []
    assert sum("Bản sửa " in page for page in previewed.values()) >= 10


MACROS = """{% macro teaser(item, heading="h3") -%}
<{{ heading }}><a href="{{ SITEURL }}/{{ item.url }}">{{ item.title }}</a>{% set src = SITEURL ~ '/' ~ item.url %}<img src="{{ src }}"></{{ heading }}>
{%- endmacro %}"""
PAGE = """{% from "_macros.html" import teaser with context %}{{ once(teaser, item, SITEURL, heading="h2") }}"""
DIRECT = """{% from "_macros.html" import teaser with context %}{{ teaser(item, heading="h2") }}"""


def _pages() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, loader=jinja2.DictLoader({"_macros.html": MACROS, "page": PAGE,
                                                                      "direct": DIRECT}))
    env.globals.update(once=fragments.once, fragment=fragments.fragment)
    return env


def test_a_teaser_is_rendered_once_for_every_folder_depth_and_each_depth_gets_what_rendering_there_gives():
    fragments.clear()
    renders: list[str] = []
    env = _pages()
    item = Item("Hội thi <Nữ công> & \"khéo tay\"")
    original = fragments._placeholder_macro

    def counted(context, macro):  # type: ignore[no-untyped-def]
        neutral = original(context, macro)
        return None if neutral is None else (lambda *a, **k: renders.append("render") or neutral(*a, **k))

    fragments._placeholder_macro = counted
    try:
        for siteurl in ("../..", ".", "../../..", "https://congdoan.example.vn", "a&b"):
            once = env.get_template("page").render(SITEURL=siteurl, item=item)
            direct = env.get_template("direct").render(SITEURL=siteurl, item=item)
            assert once == direct
    finally:
        fragments._placeholder_macro = original
    assert renders == ["render"]  # five depths, one rendering
    assert 'href="a&amp;b/tin/a.html"' in env.get_template("page").render(SITEURL="a&b", item=item)


def test_a_title_holding_the_placeholder_is_rendered_at_each_depth_instead():
    fragments.clear()
    env = _pages()
    item = Item("Tin\x00SITEURL\x00lạ")
    for siteurl in ("..", "../.."):
        assert env.get_template("page").render(SITEURL=siteurl, item=item) == \
            env.get_template("direct").render(SITEURL=siteurl, item=item)
