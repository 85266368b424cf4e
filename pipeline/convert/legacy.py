"""Pre-Unicode Vietnamese encodings found in old Word files: TCVN3 (ABC) and VNI.

Both store Vietnamese letters in the U+00A0–U+00FF range and rely on a special font to draw
them, so the text is only readable while that font is installed. This module holds the two
decoding tables (written from the published charts, tested letter by letter), encoders for test
fixtures, and conservative statistics for text whose font does not say which encoding it uses.

TCVN3 (".VnTime", ".VnArial", …) gives one code point to each lower-case letter and to the seven
upper-case letters Ă Â Ê Ô Ơ Ư Đ; other capitals with tones have no code. They were typed in
the matching "H" font (".VnTimeH"), which draws the lower-case codes as capitals.
VNI ("VNI-Times", …) writes a base letter followed by one mark character ("a" + "ù" = "á").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

LegacyKind = Literal["tcvn3", "tcvn3_upper", "vni"]
Scheme = Literal["tcvn3", "vni"]

# Order of the forms in every table below: no tone, huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
BASE_VOWELS = "aăâeêioôơuưy"

# TCVN3 code points of each lower-case vowel in the tone order above.
_TCVN3_LOWER: dict[str, tuple[int, ...]] = {
    "a": (0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),  # ư is U+00AD, the soft hyphen
    "y": (0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_OTHER: dict[str, int] = {
    "đ": 0xAE,
    "Ă": 0xA1,
    "Â": 0xA2,
    "Ê": 0xA3,
    "Ô": 0xA4,
    "Ơ": 0xA5,
    "Ư": 0xA6,
    "Đ": 0xA7,
}

# VNI spelling of each lower-case vowel in the tone order above; capitals are the same
# sequences upper-cased ("AÙ" = "Á").
_VNI_LOWER: dict[str, tuple[str, ...]] = {
    "a": ("a", "aø", "aû", "aõ", "aù", "aï"),
    "ă": ("aê", "aè", "aú", "aü", "aé", "aë"),
    "â": ("aâ", "aà", "aå", "aã", "aá", "aä"),
    "e": ("e", "eø", "eû", "eõ", "eù", "eï"),
    "ê": ("eâ", "eà", "eå", "eã", "eá", "eä"),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": ("o", "oø", "oû", "oõ", "où", "oï"),
    "ô": ("oâ", "oà", "oå", "oã", "oá", "oä"),
    "ơ": ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï"),
    "u": ("u", "uø", "uû", "uõ", "uù", "uï"),
    "ư": ("ö", "öø", "öû", "öõ", "öù", "öï"),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}
_VNI_D = "ñ"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vietnamese_letters() -> list[str]:
    """Every Vietnamese vowel form (12 vowels × 6 tones) plus đ, lower case, NFC."""
    letters = [_nfc(vowel + tone) for vowel in BASE_VOWELS for tone in TONE_MARKS]
    return letters + ["đ"]


def _build_tcvn3() -> tuple[dict[int, str], dict[str, str]]:
    decode: dict[int, str] = {}
    encode: dict[str, str] = {}
    for vowel, codes in _TCVN3_LOWER.items():
        for tone, code in zip(TONE_MARKS, codes):
            letter = _nfc(vowel + tone)
            encode[letter] = chr(code)
            # No capital code: H fonts draw the lower-case code as the capital.
            encode.setdefault(letter.upper(), chr(code) if code >= 0xA0 else letter.upper())
            if code >= 0xA0:
                decode[code] = letter
    for letter, code in _TCVN3_OTHER.items():
        decode[code] = letter
        encode[letter] = chr(code)
    return decode, encode


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    forms = {_nfc(v + t): seq for v, seqs in _VNI_LOWER.items() for t, seq in zip(TONE_MARKS, seqs)}
    forms["đ"] = _VNI_D
    for letter, seq in forms.items():
        encode[letter] = seq
        encode[letter.upper()] = seq.upper()
        if seq.isascii():
            continue
        for variant in _case_variants(seq):
            # The base letter decides the case: "Aù" is still "Á".
            decode[variant] = letter.upper() if variant[0].isupper() else letter
    return decode, encode


def _case_variants(seq: str) -> set[str]:
    if len(seq) == 1:
        return {seq, seq.upper()}
    base, mark = seq[0], seq[1]
    return {b + m for b in (base, base.upper()) for m in (mark, mark.upper())}


TCVN3_DECODE, _TCVN3_ENCODE = _build_tcvn3()
VNI_DECODE, _VNI_ENCODE = _build_vni()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(VNI_DECODE, key=len, reverse=True))
)

# Symbol-font text is sometimes stored in the private-use area (U+F0xx) instead of U+00xx.
_PUA_TO_LATIN1 = {code: code - 0xF000 for code in range(0xF0A0, 0xF100)}

_VN_LETTERS = set(vietnamese_letters())
_VN_LETTERS |= {letter.upper() for letter in _VN_LETTERS}
# Letters a Unicode text has and a TCVN3/VNI text never has (ư, ơ, đ, ạ, …).
_UNICODE_ONLY_LETTERS = frozenset(c for c in _VN_LETTERS if ord(c) > 0xFF)


# --- Fonts -----------------------------------------------------------------------------------


def legacy_kind_for_font(font_name: str | None) -> LegacyKind | None:
    """'.VnTime', 'VNSTCVN3' → tcvn3, '.VnTimeH' → tcvn3_upper, 'VNI-Times', 'VNSVNI2' → vni, else None."""
    if not font_name:
        return None
    name = font_name.strip()
    lowered = name.lower()
    if lowered.startswith(".vn"):
        # ".VnTimeH", ".VnArial NarrowH": the H fonts draw lower-case codes as capitals.
        return "tcvn3_upper" if name.endswith("H") else "tcvn3"
    if lowered.startswith(("vni-", "vni ")) or re.match(r"vns?vni", lowered):
        return "vni"  # "VNSVNI2": VietKey's names for its VNI fonts
    if "tcvn3" in lowered:
        return "tcvn3"  # "VNSTCVN3": a TCVN3 font named after its encoding
    return None


def scheme_of(kind: LegacyKind | None) -> Scheme | None:
    if kind is None:
        return None
    return "vni" if kind == "vni" else "tcvn3"


# --- Decoding --------------------------------------------------------------------------------


def decode_tcvn3(text: str, upper: bool = False) -> str:
    text = text.translate(_PUA_TO_LATIN1)
    if upper:
        return _nfc(text.translate(TCVN3_DECODE).upper())
    return _nfc(_TCVN3_RAW_WORD.sub(_decode_tcvn3_word, text))


# TCVN3 has no code for most capitals with tones, so "PHẦN" typed in .VnTime is "PHÇN" and the
# font draws "PHầN": a letter with no capital code inside a word of capitals is a capital.
_TCVN3_CAPITAL_CODES = "".join(chr(code) for code, letter in TCVN3_DECODE.items() if letter.isupper())
_TCVN3_RAW_WORD = re.compile(f"[A-Za-z{re.escape(''.join(map(chr, TCVN3_DECODE)))}]+")


def _decode_tcvn3_word(match: re.Match[str]) -> str:
    word = match.group()
    decoded = word.translate(TCVN3_DECODE)
    capitals = sum(1 for c in word if "A" <= c <= "Z" or c in _TCVN3_CAPITAL_CODES)
    if capitals >= 2 and not any("a" <= c <= "z" for c in word):
        return "".join(_upper1(c) for c in decoded)
    return decoded


def _upper1(char: str) -> str:
    upper = char.upper()
    return upper if len(upper) == 1 else char


def decode_vni(text: str) -> str:
    return decode_vni_segments([text])[0]


def decode_vni_segments(segments: Sequence[str]) -> list[str]:
    """Decode VNI text split over several runs: a mark may start the run after its base letter.

    Each decoded letter goes to the segment where its base letter was.
    """
    segments = [s.translate(_PUA_TO_LATIN1) for s in segments]
    joined = "".join(segments)
    owner = [index for index, segment in enumerate(segments) for _ in segment]
    pieces: list[list[str]] = [[] for _ in segments]
    position = 0
    for match in _VNI_PATTERN.finditer(joined):
        for k in range(position, match.start()):
            pieces[owner[k]].append(joined[k])
        pieces[owner[match.start()]].append(VNI_DECODE[match.group()])
        position = match.end()
    for k in range(position, len(joined)):
        pieces[owner[k]].append(joined[k])
    return [_nfc("".join(parts)) for parts in pieces]


# --- Mixed TCVN3 and VNI ----------------------------------------------------------------------

_SCHEME_ORDER: tuple[Scheme, Scheme] = ("tcvn3", "vni")
# Changing scheme costs more than one word's evidence (a word reads +1 or -1): a lone word inside
# a text never changes scheme, which would turn a name or a rare spelling into garbage; two words
# do, and so does a last word that reads in one scheme and not at all in the other. Starting in
# the scheme the font does not name costs as much as one word's evidence: a one-word text
# follows its font unless the other scheme reads it and the font's does not.
_SWITCH_COST = 1.5
_PRIOR_COST = 1.0


@lru_cache(maxsize=1 << 16)
def _decode_word(word: str, scheme: Scheme) -> str:
    return decode_tcvn3(word) if scheme == "tcvn3" else decode_vni(word)


def _weight(word: str) -> float:
    """+1 for a syllable, -1 for a non-syllable, 0 for consonants only (VNI "LÑ" is "LĐ", not
    TCVN3 "Lẹ"), -0.5 for the loanword rhyme "oo" ("xoong", "moóc"): VNI "Coäng" ("Cộng") also
    reads as TCVN3 "Coọng", a rhyme no native word has."""
    if _ABBREVIATION.fullmatch(word.lower()):
        return 0.0  # consonants only ("LĐ", "TSCĐ"): no evidence for or against the scheme
    if not _syllable(word):
        return -1.0
    split = _split_tone(word.lower())
    return -0.5 if split and "oo" in split[0] else 1.0


_ABBREVIATION = re.compile("[bcdfghjklmnpqrstvwxzđ]+")


@lru_cache(maxsize=1 << 16)
def _syllable(word: str) -> bool:
    """is_vietnamese_syllable, remembered: the words of one document repeat a lot."""
    return is_vietnamese_syllable(word)


def _evidence_words(text: str) -> list[re.Match[str]]:
    """Words with at least one character above ASCII: the only ones a scheme changes."""
    return [m for m in _ANY_LEGACY_WORD.finditer(text) if not m.group().isascii()]


def scheme_spans(text: str, prior: Scheme | None = None) -> list[tuple[int, Scheme]]:
    """Where each legacy scheme starts in text that may mix TCVN3 and VNI: [(0, 'tcvn3'), (57, 'vni')].

    Each word scores under each scheme by what it decodes to (_weight: +1 for a Vietnamese
    syllable, -1 for none); the best path through the words (Viterbi, two states) pays _SWITCH_COST for
    every change of scheme, and _PRIOR_COST for starting in a scheme other than the prior.
    """
    text = text.translate(_PUA_TO_LATIN1)
    words = _evidence_words(text)
    start: Scheme = prior or "tcvn3"
    if not words:
        return [(0, start)]
    best = {s: (0.0 if prior in (None, s) else -_PRIOR_COST) for s in _SCHEME_ORDER}
    back: list[dict[Scheme, Scheme]] = []
    for index, match in enumerate(words):
        # A word of codes only ("®·", TCVN3 "đã"; a stray VNI mark after a bracket) says less.
        half = 0.5 if not any(c.isascii() for c in match.group()) else 1.0
        reads = {s: half * _weight(_decode_word(match.group(), s)) for s in _SCHEME_ORDER}
        step: dict[Scheme, float] = {}
        came: dict[Scheme, Scheme] = {}
        for s in _SCHEME_ORDER:
            other: Scheme = "vni" if s == "tcvn3" else "tcvn3"
            stay, switch = best[s], best[other] - _SWITCH_COST
            came[s] = s if stay >= switch or index == 0 else other
            step[s] = (stay if came[s] == s else switch) + reads[s]
        back.append(came)
        best = step
    # Ties go to the prior, then to TCVN3 (the commoner scheme).
    state: Scheme = max(_SCHEME_ORDER, key=lambda s: (best[s], s == start, s == "tcvn3"))
    path: list[Scheme] = []
    for came in reversed(back):
        path.append(state)
        state = came[state]
    path.reverse()
    spans: list[tuple[int, Scheme]] = [(0, path[0])]
    for match, scheme in zip(words, path):
        if scheme != spans[-1][1]:
            spans.append((match.start(), scheme))
    return spans


def decode_mixed_segments(
    segments: Sequence[str], prior: Scheme | None = None
) -> tuple[list[str], list[Scheme]]:
    """Decode runs whose words may be TCVN3 or VNI (scheme_spans); each segment's text decoded and
    the scheme it starts in."""
    segments = [s.translate(_PUA_TO_LATIN1) for s in segments]
    joined = "".join(segments)
    spans = scheme_spans(joined, prior)
    bounds = [start for start, _ in spans[1:]] + [len(joined)]
    pieces: list[list[str]] = [[] for _ in segments]
    first: list[Scheme | None] = [None] * len(segments)
    offsets = [0]
    for segment in segments:
        offsets.append(offsets[-1] + len(segment))
    for (start, scheme), end in zip(spans, bounds):
        owners = [i for i in range(len(segments)) if offsets[i] < end and offsets[i + 1] > start
                  or (offsets[i] == offsets[i + 1] == start)]
        parts = [joined[max(start, offsets[i]) : min(end, offsets[i + 1])] for i in owners]
        for i, decoded in zip(owners, decode_segments(parts, scheme)):
            pieces[i].append(decoded)
            first[i] = first[i] or scheme
    return [_nfc("".join(p)) for p in pieces], [f or spans[0][1] for f in first]


def decode_mixed(text: str, prior: Scheme | None = None) -> str:
    return decode_mixed_segments([text], prior)[0][0]


def decode(text: str, kind: LegacyKind | None) -> str:
    """Decode text written in a legacy-font run of the given kind; the result is NFC."""
    if kind == "tcvn3":
        return decode_tcvn3(text)
    if kind == "tcvn3_upper":
        return decode_tcvn3(text, upper=True)
    if kind == "vni":
        return decode_vni(text)
    return _nfc(text)


def decode_segments(segments: Sequence[str], kind: LegacyKind) -> list[str]:
    """Decode consecutive runs of one kind together (VNI marks can cross a run boundary)."""
    if kind == "vni":
        return decode_vni_segments(segments)
    return [decode(segment, kind) for segment in segments]


# --- Encoding (test fixtures) ----------------------------------------------------------------


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3. Capitals with tones get the lower-case code (they need an H font)."""
    return "".join(_TCVN3_ENCODE.get(c, c) for c in _nfc(text))


def encode_vni(text: str) -> str:
    return "".join(_VNI_ENCODE.get(c, c) for c in _nfc(text))


# --- Vietnamese syllables --------------------------------------------------------------------

_ONSET_LIST = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
_ONSETS = [*sorted(_ONSET_LIST.split(), key=len, reverse=True), ""]  # longest first
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})
# Rhymes without a consonant at the end (a final i/y/o/u is part of the vowel group here).
_OPEN_RHYME_LIST = (
    "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa iêu yêu "
    "uôi ươi ươu oa oe uê uy uơ oai oay oao oeo uây uya uyu"
)
_OPEN_RHYMES = frozenset(_OPEN_RHYME_LIST.split())
# Vowel groups that take a final consonant, by the set of consonants they take.
_CLOSED_GROUPS = {
    "c ch m n ng nh p t": "a e ê i y oa oe uê uy",
    "c m n ng p t": "ă â o ô ơ u ư iê yê uô ươ oă uâ uyê",
    "c ng": "oo",
}
_CLOSED_RHYMES: dict[str, frozenset[str]] = {
    nucleus: frozenset(codas.split())
    for codas, nuclei in _CLOSED_GROUPS.items()
    for nucleus in nuclei.split()
}
_TONE_SET = frozenset(TONE_MARKS[1:])


def _split_tone(syllable: str) -> tuple[str, str, int] | None:
    """'người' → ('ngươi', the huyền mark, 4: the letter it sits on); None when there is more than
    one tone mark or one sits on a consonant ('ñ' is n with a tilde, not a tone)."""
    bare: list[str] = []
    tone, place = "", -1
    for char in _nfc(syllable):
        marks = unicodedata.normalize("NFD", char)
        tones = [c for c in marks if c in _TONE_SET]
        if tones:
            if tone or len(tones) > 1 or marks[0] not in "aeiouy":
                return None
            tone, place = tones[0], len(bare)
        bare.append(_nfc("".join(c for c in marks if c not in _TONE_SET)))
    return "".join(bare), tone, place


_MARKED_VOWELS = "ăâêôơư"
_PLAIN_VOWELS = "aeiouy"


def _tone_place_ok(rhyme: str, place: int) -> bool:
    """Where the tone of a rhyme may sit: on the vowel with a mark (ơ in ươ), else on the last
    vowel before a final consonant, else on the first of two vowels ('tài', 'mía') or the middle
    of three ('ngoài'); 'oa', 'oe', 'uy' take it on either ('hòa' and 'hoà')."""
    vowels = len(rhyme) - len(rhyme.lstrip(_PLAIN_VOWELS + _MARKED_VOWELS))
    if not 0 <= place < vowels:
        return False
    group = rhyme[:vowels]
    marked = [i for i, c in enumerate(group) if c in _MARKED_VOWELS]
    if marked:
        return place == marked[-1] or (group == "ưu" and place == 0)
    if vowels == 1 or vowels < len(rhyme):
        return place == vowels - 1
    if group in ("oa", "oe", "uy"):
        return True
    return place == (0 if vowels == 2 else 1)


def _rhyme_ok(rhyme: str, tone: str) -> bool:
    if rhyme in _OPEN_RHYMES:
        return True
    for coda in _CODAS:
        if rhyme.endswith(coda) and coda in _CLOSED_RHYMES.get(rhyme[: -len(coda)], ()):
            # Syllables closed by c, ch, p, t only take sắc or nặng.
            return coda not in _STOP_CODAS or tone in ("\u0301", "\u0323")
    return False


def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word is spelt like one Vietnamese syllable, its tone mark on a vowel that may
    carry it (lenient about rare spellings)."""
    split = _split_tone(word.lower())
    if split is None or not split[0]:
        return False
    bare, tone, place = split
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        if _rhyme_ok(rhyme, tone) and (not tone or _tone_place_ok(rhyme, place - len(onset))):
            return True
    return False


# --- Statistics ------------------------------------------------------------------------------

_WORD_CHARS: dict[Scheme, str] = {
    "tcvn3": "".join(chr(code) for code in TCVN3_DECODE),
    "vni": "".join(sorted({c for seq in VNI_DECODE for c in seq if not c.isascii()})),
}
_WORD_PATTERNS = {
    scheme: re.compile(f"[A-Za-z{re.escape(chars)}]+") for scheme, chars in _WORD_CHARS.items()
}
_ANY_LEGACY_WORD = re.compile(
    f"[A-Za-z{re.escape(''.join(sorted(set(_WORD_CHARS['tcvn3'] + _WORD_CHARS['vni']))))}]+"
)
_CLEAR_MIN_WORDS = 3
_CLEAR_MIN_SHARE = 0.6


@dataclass
class SchemeScore:
    """How well a text reads as one legacy scheme.

    A candidate is a word with at least one code point of the scheme (U+00A0–U+00FF) and an
    ASCII letter; it is *good* when it is not a Vietnamese syllable as it stands but decodes
    to one, and a *Unicode word* when it is one as it stands and decoding would spoil it.
    """

    candidates: int = 0
    good_words: list[str] = field(default_factory=list)
    unicode_words: int = 0

    @property
    def good(self) -> int:
        return len(self.good_words)

    @property
    def clear(self) -> bool:
        return self.good >= _CLEAR_MIN_WORDS and self.good >= _CLEAR_MIN_SHARE * self.candidates

    @property
    def reads_as_unicode(self) -> bool:
        return self.unicode_words >= 2 and self.unicode_words > self.good


def score(text: str, scheme: Scheme) -> SchemeScore:
    result = SchemeScore()
    for word in _WORD_PATTERNS[scheme].findall(text.translate(_PUA_TO_LATIN1)):
        _score_word(result, word, scheme)
    return result


def score_mixed(text: str, prior: Scheme | None = None) -> SchemeScore:
    """score() of the reading scheme_spans chooses, each word in its own span's scheme."""
    text = text.translate(_PUA_TO_LATIN1)
    spans = scheme_spans(text, prior)
    result = SchemeScore()
    for match in _evidence_words(text):
        scheme = next(s for start, s in reversed(spans) if start <= match.start())
        _score_word(result, match.group(), scheme)
    return result


def reads_as_typed(text: str, prior: Scheme | None = None) -> bool:
    """Whether text is Unicode already, although its font (the prior) is a legacy one: more of its
    words are syllables as typed than read in the prior's scheme, at least as many as read word by
    word in either scheme, and decoding would change two or more of them. "Tôi là giáo viên" is
    Unicode (TCVN3 reads "Tụi là giỏo viờn", VNI "Tơi là giáo viên"); "mét sè" is TCVN3 "một số"."""
    text = text.translate(_PUA_TO_LATIN1)
    spans = scheme_spans(text, prior)
    typed_ok = prior_ok = mixed_ok = spoilt = 0
    for match in _evidence_words(text):
        word = match.group()
        scheme = next(s for start, s in reversed(spans) if start <= match.start())
        decoded = _decode_word(word, scheme)
        as_typed = _syllable(word)
        typed_ok += as_typed
        mixed_ok += _syllable(decoded)
        prior_ok += _syllable(_decode_word(word, prior)) if prior else 0
        spoilt += as_typed and decoded != word
    if prior is None:
        prior_ok = mixed_ok
    return spoilt >= 2 and typed_ok > prior_ok and typed_ok >= mixed_ok


def _score_word(result: SchemeScore, word: str, scheme: Scheme) -> None:
    verdict = _word_verdict(word, scheme)
    if verdict is None:
        return
    result.candidates += 1
    if verdict == "legacy":
        result.good_words.append(word)
    elif verdict == "unicode":
        result.unicode_words += 1


# Every paragraph of a Unicode document is scored too (its â, ô, à… are Latin-1 letters), and the
# same few hundred syllables come back in each: each word's verdict is worked out once per process.
@functools.lru_cache(maxsize=65536)
def _word_verdict(word: str, scheme: Scheme) -> str | None:
    """None: not a candidate; "legacy": reads as a syllable only decoded; "unicode": only as typed;
    "": a candidate that says neither."""
    if word.isascii() or not any(c.isascii() for c in word):
        return None
    decoded = _decode_word(word, scheme)
    if decoded == word:
        return ""
    decoded_ok, word_ok = is_vietnamese_syllable(decoded), is_vietnamese_syllable(word)
    if decoded_ok and not word_ok:
        return "legacy"
    if word_ok and not decoded_ok:
        return "unicode"
    return ""


@dataclass(frozen=True)
class Assessment:
    """kind: the scheme when the statistics are clear (the likelier one when TCVN3 and VNI are
    mixed); suspicious: legacy-looking but unclear."""

    kind: Scheme | None
    suspicious: bool
    best_guess: Scheme | None = None
    mixed: bool = False  # TCVN3 and VNI both: decode with decode_mixed, kind as the prior


def assess_legacy(text: str) -> Assessment:
    scores = {scheme: score(text, scheme) for scheme in ("tcvn3", "vni")}
    tcvn3, vni = scores["tcvn3"], scores["vni"]
    best: Scheme | None = None
    if tcvn3.good or vni.good:
        best = "tcvn3" if tcvn3.good >= vni.good else "vni"
    if best is None:
        return Assessment(None, False)
    other = vni if best == "tcvn3" else tcvn3
    # Real Unicode letters (ư, đ, ạ…) mean the text is at least partly Unicode already.
    has_unicode = any(c in _UNICODE_ONLY_LETTERS for c in text)
    if scores[best].clear and not has_unicode and scores[best].good >= 2 * other.good:
        return Assessment(best, False, best)
    if not has_unicode and other.good:
        # Both schemes read some words: TCVN3 and VNI mixed (decode_mixed reads it word by word).
        mixed = score_mixed(text, best)
        if mixed.clear and not reads_as_typed(text, best):
            return Assessment(best, False, best, mixed=True)
    return Assessment(None, True, best)


def guess_legacy_kind(text: str) -> Scheme | None:
    """The legacy scheme of text whose font says nothing, or None unless the evidence is clear."""
    return assess_legacy(text).kind


def looks_like_legacy(text: str) -> bool:
    """Whether (Unicode) text still contains words left in TCVN3 or VNI, e.g. 'Liªn ®oµn'."""
    good = score(text, "tcvn3").good_words + score(text, "vni").good_words
    return len(good) >= 2 or any(len(word) >= 3 for word in good)
