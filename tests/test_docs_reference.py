"""The generated reference pages (docs/reference/*.md) match the code they are generated from.

Like sqlite-utils' docs tests with cog: each page holds `[[[cog … ]]]` blocks that call the project's
own generators (click help, the front-matter table, the rule registry); `cog --check` fails when running
them again would change the page. Every page in docs/reference/ is covered, whoever adds it.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

PAGES = sorted((ROOT / "docs" / "reference").glob("*.md"))


def cog_check(*pages: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("BANTIN_OUTPUT", None)
    return subprocess.run([sys.executable, "-m", "cogapp", "--check", "--diff", *pages], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


def test_every_generated_reference_page_is_up_to_date():
    assert PAGES, "docs/reference/ has no pages"
    result = cog_check(*(str(p.relative_to(ROOT)) for p in PAGES))
    assert result.returncode == 0, (
        "A generated page in docs/reference/ is stale: run `make docs` and commit the result.\n"
        + result.stdout + result.stderr)


def test_the_cli_reference_covers_every_pipeline_command():
    from pipeline.cli import COMMANDS

    text = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"\n## pipeline {name}\n" not in text]
    assert not missing, f"commands missing from docs/reference/cli.md: {missing}; run `make docs`"


def test_the_front_matter_reference_lists_every_key_the_checks_accept():
    from pipeline.checks.rules.bt106_unknown_keys import KNOWN

    text = (ROOT / "docs" / "reference" / "front-matter.md").read_text(encoding="utf-8")
    assert sorted(k for k in KNOWN if f"| `{k}` |" not in text) == []


def test_a_stale_page_fails_the_check_and_names_the_fix(tmp_path):
    page = tmp_path / "stale.md"
    page.write_text("<!-- [[[cog\ncog.out('mới\\n')\n]]] -->\ncũ\n<!-- [[[end]]] -->\n", encoding="utf-8")
    result = cog_check(str(page))
    assert result.returncode != 0
    assert "mới" in result.stdout + result.stderr  # the diff shows what would change
