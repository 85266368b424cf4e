"""Markdown extension: a block processor is only offered a block that holds what it needs to apply.

Python-Markdown's BlockParser offers each block to its 13 block processors in turn (empty block,
indented list item, code block, table, headers, rule, lists, quote, footnote, reference, paragraph)
until one takes it. An article is mostly plain paragraphs, which reach the last one after twelve
tests that cannot succeed: a table needs a `|`, a heading a `#`, a quote a `>`, a footnote `[^`, a
reference `]:`. Skipping a processor whose needs are absent is what the stock loop does after that
processor's `test` says no (or, for footnotes and references, after `run` puts the block back and
says no), so the tree is the same (tests/test_markdown_prefilter.py).

Processors are matched by exact class, so a subclass with another test is always offered the block.
The needs were read from Python-Markdown's 3.11 sources; with another minor version the extension
does nothing until they are checked again (the test says so).
"""

from __future__ import annotations

from typing import Any

import markdown
from markdown import Extension
from markdown.blockparser import BlockParser
from markdown.blockprocessors import (
    BlockQuoteProcessor,
    CodeBlockProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ListIndentProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
)
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor
from markdown.extensions.tables import TableProcessor

VERIFIED_WITH = (3, 11)
ACTIVE = tuple(markdown.__version_info__[:2]) == VERIFIED_WITH

_INDENT = ("<tab>",)  # stands for one tab_length of spaces at the start of the block
# processor class → substrings of which a block it can take holds at least one.
NEEDS: dict[type, tuple[str, ...]] = {
    ListIndentProcessor: _INDENT,  # test: block.startswith(" " * tab_length) and …
    CodeBlockProcessor: _INDENT,  # test: block.startswith(" " * tab_length)
    TableProcessor: ("|",),  # test: a header row split on pipes into cells
    HashHeaderProcessor: ("#",),  # RE: (?:^|\n)(?P<level>#{1,6})…
    SetextHeaderProcessor: ("\n=", "\n-"),  # RE: ^.*?\n(?:=+|-+)[ ]*(\n|$)
    HRProcessor: ("-", "_", "*"),  # RE: three or more of one of them on a line
    SaneOListProcessor: (".",),  # RE: ^[ ]{0,3}\d+\.[ ]+(.*)
    SaneUListProcessor: ("*", "+", "-"),  # RE: ^[ ]{0,3}[*+-][ ]+(.*)
    BlockQuoteProcessor: (">",),  # RE: (^|\n)[ ]{0,3}>[ ]?(.*)
    FootnoteBlockProcessor: ("[^",),  # run: RE ^[ ]{0,3}\[\^([^\]]*)\]:… else put back, False
    ReferenceProcessor: ("]:",),  # run: RE ^[ ]{0,3}\[([^\[\]]*)\]:… else put back, False
}


def needs_of(processor: Any) -> tuple[str, ...] | None:
    """What `processor` needs in a block to take it, or None when it is always offered the block."""
    needs = NEEDS.get(type(processor))
    if needs is _INDENT:
        return (" " * processor.tab_length,)
    return needs


class PrefilteredBlockParser(BlockParser):
    """Python-Markdown's BlockParser that does not offer a block to a processor lacking its needs."""

    def parseBlocks(self, parent: Any, blocks: list[str]) -> None:
        while blocks:
            for processor in self.blockprocessors:
                needs = needs_of(processor)
                if needs is not None:
                    block = blocks[0]
                    if not any(need in block for need in needs):
                        continue  # its test would say no (or its run would put the block back)
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break


class BlockPrefilterExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:
        if ACTIVE and type(md.parser) is BlockParser:
            md.parser.__class__ = PrefilteredBlockParser


def makeExtension(**kwargs: Any) -> BlockPrefilterExtension:
    return BlockPrefilterExtension(**kwargs)
