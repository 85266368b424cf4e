"""The checks' codes as entries of the one message catalogue (pipeline.core.codes holds the rest).

The rules registry stays the source of BT0xx–BT6xx; this turns each rule into a catalogue entry
(its default level and the first sentence of its documentation), so the code table and the tests
see every code of the project in one list: `catalogue(rule_codes())`.
"""

from __future__ import annotations

from pipeline.checks.registry import load_rules
from pipeline.core.codes import CHECKS, Code, catalogue, catalogue_markdown, short_meaning


def rule_codes() -> tuple[Code, ...]:
    return tuple(Code(r.code, r.severity.value, CHECKS, short_meaning(r.doc.what)) for r in load_rules())


def all_codes() -> tuple[Code, ...]:
    """Every live code of the project, in code order."""
    return catalogue(rule_codes())


def codes_markdown() -> str:
    """The table of docs/reference/message-codes.md."""
    return catalogue_markdown(rule_codes())
