"""TCVN3 and VNI tables, checked letter by letter against the published charts."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.convert.legacy import (
    assess_legacy,
    decode,
    decode_mixed,
    decode_segments,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    guess_legacy_kind,
    is_vietnamese_syllable,
    legacy_kind_for_font,
    looks_like_legacy,
    reads_as_typed,
    scheme_spans,
)

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng


def forms(vowel: str) -> list[str]:
    return [unicodedata.normalize("NFC", vowel + tone) for tone in TONES]


# Expected codes written out from the TCVN 5712:1993 (VN3) chart, in the tone order above.
TCVN3_CHART = {
    "a": "a\xb5\xb6\xb7\xb8\xb9",  # a à ả ã á ạ → a µ ¶ · ¸ ¹
    "ă": "\xa8\xbb\xbc\xbd\xbe\xc6",  # ¨ » ¼ ½ ¾ Æ
    "â": "\xa9\xc7\xc8\xc9\xca\xcb",  # © Ç È É Ê Ë
    "e": "e\xcc\xce\xcf\xd0\xd1",  # e Ì Î Ï Ð Ñ
    "ê": "\xaa\xd2\xd3\xd4\xd5\xd6",  # ª Ò Ó Ô Õ Ö
    "i": "i\xd7\xd8\xdc\xdd\xde",  # i × Ø Ü Ý Þ
    "o": "o\xdf\xe1\xe2\xe3\xe4",  # o ß á â ã ä
    "ô": "\xab\xe5\xe6\xe7\xe8\xe9",  # « å æ ç è é
    "ơ": "\xac\xea\xeb\xec\xed\xee",  # ¬ ê ë ì í î
    "u": "u\xef\xf1\xf2\xf3\xf4",  # u ï ñ ò ó ô
    "ư": "\xad\xf5\xf6\xf7\xf8\xf9",  # soft hyphen õ ö ÷ ø ù
    "y": "y\xfa\xfb\xfc\xfd\xfe",  # y ú û ü ý þ
}
TCVN3_CAPITALS = {
    "Ă": "\xa1",
    "Â": "\xa2",
    "Ê": "\xa3",
    "Ô": "\xa4",
    "Ơ": "\xa5",
    "Ư": "\xa6",
    "Đ": "\xa7",
}

# VNI Windows: base letter + mark, in the tone order above.
VNI_CHART = {
    "a": ["a", "aø", "aû", "aõ", "aù", "aï"],
    "ă": ["aê", "aè", "aú", "aü", "aé", "aë"],
    "â": ["aâ", "aà", "aå", "aã", "aá", "aä"],
    "e": ["e", "eø", "eû", "eõ", "eù", "eï"],
    "ê": ["eâ", "eà", "eå", "eã", "eá", "eä"],
    "i": ["i", "ì", "æ", "ó", "í", "ò"],
    "o": ["o", "oø", "oû", "oõ", "où", "oï"],
    "ô": ["oâ", "oà", "oå", "oã", "oá", "oä"],
    "ơ": ["ô", "ôø", "ôû", "ôõ", "ôù", "ôï"],
    "u": ["u", "uø", "uû", "uõ", "uù", "uï"],
    "ư": ["ö", "öø", "öû", "öõ", "öù", "öï"],
    "y": ["y", "yø", "yû", "yõ", "yù", "î"],
}

TCVN3_CASES = [
    (letter, code)
    for vowel, codes in TCVN3_CHART.items()
    for letter, code in zip(forms(vowel), codes)
] + [("đ", "\xae")]
VNI_CASES = [
    (letter, seq) for vowel, seqs in VNI_CHART.items() for letter, seq in zip(forms(vowel), seqs)
] + [("đ", "ñ")]

SENTENCE = "Liên đoàn Lao động tỉnh Bến Tre tổ chức Đại hội Công đoàn"
SOFT_HYPHEN_SENTENCE = "Người lao động được hưởng lương"
ALPHABET_TEXT = " ".join(letter for letter, _ in TCVN3_CASES)


def test_the_charts_cover_all_134_vietnamese_letters_with_diacritics() -> None:
    lower = {letter for letter, _ in TCVN3_CASES}
    assert {letter for letter, _ in VNI_CASES} == lower
    both_cases = lower | {letter.upper() for letter in lower}
    assert len([c for c in both_cases if not c.isascii()]) == 134


@pytest.mark.parametrize(("letter", "code"), TCVN3_CASES)
def test_tcvn3_lower_case_letter_decodes_and_encodes(letter: str, code: str) -> None:
    assert decode_tcvn3(code) == letter
    assert encode_tcvn3(letter) == code


@pytest.mark.parametrize(("letter", "code"), TCVN3_CASES)
def test_tcvn3_h_font_draws_the_lower_case_code_as_the_capital(letter: str, code: str) -> None:
    assert decode_tcvn3(code, upper=True) == letter.upper()
    assert decode(code, "tcvn3_upper") == letter.upper()


@pytest.mark.parametrize(("capital", "code"), TCVN3_CAPITALS.items())
def test_tcvn3_has_its_own_codes_for_seven_capitals(capital: str, code: str) -> None:
    assert decode_tcvn3(code) == capital
    assert encode_tcvn3(capital) == code


def test_tcvn3_capitals_with_tones_are_encoded_with_lower_case_codes_for_h_fonts() -> None:
    heading = "ĐẠI HỘI CÔNG ĐOÀN"
    encoded = encode_tcvn3(heading)
    assert encoded == "\xa7\xb9I H\xe9I C\xa4NG \xa7O\xb5N"
    assert decode_tcvn3(encoded, upper=True) == heading
    assert decode_tcvn3("\xae\xb9i h\xe9i c\xabng \xaeo\xb5n", upper=True) == heading


@pytest.mark.parametrize(("letter", "sequence"), VNI_CASES)
def test_vni_lower_case_letter_decodes_and_encodes(letter: str, sequence: str) -> None:
    assert decode_vni(sequence) == letter
    assert encode_vni(letter) == sequence


@pytest.mark.parametrize(("letter", "sequence"), VNI_CASES)
def test_vni_capital_letter_decodes_and_encodes(letter: str, sequence: str) -> None:
    assert decode_vni(sequence.upper()) == letter.upper()
    assert encode_vni(letter.upper()) == sequence.upper()


def test_vni_capitals_follow_the_published_chart() -> None:
    assert decode_vni("AÙ AÂ AÁ AÊ AÉ OÂ Ô ÔÙ Ö ÖÏ Í Æ Î Ñ") == "Á Â Ấ Ă Ắ Ô Ơ Ớ Ư Ự Í Ỉ Ỵ Đ"


def test_vni_base_letter_decides_the_case_of_a_mixed_pair() -> None:
    assert decode_vni("Aù aÙ") == "Á á"


def test_vni_decodes_the_longest_sequence_first() -> None:
    # "oâ" is ô, while "ô" alone is ơ and "ôù" is ớ.
    assert decode_vni("Coâng") == "Công"
    assert decode_vni("ôù") == "ớ"
    assert decode_vni("ngöôøi") == "người"


def test_tcvn3_decodes_the_federation_sentence() -> None:
    legacy = (
        "Li\xaan \xaeo\xb5n Lao \xae\xe9ng t\xd8nh B\xd5n Tre "
        "t\xe6 ch\xf8c \xa7\xb9i h\xe9i C\xabng \xaeo\xb5n"
    )
    assert decode_tcvn3(legacy) == SENTENCE


def test_tcvn3_soft_hyphen_is_the_letter_u_horn() -> None:
    legacy = "Ng\xad\xeai lao \xae\xe9ng \xae\xad\xeec h\xad\xebng l\xad\xacng"
    assert encode_tcvn3(SOFT_HYPHEN_SENTENCE) == legacy
    assert decode_tcvn3(legacy) == SOFT_HYPHEN_SENTENCE


def test_vni_decodes_the_federation_sentence() -> None:
    legacy = "Lieân ñoaøn Lao ñoäng tænh Beán Tre toå chöùc Ñaïi hoäi Coâng ñoaøn"
    assert decode_vni(legacy) == SENTENCE


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        SOFT_HYPHEN_SENTENCE,
        ALPHABET_TEXT,
        "Đà Nẵng, Huế, Quy Nhơn: 12 cuộc họp.",
        "khuỷu tay, thuở xưa, quýnh quáng",
    ],
)
def test_unicode_text_survives_a_round_trip(text: str) -> None:
    assert decode_tcvn3(encode_tcvn3(text)) == text
    assert decode_vni(encode_vni(text)) == text
    assert decode_vni(encode_vni(text.upper())) == text.upper()
    assert decode_tcvn3(encode_tcvn3(text.upper()), upper=True) == text.upper()


def test_decoded_text_is_nfc_even_when_the_input_has_combining_marks() -> None:
    decomposed = unicodedata.normalize("NFD", "Bến Tre")
    for kind in ("tcvn3", "tcvn3_upper", "vni"):
        assert unicodedata.is_normalized("NFC", decode(decomposed, kind))


def test_symbol_font_private_use_code_points_decode_like_latin1() -> None:
    assert decode_tcvn3("\uf0aeo\uf0b5n") == "đoàn"


def test_vni_mark_in_the_next_run_joins_its_base_letter() -> None:
    assert decode_segments(["Ña", "øo taïo"], "vni") == ["Đà", "o tạo"]
    assert decode_segments(["Li\xaa", "n"], "tcvn3") == ["Liê", "n"]


@pytest.mark.parametrize(
    ("font", "kind"),
    [
        (".VnTime", "tcvn3"),
        (".VnArial", "tcvn3"),
        (" .VnTime ", "tcvn3"),
        (".VnTimeH", "tcvn3_upper"),
        (".VnArialH", "tcvn3_upper"),
        (".VnArial NarrowH", "tcvn3_upper"),
        ("VNI-Times", "vni"),
        ("VNI-Helve", "vni"),
        ("VNSVNI2", "vni"),
        ("VNSTCVN3", "tcvn3"),
        ("Times New Roman", None),
        ("Univers", None),
        ("Arial", None),
        ("", None),
        (None, None),
    ],
)
def test_legacy_kind_is_read_from_the_font_name(font: str | None, kind: str | None) -> None:
    assert legacy_kind_for_font(font) == kind


@pytest.mark.parametrize(
    "word",
    [
        "người",
        "quốc",
        "khuỷu",
        "nguyễn",
        "giường",
        "thuở",
        "xoong",
        "quýnh",
        "oách",
        "ếch",
        "gì",
        "yêu",
        "Đại",
        "hòa",
        "hoà",
        "thủy",
        "thuỷ",
        "ngoài",
        "hươu",
        "giàu",
    ],
)
def test_real_syllables_are_recognised(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    # "ñôn" and "giaù" are VNI ("đơn", "giá") read as Unicode: a tilde on n, a tone on the u of "au"
    ["café", "Müller", "héi", "tæ", "Liªn", "cát̀", "bàt", "hello", "ñôn", "giaù", "Taùi", "tàôi"],
)
def test_non_syllables_are_rejected(word: str) -> None:
    assert not is_vietnamese_syllable(word)


def test_clear_tcvn3_text_is_recognised_by_statistics() -> None:
    assert guess_legacy_kind(encode_tcvn3(SENTENCE)) == "tcvn3"
    assert guess_legacy_kind(encode_tcvn3(SOFT_HYPHEN_SENTENCE)) == "tcvn3"


def test_clear_vni_text_is_recognised_by_statistics() -> None:
    assert guess_legacy_kind(encode_vni(SENTENCE)) == "vni"


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "Tôi là sinh viên",
        "Hello world",
        "Café crème brûlée für Müller",
        "3×4 = 12 · Microsoft® © 2024",
    ],
)
def test_unicode_and_foreign_text_is_not_taken_for_legacy(text: str) -> None:
    assert guess_legacy_kind(text) is None
    assert not assess_legacy(text).suspicious
    assert not looks_like_legacy(text)


def test_short_legacy_text_is_suspicious_but_not_decided() -> None:
    assessment = assess_legacy("\xa7\xb9i h\xe9i")  # "Đại hội": two words are too few to be sure
    assert assessment.kind is None
    assert assessment.suspicious
    assert assessment.best_guess == "tcvn3"


def test_legacy_words_mixed_into_unicode_text_are_not_decided() -> None:
    text = "Hội nghị " + encode_tcvn3("Liên đoàn Lao động tỉnh Bến Tre")
    assert guess_legacy_kind(text) is None
    assert assess_legacy(text).suspicious


@pytest.mark.parametrize(
    "text",
    ["Báo cáo của Li\xaan \xaeo\xb5n tỉnh", "Chương trình Ñaøo taïo năm nay", "Ban h\xe9i nghị"],
)
def test_leftover_legacy_words_in_unicode_text_are_found(text: str) -> None:
    assert looks_like_legacy(text)


def test_tcvn3_capitals_without_a_code_are_capitals_inside_a_word_of_capitals() -> None:
    # .VnTime has no "Ầ": "PHẦN" typed in it is "PHÇN", which the font draws as "PHầN".
    assert decode_tcvn3("PH\xc7N TH\xf8 NH\xcaT") == "PHẦN THỨ NHẤT"
    assert decode_tcvn3("\xa7VT: 1000 \xae\xe5ng") == "ĐVT: 1000 đồng"
    assert decode_tcvn3("T\xe6ng h\xeep") == "Tổng hợp"  # a capital and small letters: as typed


def test_text_mixing_tcvn3_and_vni_in_one_run_is_decoded_word_by_word() -> None:
    text = encode_tcvn3("Kết nối mạng cho UBND tỉnh và các ") + encode_vni("SỞ, BAN, NGÀNH, HUYỆN")
    assert decode_mixed(text, "tcvn3") == "Kết nối mạng cho UBND tỉnh và các SỞ, BAN, NGÀNH, HUYỆN"
    assert [scheme for _, scheme in scheme_spans(text, "tcvn3")] == ["tcvn3", "vni"]
    assert guess_legacy_kind(text) == "tcvn3"  # mixed, and clear: TCVN3 is the likelier prior


def test_vni_text_under_a_tcvn3_prior_is_read_as_vni() -> None:
    text = encode_vni("Quy trình xử lý văn bản đi: theo các bước")
    assert decode_mixed(text, "tcvn3") == "Quy trình xử lý văn bản đi: theo các bước"


def test_two_first_words_in_the_other_scheme_are_decoded_in_it() -> None:
    text = encode_vni("Tại đây") + encode_tcvn3(" UBND đã thiết lập xong mạng cục bộ")
    assert decode_mixed(text, "tcvn3") == "Tại đây UBND đã thiết lập xong mạng cục bộ"


def test_a_one_word_text_follows_its_font_unless_only_the_other_scheme_reads_it() -> None:
    assert decode_mixed("L\xd1", "vni") == "LĐ"  # TCVN3 would read "Lẹ"
    assert decode_mixed("Thie\xe1t", "tcvn3") == "Thiết"  # TCVN3 "Thieỏt" is no syllable


@pytest.mark.parametrize("text", [SENTENCE, "Có một số từ đã được bỏ đi", "Bộ từ một có"])
def test_pure_tcvn3_and_pure_vni_text_decode_as_before(text: str) -> None:
    assert decode_mixed(encode_tcvn3(text), "tcvn3") == decode_tcvn3(encode_tcvn3(text)) == text
    assert decode_mixed(encode_vni(text), "vni") == decode_vni(encode_vni(text)) == text
    assert decode_mixed(encode_vni(text), "tcvn3") == text


def test_tcvn3_words_that_look_like_unicode_are_still_tcvn3_in_a_tcvn3_font() -> None:
    assert encode_tcvn3("một số") == "m\xe9t s\xe8"  # "mét sè": two real-looking words
    assert not reads_as_typed("m\xe9t s\xe8", "tcvn3")
    assert reads_as_typed("Tôi là giáo viên, nhà tôi bên sông", "tcvn3")


def test_a_vni_word_that_tcvn3_only_reads_as_a_loanword_rhyme_is_vni() -> None:
    # "Coäng" alone in a table cell of a TCVN3 font: TCVN3 reads "Coọng" (the rhyme of "xoong").
    assert decode_mixed("Co\xe4ng", "tcvn3") == "Cộng"
    assert decode_mixed("TO\xc5NG CO\xc4NG", "tcvn3") == "TỔNG CỘNG"


def test_an_abbreviation_or_a_stray_mark_at_the_end_keeps_the_scheme_of_the_text() -> None:
    # VNI "LÑ" is "LĐ"; TCVN3 would read "Lẹ". A stray VNI mark after a bracket stays as typed.
    assert decode_mixed(encode_vni("cải thiện điều kiện ") + "L\xd1", "vni") == "cải thiện điều kiện LĐ"
    assert decode_mixed(encode_vni("chỉ đạo ") + ")\xef.", "vni") == "chỉ đạo )\xef."
