"""Run a real Pelican build of a workspace, as `make html` does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_site(content: Path, output: Path, settings: str = "pelicanconf.py", extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # The parse cache lives next to the test's output, never in the checkout's build/.
    env = dict(os.environ, BANTIN_CONTENT=str(content), BANTIN_OUTPUT=str(output),
               BANTIN_CACHE=str(Path(output).parent / "cache"), **(extra_env or {}))
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(ROOT / settings), "--fatal", "errors"],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def all_output_text(output: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in output.rglob("*") if p.is_file())
