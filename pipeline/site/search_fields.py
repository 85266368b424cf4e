"""How text becomes search terms (docs/site.md#search), the same way for the index and the query.

Text is split into segments at punctuation and block boundaries; a segment into syllables (runs of
letters and digits: Vietnamese writes one syllable per word). Each syllable is folded: lower case, no
tone or vowel marks, 'đ' as 'd', so 'Công đoàn', 'cong doan' and 'CÔNG ĐOÀN' are one term. The terms
of a segment are its folded syllables and its syllable bigrams ('cong doan'): most Vietnamese words
are two syllables, and a bigram's postings are far smaller than its two syllables'. theme/static/js/
search.js splits and folds a query with the same rules.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator

# Anything that is neither a letter, a digit nor white space ends a segment ('Bến Tre, ngày' → two).
_BOUNDARY = re.compile(r"[^\w\s]+|_|\n")
_SYLLABLE = re.compile(r"[^\W_]+")


def _fold_table() -> dict[int, str | None]:
    """str.translate table: each precomposed letter to its letters without marks, marks deleted."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x10000):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None
            continue
        decomposed = unicodedata.normalize("NFD", char)
        if decomposed != char:
            table[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """'Đoàn' → 'doan': the form both the index and the query use (one C-level pass over the text)."""
    return unicodedata.normalize("NFC", text).translate(_FOLD).lower()


def segments(text: str) -> Iterator[list[str]]:
    """The folded syllables of each segment of `text`: 'Công đoàn, Bến Tre' → [cong, doan], [ben, tre]."""
    for part in _BOUNDARY.split(fold(text)):
        syllables = _SYLLABLE.findall(part)
        if syllables:
            yield syllables


def terms(segment: list[str]) -> list[str]:
    """A segment's syllables, then its bigrams: [cong, doan, tinh] → cong doan tinh, 'cong doan', 'doan tinh'."""
    return [*segment, *map(" ".join, itertools.pairwise(segment))]


def text_terms(texts: Iterable[str]) -> list[str]:
    found: list[str] = []
    for text in texts:
        for segment in segments(text):
            found.extend(segment)
            found.extend(map(" ".join, itertools.pairwise(segment)))
    return found
