"""Text normalisation shared by matching, slugs and cleaning."""

from __future__ import annotations

import functools
import re
import unicodedata

from slugify import slugify as _slugify

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@functools.cache
def _strip_table() -> dict[int, str | None]:
    """str.translate table over the BMP: each letter to its NFD letters without marks, marks deleted."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x10000):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None
        else:
            decomposed = unicodedata.normalize("NFD", char)
            if decomposed != char:
                table[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
    return table


def strip_diacritics(text: str) -> str:
    """'Đồng Khởi' → 'Dong Khoi' (đ has no decomposition, so it is mapped by hand).

    One C-level pass (str.translate): the search index folds every word of 10,000 articles with it.
    """
    if text and max(text) > "\uffff":  # beyond the table: decompose character by character
        text = text.replace("đ", "d").replace("Đ", "D")
        return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.translate(_strip_table())


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form, words separated by single spaces."""
    text = strip_diacritics(nfc(text)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def match_key(text: str, abbreviations: dict[str, str] | None = None) -> str:
    """Fold text after expanding abbreviations such as 'LĐLĐ' or 'CĐ' (matched as whole words)."""
    text = nfc(str(text)).translate(_ZERO_WIDTH)
    for short, long in sorted((abbreviations or {}).items(), key=lambda kv: -len(kv[0])):
        pattern = r"(?<![\wĐđ])" + re.escape(short) + r"\.?(?![\wĐđ])"
        text = re.sub(pattern, long, text)
    return fold(text)


# Names Windows refuses for a file whatever its extension ("con.md", "aux.jpg"); slugs are lower case.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, readable slug: 'Đại hội Công đoàn tỉnh' → 'dai-hoi-cong-doan-tinh'.

    Always a file name Windows, macOS and Linux all accept: [a-z0-9-] only, at most max_length,
    never a reserved device name ('Con' → 'con-tin').
    """
    slug = _slugify(nfc(text), max_length=max_length, word_boundary=True) or "bai-viet"
    return f"{slug}-tin" if slug in WINDOWS_RESERVED else slug


def remove_zero_width(text: str) -> str:
    return text.translate(_ZERO_WIDTH)
