"""Text in the wrong encoding: mojibake (UTF-8 read as Windows-1252) and TCVN3/VNI legacy fonts.

Both leave characters from the Latin-1 block that Vietnamese never uses ('Ã´', 'Æ°', '®', 'ª'),
so lines without such characters are skipped cheaply. Legacy text is recognised by
pipeline.convert.legacy (its syllable statistics), mojibake by a few tell-tale pairs plus ftfy's
badness measure. A line that looks like legacy text is not also reported as mojibake.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.checks.api import Doc
from pipeline.checks.text import text_fields

# Latin-1 letters that are also Vietnamese letters; anything else in U+0080–U+00FF is suspect.
_VIETNAMESE_LATIN1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_SUSPECT = re.compile(
    "[" + "".join(c for c in map(chr, range(0x80, 0x100)) if c not in _VIETNAMESE_LATIN1 and c != "\xa0")
    + "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u20ac\u2122]"
    + "|Ã[\xa0 ]"
)
_CP1252_TAIL = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
MOJIBAKE = re.compile(
    rf"[ÃÄÅÆ][\u00a0-\u00bf{_CP1252_TAIL}]|á[º»]|â€|Â[\u00a0-\u00bf]|[\u0080-\u009f]"
)
_LEGACY_LETTER = re.compile("[¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇÈËÌÎÏÐÑÖ×ØÜÞßåæçëîïñöøûüþ]")


@dataclass(frozen=True)
class EncodingProblem:
    line: int | None
    kind: str  # "mojibake" | "legacy"
    sample: str  # a few words as written
    scheme: str | None = None  # "tcvn3" | "vni" for legacy text, when known
    fixed: str | None = None  # what the sample probably said


def _fallback_looks_like_legacy(text: str) -> bool:
    # Without pipeline.convert.legacy: two words that mix ASCII letters with legacy-only characters.
    words = [w for w in text.split() if _LEGACY_LETTER.search(w) and re.search(r"[A-Za-z]", w)]
    return len(words) >= 2


def _legacy_tools() -> tuple[Callable[[str], bool], Callable[[str], str | None], Callable[[str, str], str]] | None:
    try:
        legacy_vn = importlib.import_module("pipeline.convert.legacy")
    except ImportError:
        return None
    # decode_mixed: a sample may mix TCVN3 and VNI words; the guessed scheme only breaks ties.
    return legacy_vn.looks_like_legacy, legacy_vn.guess_legacy_kind, legacy_vn.decode_mixed  # type: ignore[return-value]


def _sample(text: str, start: int, words: int = 4) -> str:
    # Split on plain spaces only: a no-break space can be half of a mojibake pair ('Ã\xa0' = 'à').
    begin = text.rfind(" ", 0, start) + 1
    return " ".join([w for w in text[begin:].split(" ") if w][:words]).rstrip(",;:.")


def _first_legacy_word(text: str) -> int:
    m = _LEGACY_LETTER.search(text)
    return m.start() if m else 0


def scan_encodings(doc: Doc) -> list[EncodingProblem]:
    cached = doc.cache.get("encodings")
    if cached is not None:
        return cached
    problems: list[EncodingProblem] = []
    tools = _legacy_tools()
    for line, text in text_fields(doc):
        if not _SUSPECT.search(text):
            continue
        legacy = tools[0](text) if tools else _fallback_looks_like_legacy(text)
        if legacy:
            sample = _sample(text, _first_legacy_word(text))
            scheme = tools[1](text) if tools else None
            fixed = tools[2](sample, scheme) if tools and scheme else None
            problems.append(EncodingProblem(line, "legacy", sample, scheme, fixed))
            continue
        m = MOJIBAKE.search(text)
        if m is None:
            import ftfy.badness

            if not ftfy.badness.is_bad(text):
                continue
            m = _SUSPECT.search(text)
        assert m is not None
        sample = _sample(text, m.start())
        problems.append(EncodingProblem(line, "mojibake", sample, None, _fix_mojibake(sample)))
    doc.cache["encodings"] = problems
    return problems


def _fix_mojibake(sample: str) -> str | None:
    import ftfy

    fixed = ftfy.fix_encoding(sample)
    return fixed if fixed != sample and not MOJIBAKE.search(fixed) else None
