"""The generated editorial.yml and message-code pages cover the whole schema and every code.

(That they are current is checked for every page in docs/reference/ by tests/test_docs_reference.py.)
"""

from __future__ import annotations

from pipeline.checks.catalogue import all_codes
from pipeline.core.config import SCHEMA, reference_markdown
from pipeline.core.schema import walk
from tests.conftest import ROOT


def test_the_editorial_yml_page_lists_every_key_of_the_schema():
    text = (ROOT / "docs" / "reference" / "editorial-yml.md").read_text(encoding="utf-8")
    assert [key for key, _ in walk(SCHEMA, "") if f"| `{key}` |" not in text] == []
    assert "| `limits.max_xml_bytes` | một số nguyên ≥ 1 | `52428800` |" in reference_markdown()


def test_the_message_codes_page_lists_every_code_and_every_retired_one():
    from pipeline.core.codes import RETIRED

    text = (ROOT / "docs" / "reference" / "message-codes.md").read_text(encoding="utf-8")
    assert [c.code for c in all_codes() if f"| `{c.code}` |" not in text] == []
    assert [r.code for r in RETIRED if f"| `{r.code}` |" not in text] == []
