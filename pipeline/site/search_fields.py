"""What a page gives the search index besides its visible text (docs/site.md#search).

Hidden, empty elements whose attributes Pagefind reads: the page kind as a filter and as metadata,
and plain-letter spellings as metadata. Metadata is searched but never part of the page text, so
these words can rank a page yet never show up in a result's excerpt.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from pipeline.site.filters import plain, unaccent

# Pagefind folds tone marks by itself ('hoi' finds 'hội') but not 'đ', a letter of its own.
_HAS_D = re.compile(r"[đĐ]")


def folded_title(title: Any) -> str:
    """'Đại hội Công đoàn tỉnh' → 'dai hoi cong doan tinh': what a reader types without diacritics."""
    return " ".join(re.findall(r"\w+", unaccent(plain(title)).lower()))


def d_words(*texts: Any) -> str:
    """Each word with 'đ', spelt with 'd' and no tone marks, once: 'đoàn đã' → 'da doan'."""
    words: set[str] = set()
    for text in texts:
        words.update(w for w in re.findall(r"\w+", plain(text).lower()) if _HAS_D.search(w))
    return " ".join(sorted({unaccent(w) for w in words}))


def search_extras(title: Any, summary: Any, content: Any, kind: str, sort_date: str = "") -> Markup:
    """The hidden index fields of one article or static page.

    `sort_date`: for a page without a dated `<time>` (static pages), so that sorting by date keeps it
    (Pagefind leaves out of a sorted search every page without the sort key).
    """
    fields = [f'<span hidden data-pagefind-filter="kind:{escape(kind)}"></span>',
              f'<span hidden data-pagefind-meta="kind:{escape(kind)}"></span>',
              f'<span hidden data-pagefind-meta="plain_title:{escape(folded_title(title))}"></span>']
    if sort_date:
        fields.append(f'<span hidden data-pagefind-sort="date:{escape(sort_date)}"></span>')
    words = d_words(title, summary, content)
    if words:
        fields.append(f'<span hidden data-pagefind-meta="plain:{escape(words)}"></span>')
    return Markup("".join(fields))
