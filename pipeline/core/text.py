"""Text normalisation shared by matching, slugs and cleaning."""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify as _slugify

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """'Đồng Khởi' → 'Dong Khoi' (đ has no decomposition, so it is mapped by hand)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, readable slug: 'Đại hội Công đoàn tỉnh' → 'dai-hoi-cong-doan-tinh'."""
    return _slugify(nfc(text), max_length=max_length, word_boundary=True) or "bai-viet"


def remove_zero_width(text: str) -> str:
    return text.translate(_ZERO_WIDTH)
