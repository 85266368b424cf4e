"""One catalogue of message codes (pipeline/core/codes.py): one meaning each, all used, none reused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.checks.catalogue import all_codes
from pipeline.checks.registry import RULES
from pipeline.core.codes import CODES, RETIRED
from pipeline.core.messages import Level, Message, error, info, warning
from tests.conftest import ROOT

# A code as a whole string ("BT805") or at the start of a message line (f"BT873 lỗi: …").
CODE = re.compile(r"""["'](BT\d{3})\b""")
CODE_WITH_LEVEL = re.compile(r"""["'](BT\d{3}) (lỗi|cảnh báo|thông tin)\b""")
LEVEL_VI = {"lỗi": "error", "cảnh báo": "warning", "thông tin": "info"}
CATALOGUE_FILE = ROOT / "pipeline" / "core" / "codes.py"
# BT004's documentation quotes a code that is deliberately no rule at all.
EXAMPLES_OF_UNKNOWN = {"BT999"}


def codes_in_source() -> dict[str, set[str]]:
    """Every code written as a string in the package, outside the catalogue itself."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "pipeline").rglob("*.py"):
        if path == CATALOGUE_FILE:
            continue
        for code in set(CODE.findall(path.read_text(encoding="utf-8"))) - EXAMPLES_OF_UNKNOWN:
            found.setdefault(code, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_code_written_in_the_source_is_in_the_all_codes():
    live = {c.code for c in all_codes()}
    unknown = {code: files for code, files in codes_in_source().items() if code not in live}
    assert not unknown, f"add these to pipeline/core/codes.py: {unknown}"


def test_every_catalogued_code_is_emitted_somewhere_or_retired():
    used = codes_in_source()
    unused = [code for code in CODES if code not in used]
    assert not unused, f"catalogued but never emitted (retire them): {unused}"


def test_a_message_line_names_the_level_its_code_is_catalogued_with():
    wrong = []
    for path in (ROOT / "pipeline").rglob("*.py"):
        for code, level in CODE_WITH_LEVEL.findall(path.read_text(encoding="utf-8")):
            entry = CODES.get(code)
            if entry is None or entry.level != LEVEL_VI[level]:
                wrong.append((str(path.relative_to(ROOT)), code, level))
    assert not wrong


def test_a_retired_code_is_never_emitted_again():
    used = codes_in_source()
    assert {r.code: used[r.code] for r in RETIRED if r.code in used} == {}


def test_no_guide_or_test_still_names_a_retired_code():
    retired = {r.code for r in RETIRED}
    places = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "tests").rglob("*.py")]
    skip = {ROOT / "docs" / "reference" / "message-codes.md", Path(__file__).resolve()}
    found = {str(p.relative_to(ROOT)): sorted(retired & set(re.findall(r"BT\d{3}", p.read_text(encoding="utf-8"))))
             for p in places if p not in skip}
    assert {path: codes for path, codes in found.items() if codes} == {}


def test_each_retired_code_names_live_codes_for_every_meaning_it_had():
    live = {c.code for c in all_codes()}
    for r in RETIRED:
        assert r.replaced_by and set(r.replaced_by) <= live, r


def test_the_catalogue_includes_every_check_rule_once():
    entries = all_codes()
    codes = [c.code for c in entries]
    assert len(codes) == len(set(codes))
    assert set(RULES) <= set(codes)
    assert not set(RULES) & set(CODES)


def test_every_catalogue_entry_has_a_vietnamese_meaning_and_a_level():
    for entry in all_codes():
        assert entry.level in ("error", "warning", "info")
        assert entry.meaning and not entry.meaning.endswith(".")
        assert any(ord(ch) > 127 for ch in entry.meaning), entry  # written with diacritics


def test_bt801_and_bt802_are_retired_and_their_meanings_have_codes_of_their_own():
    retired = {r.code: r.replaced_by for r in RETIRED}
    assert set(retired["BT801"]) == {"BT835", "BT902"}
    assert set(retired["BT802"]) == {"BT807", "BT808", "BT809", "BT813", "BT831", "BT836"}


def test_a_message_with_an_uncatalogued_code_cannot_be_made():
    with pytest.raises(ValueError, match="BT899"):
        error("BT899", "không có mã này")
    with pytest.raises(ValueError, match="BT801"):
        error("BT801", "mã đã bỏ")


def test_a_message_must_have_the_level_its_code_is_catalogued_with():
    assert warning("BT805", "trùng").level is Level.WARNING
    with pytest.raises(ValueError, match="BT805"):
        error("BT805", "trùng")
    with pytest.raises(ValueError, match="BT851"):
        warning("BT851", "đã chuyển phông")
    assert info("BT851", "đã chuyển phông").code == "BT851"


def test_check_findings_keep_the_level_editorial_yml_gives_them():
    assert Message("BT301", Level.ERROR, "trễ").level is Level.ERROR


def test_the_catalogue_source_lists_each_code_once():
    text = CATALOGUE_FILE.read_text(encoding="utf-8")
    listed = re.findall(r'Code\("(BT\d{3})"', text)
    assert len(listed) == len(set(listed)) == len(CODES)
