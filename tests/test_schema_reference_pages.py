"""docs/reference/editorial-yml.md and message-codes.md are generated (cog) and must be current.

(tests/test_docs_reference.py, when present, checks every page in docs/reference/ the same way.)
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline.checks.catalogue import all_codes
from pipeline.core.config import SCHEMA, reference_markdown
from pipeline.core.schema import walk
from tests.conftest import ROOT

PAGES = ["docs/reference/editorial-yml.md", "docs/reference/message-codes.md"]


@pytest.mark.parametrize("page", PAGES)
def test_the_generated_reference_page_is_up_to_date(page):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "cogapp", "-I", ".", "--check", "--diff", page], check=False, cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{page} is stale: run `make docs`.\n{result.stdout}{result.stderr}"


def test_the_editorial_yml_page_lists_every_key_of_the_schema():
    text = (ROOT / "docs" / "reference" / "editorial-yml.md").read_text(encoding="utf-8")
    assert [key for key, _ in walk(SCHEMA, "") if f"| `{key}` |" not in text] == []
    assert "| `limits.max_xml_bytes` | một số nguyên ≥ 1 | `52428800` |" in reference_markdown()


def test_the_message_codes_page_lists_every_code():
    text = (ROOT / "docs" / "reference" / "message-codes.md").read_text(encoding="utf-8")
    assert [c.code for c in all_codes() if f"| `{c.code}` |" not in text] == []
