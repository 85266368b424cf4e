"""Body text helpers shared by the content rules: words without markup, lines to scan."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checks.api import Doc, iter_lines

_IMAGE = re.compile(r"!\[(?:\\.|[^\]\\])*\]\([^)]*\)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]\w*")  # words with at least a leading letter; numbers do not count


def plain_words(doc: Doc) -> int:
    cached = doc.cache.get("words")
    if cached is None:
        body = doc.article.body
        if "![" in body:
            body = _IMAGE.sub(" ", body)
        if "](" in body:
            body = _LINK_TARGET.sub("]", body)
        if "<" in body:
            body = _TAG.sub(" ", body)
        cached = doc.cache["words"] = len(_WORD.findall(body))
    return cached


def text_fields(doc: Doc) -> Iterator[tuple[int | None, str]]:
    """(line, text) of what readers see as text: title, summary, then body lines."""
    for key in ("title", "summary"):
        value = doc.meta.get(key)
        if isinstance(value, str) and value:
            yield doc.key_line(key), value
    yield from iter_lines(doc)


def snippet(text: str, start: int, end: int, width: int = 24) -> str:
    """The matched text with a little context, on one line."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    out = " ".join(text[left:right].split())
    return ("…" if left else "") + out + ("…" if right < len(text) else "")
