"""The package's shape: stages as import layers, no cycles, commands that load on their own.

The contracts live in .importlinter (docs/architecture.md explains them); `lint-imports` is the
well-kept tool that checks them, so a new cycle or a reach into a higher stage fails `make test`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_the_import_contracts_in_importlinter_are_kept():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_no_cli_command_module_imports_the_group_that_loads_it():
    # The group loads commands lazily by name (pipeline.cli.COMMANDS); a command module importing the
    # group back would be a cycle that no static graph shows.
    from pipeline.cli import COMMANDS

    graph = grimp.build_graph("pipeline")
    commands = sorted({target.split(":")[0] for target in COMMANDS.values()})
    assert "pipeline.cli.check" in commands
    back = [m for m in commands if graph.direct_import_exists(importer=m, imported="pipeline.cli")]
    assert back == []
