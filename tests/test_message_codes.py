from __future__ import annotations

import re

from pipeline.checks.registry import RULES
from tests.conftest import ROOT

CODE = re.compile(r'"(BT\d{3})"')


def _codes_outside_checks() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / "pipeline").rglob("*.py"):
        if "checks" in path.relative_to(ROOT / "pipeline").parts:
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(path.name)
    return found


def test_intake_and_conversion_codes_never_reuse_a_check_code():
    assert not set(_codes_outside_checks()) & set(RULES)


def test_every_intake_and_conversion_code_is_explained_in_the_message_code_reference():
    page = (ROOT / "docs" / "reference" / "message-codes.md").read_text(encoding="utf-8")
    missing = [code for code in _codes_outside_checks() if code not in page]
    assert not missing
