"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.

Format: `::error file=…,line=…,title=…::message` (warning → ::warning, info → ::notice), with the
characters GitHub treats specially percent-encoded.
"""

from __future__ import annotations

from pipeline.core.messages import Level
from pipeline.checks.output import CheckReport

_COMMAND = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: CheckReport) -> str:
    lines = []
    for m in report.findings:
        props = [f"file={_property(m.file)}"]
        if m.line:
            props.append(f"line={m.line}")
        props.append(f"title={_property(f'{m.code} ({m.level.vietnamese})')}")
        lines.append(f"::{_COMMAND[m.level]} {','.join(props)}::{_data(m.text)}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"
