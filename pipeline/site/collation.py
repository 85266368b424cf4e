"""Vietnamese alphabetical order for every list the site sorts for people (tags, units, editors).

Python compares code points, which puts 'đại hội' after 'văn phòng' and 'ân' after 'yêu'. Vietnamese
dictionaries order syllable by syllable: first the letters of the alphabet
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then, for the same letters, the tone:
ngang, huyền, hỏi, ngã, sắc, nặng ('ma' < 'mà' < 'mả' < 'mã' < 'má' < 'mạ' < 'mác').

ICU (PyICU) knows this order, but it has no wheel for this platform and would need libicu-dev and a
C++ build on every machine and CI runner; this key is small, exact for Vietnamese and tested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import Environment, pass_environment
from jinja2.filters import make_attrgetter

# The letters, in order; f j w z (foreign names) sit where the Latin alphabet puts them.
ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Combining marks that make a letter of its own (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks in dictionary order; ngang (no mark) is 0.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_WORD = re.compile(r"\w+")

SyllableKey = tuple[tuple[tuple[int, int], ...], int]


def _syllable_key(word: str) -> SyllableKey:
    letters: list[tuple[int, int]] = []
    tone = 0
    for char in unicodedata.normalize("NFD", word):
        if char in _TONES:
            tone = _TONES[char]
        elif char in _LETTER_MARKS and letters:
            base = ALPHABET[letters[-1][1]] if letters[-1][0] == 1 else ""
            composed = unicodedata.normalize("NFC", base + char)
            if composed in _LETTER_RANK:
                letters[-1] = (1, _LETTER_RANK[composed])
        elif char in _LETTER_RANK:
            letters.append((1, _LETTER_RANK[char]))
        elif not unicodedata.combining(char):
            # Digits before letters; anything else after them, by code point.
            letters.append((0 if char.isdigit() else 2, ord(char)))
    return tuple(letters), tone


def vn_key(text: Any) -> tuple[tuple[SyllableKey, ...], str]:
    """Sort key for `text` in Vietnamese order; case only breaks ties."""
    value = str(text or "")
    folded = value.casefold()
    return tuple(_syllable_key(word) for word in _WORD.findall(folded)), value


def vn_sorted(items: Iterable[Any], key: Callable[[Any], Any] | None = None,
              reverse: bool = False) -> list[Any]:
    """`sorted` in Vietnamese order; `key` picks the text to compare (default: the item itself)."""
    pick = key or (lambda item: item)
    return sorted(items, key=lambda item: vn_key(pick(item)), reverse=reverse)


@pass_environment
def vn_sort_filter(environment: Environment, items: Iterable[Any], attribute: str | None = None,
                   reverse: bool = False) -> list[Any]:
    """Jinja: `tags|vn_sort(attribute="0.name")`, like the built-in `sort` but in Vietnamese order."""
    pick = make_attrgetter(environment, attribute) if attribute else None
    return vn_sorted(items, key=pick, reverse=reverse)
