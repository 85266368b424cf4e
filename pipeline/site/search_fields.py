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
from collections.abc import Iterable, Iterator

from pipeline.core.text import nfc, strip_diacritics

# Anything that is neither a letter, a digit nor white space ends a segment ('Bến Tre, ngày' → two).
_BOUNDARY = re.compile(r"[^\w\s]+|_|\n")
_SYLLABLE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """'Đoàn' → 'doan': the form both the index and the query use."""
    return strip_diacritics(nfc(text)).lower()


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
            found.extend(terms(segment))
    return found
