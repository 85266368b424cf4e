"""Plain text for people at a terminal: findings grouped by file, each with its line, code and level."""

from __future__ import annotations

from itertools import groupby

import click

from pipeline.core.messages import Level
from pipeline.checks.output import CheckReport

_COLOURS = {Level.ERROR: "red", Level.WARNING: "yellow", Level.INFO: "cyan"}


def render(report: CheckReport, color: bool = False) -> str:
    out: list[str] = []
    for file, group in groupby(report.findings, key=lambda m: m.file):
        out.append(click.style(file, bold=True) if color else file)
        for m in group:
            where = f"dòng {m.line}" if m.line else "—"
            level = m.level.vietnamese
            if color:
                level = click.style(level, fg=_COLOURS[m.level])
            out.append(f"  {where:<9} {m.code}  {level}: {m.text}")
        out.append("")
    out.append(report.summary())
    return "\n".join(out) + "\n"
