"""JSON for tools: a list of {file, line, code, severity, message}."""

from __future__ import annotations

import json

from pipeline.checks.output import CheckReport


def render(report: CheckReport) -> str:
    items = [
        {"file": m.file, "line": m.line, "code": m.code, "severity": m.level.value, "message": m.text}
        for m in report.findings
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
