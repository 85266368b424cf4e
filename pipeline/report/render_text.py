"""Plain-text report for the terminal or a .txt file (tables drawn with rich, no colour codes)."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table as RichTable

from pipeline.report.model import Report
from pipeline.report.tables import build_tables, display, summary


def heading(report: Report) -> str:
    kind = "Thống kê tin, bài (bản công khai)" if report.public else "Báo cáo Ban Biên tập"
    return f"{kind} — {report.period.label}"


def render(report: Report, width: int = 160) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False, emoji=False)
    console.print(heading(report))
    console.print(f"{report.site_name} · lập lúc {report.generated_at:%d/%m/%Y %H:%M}")
    console.print()
    console.print("Tóm tắt")
    for line in summary(report):
        console.print(f"  • {line}")
    for table in build_tables(report):
        console.print()
        rich_table = RichTable(title=table.title, title_justify="left", box=box.SIMPLE_HEAD, expand=False)
        for col in table.columns:
            rich_table.add_column(col.label, justify="right" if col.numeric else "left", overflow="fold")
        if not table.rows:
            console.print(table.title)
            console.print("  (không có)")
            continue
        for row in table.rows:
            rich_table.add_row(*(display(v, c.kind) for v, c in zip(row, table.columns)))
        if table.total:
            rich_table.add_section()
            rich_table.add_row(*(display(v, c.kind) if v not in ("", None) else "" for v, c in zip(table.total, table.columns)))
        console.print(rich_table)
        if table.note:
            console.print(f"  {table.note}")
    if report.notes:
        console.print()
        console.print("Ghi chú: các tệp không được tính")
        for note in report.notes:
            console.print(f"  - {note}")
    return buf.getvalue()
