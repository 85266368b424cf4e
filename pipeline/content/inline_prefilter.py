"""Markdown extension: an inline pattern is only tried on text that contains what it needs to match.

Python-Markdown's InlineProcessor tries every inline pattern (17 of them, plus smarty's 18 in a second
processor) on every text node, each through a Python call and a regex scan from the start. Article
text rarely holds a `[`, `*`, `<`, `&`, `` ` ``, `'` or `"`, so nearly all of that work finds nothing:
it was three quarters of Markdown's time and a sixth of a clean 10,000-article build.

Every regex below has a literal substring that any match must contain ("needs"): `[` for a link,
`'` for a smart single quote. Text without any of a pattern's needs cannot match it, and for such a
pattern the stock loop would answer "no match, next pattern, start from 0" — so skipping it gives
the same tree, byte for byte (tests/test_markdown_prefilter.py renders a varied corpus both ways;
Hypothesis checks each entry against strings generated from its regex).

The table is keyed by the regex source itself: a pattern whose regex is not listed (a new extension,
a changed regex after a Markdown upgrade) is always tried, as before. Only the loop that walks the
patterns is replaced; matching, stashing and placeholders stay Python-Markdown's own. That loop is
a private method (`InlineProcessor.__handleInline`): if a Markdown release renames it or its helper,
this extension leaves the stock processors in place (slower, never different).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, util
from markdown.treeprocessors import InlineProcessor

# smarty's "closeClass" lookbehind: after a character that closes a quote.
_AFTER_WORD = r"(?<=[^\ \t\r\n\[\{\(\-\u0002\u0003])"
# regex source → substrings of which every match contains at least one (Python-Markdown 3.x).
NEEDS: dict[str, tuple[str, ...]] = {
    # markdown.inlinepatterns
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # backtick (the \\ branch looks ahead for `)
    r"\\(.)": ("\\",),  # escape
    r"(?<!\!)\[": ("[",),  # reference, link, short reference
    r"\!\[": ("![",),  # image link, image reference, short image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    r"  \n": ("  \n",),  # line break
    (r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|"""
     r"""[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|"""
     r"""!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"""): ("<",),  # raw HTML
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # emphasis and strong
    # markdown.extensions.footnotes
    r"\[\^([^\]]*)\]": ("[^",),
    # markdown.extensions.smarty
    r"(?<!-)---(?!-)": ("---",),
    r"(?<!-)--(?!-)": ("--",),
    r"(?<!\.)\.{3}(?!\.)": ("...",),
    r"""^'(?=[!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~]\B)""": ("'",),
    r"""^"(?=[!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~]\B)""": ('"',),
    r""""'(?=\w)""": ("\"'",),
    r"""'"(?=\w)""": ("'\"",),
    _AFTER_WORD + r"\'" + '"': ("'\"",),
    _AFTER_WORD + r'\"' + "'": ("\"'",),
    r"(?<!\w)'(?=\d{2}s)": ("'",),
    r"(\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)'(?=\w)": ("'",),
    _AFTER_WORD + r"'(?!\s|s\b|\d)": ("'",),
    r"'(\s|s\b)": ("'",),
    r"'": ("'",),
    r"""(\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)"(?=\w)""": ('"',),
    r'"(?=\s)': ('"',),
    _AFTER_WORD + '"': ('"',),
    r'"': ('"',),
}

# The stock loop and the step it repeats, under their mangled names; both must exist to replace the loop.
_LOOP = "_InlineProcessor__handleInline"
_STEP = "_InlineProcessor__applyPattern"
SUPPORTED = hasattr(InlineProcessor, _LOOP) and hasattr(InlineProcessor, _STEP)


def needs_of(pattern: Any) -> tuple[str, ...] | None:
    """What `pattern` needs in a text to match there, or None when it is not known (always tried)."""
    return NEEDS.get(getattr(pattern, "pattern", None) or "")


class PrefilteredInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor that does not try a pattern on text lacking its needs."""

    def __init__(self, md: Any) -> None:
        super().__init__(md)
        self._patterns: list[Any] = []
        self._needs: list[tuple[str, ...] | None] = []
        self._any_need: re.Pattern[str] | None = None

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        patterns = list(self.inlinePatterns)
        if patterns != self._patterns:  # the first document, or the registry changed since
            self._patterns = patterns
            self._needs = [needs_of(pattern) for pattern in patterns]
            known = [need for need in self._needs if need is not None]
            # One scan answers "can anything match here?" when every pattern's needs are known.
            self._any_need = (re.compile("|".join(re.escape(s) for need in known for s in need))
                              if known and len(known) == len(self._needs) else None)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """The stock loop over the patterns, with a pattern that cannot match skipped."""
        if isinstance(data, util.AtomicString):
            return data
        if self._any_need is not None and self._any_need.search(data) is None:
            return data
        patterns, needs, apply = self._patterns, self._needs, self._InlineProcessor__applyPattern
        start = 0
        while patternIndex < len(patterns):
            need = needs[patternIndex]
            if need is not None and not any(s in data for s in need):
                # What __applyPattern answers when the regex finds nothing: next pattern, from 0.
                patternIndex, start = patternIndex + 1, 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class InlinePrefilterExtension(Extension):
    """Replaces the `inline` and `smarty` tree processors; list it after smarty."""

    def extendMarkdown(self, md: Any) -> None:
        if not SUPPORTED:
            return
        # The priorities Python-Markdown documents for these two processors.
        for name, priority in (("inline", 20), ("smarty", 6)):
            if name not in md.treeprocessors or type(md.treeprocessors[name]) is not InlineProcessor:
                continue
            replacement = PrefilteredInlineProcessor(md)
            replacement.inlinePatterns = md.treeprocessors[name].inlinePatterns
            md.treeprocessors.register(replacement, name, priority)


def makeExtension(**kwargs: Any) -> InlinePrefilterExtension:
    return InlinePrefilterExtension(**kwargs)
