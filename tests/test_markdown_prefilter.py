"""The prefilters (pipeline/content/inline_prefilter.py, block_prefilter.py) change how fast Markdown runs,
never what it writes: the site's Markdown renders a varied corpus to the same bytes as stock
Python-Markdown with the same extensions, before and after the sanitiser."""

from __future__ import annotations

import copy
import random
import xml.etree.ElementTree as etree

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.content import block_prefilter, inline_prefilter, markup
from pipeline.content.sanitize import clean_html

# Pieces of article text that reach every inline pattern: links and images of each kind, footnotes,
# smart quotes, apostrophes, dashes and ellipses, entities, code, escapes, emphasis, raw and hostile
# HTML, autolinks, hard line breaks, and Vietnamese text between them.
WORDS = ["Liên đoàn", "Lao động", "tỉnh Bến Tre", "đoàn viên", "công nhân", "năm 2026", "55.581", "72%",
         "Nguyễn Thị Mai", "hội nghị", "Đồng chí", "ngày 04/3", "x", "s", "'90s", "rock'n'roll", "1 < 2", "3 > 2"]
INLINE = [
    "[kế hoạch](https://congdoan.bentre.gov.vn/ke-hoach.html)", '[đây](/a.html "Tiêu đề")', "[ref][1]",
    "[ref]", "[ref] [1]", "![ảnh](/i.jpg)", '![ảnh](/i.jpg "Chú thích")', "![ảnh][img]", "![img]",
    "[^1]", "[^chu-thich]", "[^missing]", "<https://example.vn/a?b=1&c=2>", "<mail@example.vn>",
    "<b>đậm</b>", "<span onclick=alert(1)>x</span>", "<script>alert(2)</script>", "<!-- ghi chú -->",
    "<?php echo 1; ?>", "<![CDATA[x]]>", "&amp;", "&copy;", "&#8212;", "&#x3C;", "& rời", "AT&T", "&nbsp;",
    "`mã`", "``a ` b``", "\\*", "\\[", "\\\\", "\\`", "*nghiêng*", "**đậm**", "***cả hai***", "_gạch_",
    "__đậm__", "a * b", "a _ b", "snake_case_name", "**[đậm trong link](/x)**", "[*nghiêng* trong](/y)",
    '"trích dẫn"', "'đơn'", "\"'lồng'\"", "'\"lồng\"'", "it's", "'90s", "--", "---", "----", "...", "....",
    "-- \"x\"", "&ndash;'y'", " 'z'", '"', "'", "a\"b", "(\"c\")", "[\"d\"]", "“cong”", "…", "—", "–",
    "{: onclick=alert(3) }", "javascript:alert(4)", "[x](javascript:alert(5))", "*a **b** c*", "**a *b* c**",
]
BLOCKS = [
    "| Đơn vị | Điểm |\n|---|---:|\n| Ba Tri | 95 |\n| \"Giồng\" Trôm's | 9--0 |",
    "| Trái | Giữa | Phải |\n|:---|:---:|---:|\n| [a](/a) | *b* | `c` |",
    "- một\n- hai 'ba'\n- bốn...",
    "1. thứ nhất\n2. thứ hai\n\n    mã thụt lề 'x' -- y",
    "3. bắt đầu từ ba\n4. tiếp",
    "> Trích \"dẫn\" -- lời chị Mai.\n> Dòng hai.",
    "# Tiêu đề 'một'\n\n## Tiêu đề **hai**",
    "    khối mã \"không\" đổi -- ...",
    "```\nkhông phải fenced\n```",
    "---",
    "<div class=\"x\" onclick=\"alert(6)\">khối HTML</div>",
    "<table><tr><td>bảng giữ nguyên</td></tr></table>",
    '![Hội nghị tổng kết](/images/a.jpg "Hội nghị \'tổng kết\' -- năm 2025")',
    "![Không chú thích](/images/b.jpg)",
    "[1]: https://example.vn/a \"Tham chiếu\"\n[img]: /images/c.jpg 'Ảnh'\n[ref]: /ref.html",
    "[^1]: Chú thích *một* -- \"trích\".\n[^chu-thich]: Chú thích hai.",
    "dòng một  \ndòng hai",
    "Tiêu đề kiểu Setext\n===", "Tiêu đề cấp hai\n---", "* * *", "___", "- - -", "+ cộng\n+ trừ",
    "* sao\n\n    đoạn thụt lề trong mục", "1. mục\n    - con 'a'\n    - con \"b\"", "> trích\n>\n> > lồng",
    "đoạn văn\n> trích ngay sau", "đoạn | có | gạch đứng", "a | b\n--|--\n1 | 2", "# Tiêu đề #",
    "#không phải tiêu đề", "[ref]: /ref.html", "[x]: <https://example.vn> (Tiêu đề)", "2026. Năm mới",
    "    mã\n\n    tiếp mã", "[^2]:\n    chú thích thụt lề", "dòng\n[^3]: chú thích sau đoạn",
]


def _paragraph(rng: random.Random) -> str:
    parts = [rng.choice(INLINE) if rng.random() < 0.35 else rng.choice(WORDS) for _ in range(rng.randint(1, 14))]
    joiners = [" ", " ", " ", "", "\n", "  \n", ", ", ". "]
    return "".join(part + rng.choice(joiners) for part in parts).strip()


def corpus(count: int = 300, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    documents = []
    for _ in range(count):
        blocks = [rng.choice(BLOCKS) if rng.random() < 0.3 else _paragraph(rng)
                  for _ in range(rng.randint(1, 8))]
        documents.append("\n\n".join(blocks) + "\n")
    return documents


def stock_markdown() -> markdown.Markdown:
    """The site's Markdown settings without the prefilters: Python-Markdown's own parser and processors."""
    configs = copy.deepcopy(markup.MARKDOWN["extension_configs"])
    del configs["pipeline.content.inline_prefilter"]
    del configs["pipeline.content.block_prefilter"]
    return markdown.Markdown(extensions=list(configs), extension_configs=configs,
                             output_format=markup.MARKDOWN["output_format"])


STOCK = stock_markdown()


def stock_render(body: str) -> str:
    return STOCK.reset().convert(body)


def test_the_site_markdown_uses_the_prefilter_for_inline_and_smart_quotes() -> None:
    md = markup._markdown()
    assert inline_prefilter.SUPPORTED, "Python-Markdown renamed the inline loop: the prefilter is off"
    for name in ("inline", "smarty"):
        assert isinstance(md.treeprocessors[name], inline_prefilter.PrefilteredInlineProcessor)
    # Same place in the order of tree processors as the ones they replace.
    for name in ("inline", "smarty"):
        assert md.treeprocessors.get_index_for_name(name) == STOCK.treeprocessors.get_index_for_name(name)


def test_the_site_markdown_uses_the_block_prefilter() -> None:
    assert block_prefilter.ACTIVE, "another Python-Markdown version: check block_prefilter.NEEDS again"
    md = markup._markdown()
    assert isinstance(md.parser, block_prefilter.PrefilteredBlockParser)
    assert type(STOCK.parser) is not block_prefilter.PrefilteredBlockParser
    # Every block processor but the empty-block and paragraph ones has known needs.
    unknown = [type(p).__name__ for p in md.parser.blockprocessors if block_prefilter.needs_of(p) is None]
    assert unknown == ["EmptyBlockProcessor", "ParagraphProcessor"]


def test_every_inline_pattern_of_the_site_has_known_needs() -> None:
    """A pattern without an entry is always tried (correct, slow): a Markdown upgrade that changes a regex
    shows up here, so its needs are written down again rather than the speed lost silently."""
    md = markup._markdown()
    unknown = [pattern.pattern for name in ("inline", "smarty")
               for pattern in md.treeprocessors[name].inlinePatterns
               if inline_prefilter.needs_of(pattern) is None]
    assert unknown == []


def test_a_varied_corpus_renders_to_the_same_bytes_as_stock_markdown() -> None:
    documents = corpus()
    different = [body for body in documents if markup.render(body) != stock_render(body)]
    assert different == []
    # The corpus reaches what the prefilter decides about: links, figures, footnotes, smart quotes.
    rendered = "".join(markup.render(body) for body in documents)
    for produced in ("<a href=", "<figure>", "footnote-ref", "&ldquo;", "&rsquo;", "&ndash;", "&mdash;",
                     "&hellip;", "<em>", "<strong>", "<code>", "<br>", "<table>", "&amp;", "&lt;", "<h1>",
                     "<h2>", "<hr>", "<ol>", "<ul>", "<blockquote>", "<pre>", 'class="footnote"'):
        assert produced in rendered, produced


def test_the_sanitised_html_is_the_same_too() -> None:
    for body in corpus(120, seed=5):
        assert clean_html(markup.render(body)) == clean_html(stock_render(body))


def test_a_wrong_need_would_change_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus comparison has teeth: claim links need '§' and links stop being made."""
    link = r"(?<!\!)\["
    monkeypatch.setitem(inline_prefilter.NEEDS, link, ("§",))
    configs = copy.deepcopy(markup.MARKDOWN["extension_configs"])
    md = markdown.Markdown(extensions=list(configs), extension_configs=configs, output_format="html5")
    assert any(md.reset().convert(body) != stock_render(body) for body in corpus(60))


def test_a_wrong_block_need_would_change_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(block_prefilter.NEEDS, block_prefilter.HashHeaderProcessor, ("§",))
    configs = copy.deepcopy(markup.MARKDOWN["extension_configs"])
    md = markdown.Markdown(extensions=list(configs), extension_configs=configs, output_format="html5")
    assert any(md.reset().convert(body) != stock_render(body) for body in corpus(60))


BLOCK_TEXT = st.lists(st.sampled_from(["a", "1", "2026", " ", "    ", "\n", "\n\n", "#", "=", "-", "_", "*", "+",
                                       ".", ">", "|", "[", "]", "^", ":", "(", ")", "'", '"', "<b>", "Bến Tre"]),
                      max_size=30).map("".join)


@pytest.mark.parametrize("index", range(len(list(markup._markdown().parser.blockprocessors))))
def test_a_block_without_a_processors_needs_is_one_it_would_not_take(index: int) -> None:
    """For each processor with needs: a block holding none of them fails its test, or (footnotes,
    references) its run puts the block back and says no."""
    processor = list(STOCK.parser.blockprocessors)[index]
    needs = block_prefilter.needs_of(processor)
    if needs is None:
        return

    @settings(max_examples=300, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(BLOCK_TEXT.filter(lambda block: not any(need in block for need in needs)))
    def not_taken(block: str) -> None:
        parent = etree.Element("div")
        STOCK.reset()
        if processor.test(parent, block):
            blocks = [block, "next"]
            assert processor.run(parent, blocks) is False, (type(processor).__name__, block)
            assert blocks == [block, "next"] and len(parent) == 0

    not_taken()


def _patterns(processor: str) -> list:  # type: ignore[type-arg]
    return list(markup._markdown().treeprocessors[processor].inlinePatterns)


@pytest.mark.parametrize(("processor", "index"), [(processor, index) for processor in ("inline", "smarty")
                                                   for index in range(len(_patterns(processor)))])
def test_every_string_a_pattern_matches_contains_one_of_its_needs(processor: str, index: int) -> None:
    pattern = _patterns(processor)[index]
    needs = inline_prefilter.needs_of(pattern)
    assert needs is not None

    @settings(max_examples=150, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.from_regex(pattern.compiled_re))
    def contains_a_need(text: str) -> None:
        assert any(need in text for need in needs), (pattern.pattern, text)

    contains_a_need()


PIECES = st.sampled_from(INLINE + WORDS + ["\n", "\n\n", "  \n", " ", "'", '"', "-", ".", "[", "]", "(", ")",
                                           "!", "<", ">", "&", ";", "*", "_", "`", "\\", "#", "|", ":", "^"])


@settings(max_examples=300, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=25).map("".join))
def test_any_text_renders_to_the_same_bytes_as_stock_markdown(body: str) -> None:
    assert markup.render(body) == stock_render(body)
