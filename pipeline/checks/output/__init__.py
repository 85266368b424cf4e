"""Output formats of `pipeline check`: one module per --format, each with `render(report) -> str`."""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field

from pipeline.core.messages import Level, Message

FORMATS = ("text", "json", "github", "markdown")


@dataclass
class CheckReport:
    findings: list[Message]
    checked: int  # articles checked
    scope: str = ""  # e.g. "thay đổi kể từ origin/main", for the summary line
    counts: Counter[Level] = field(init=False)

    def __post_init__(self) -> None:
        self.counts = Counter(m.level for m in self.findings)

    @property
    def errors(self) -> int:
        return self.counts[Level.ERROR]

    def summary(self) -> str:
        scope = f" {self.scope}" if self.scope else ""
        return (f"Đã kiểm tra {self.checked} bài{scope}: {self.counts[Level.ERROR]} lỗi, "
                f"{self.counts[Level.WARNING]} cảnh báo, {self.counts[Level.INFO]} thông tin.")


def render(report: CheckReport, fmt: str, **options: object) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"pipeline.checks.output.{fmt}")
    return module.render(report, **options)
