"""CSV for spreadsheets: one file per table (`--out`), or every table one after another on stdout.

Numbers stay numbers (percent 0–100, working hours as decimals); files carry a UTF-8 BOM so Excel
shows Vietnamese correctly.
"""

from __future__ import annotations

import csv
import io

from pipeline.report.model import Report
from pipeline.report.tables import Column, Table, build_tables, raw


def _header(col: Column) -> str:
    suffix = {"pct": " (%)", "hours": " (giờ)"}.get(col.kind, "")
    return col.label if col.label.endswith(")") and suffix else col.label + suffix


def _write(table: Table, out: io.StringIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_header(c) for c in table.columns])
    for row in table.all_rows():
        writer.writerow([raw(v, c.kind) for v, c in zip(row, table.columns)])


def render_files(report: Report) -> dict[str, str]:
    """File name (without the report prefix) → CSV text."""
    files = {}
    for table in build_tables(report):
        buf = io.StringIO()
        _write(table, buf)
        files[f"{table.key}.csv"] = buf.getvalue()
    return files


def render(report: Report) -> str:
    """All tables on stdout, each preceded by its title line and separated by a blank line."""
    buf = io.StringIO()
    for i, table in enumerate(build_tables(report)):
        if i:
            buf.write("\n")
        csv.writer(buf, lineterminator="\n").writerow([table.title])
        _write(table, buf)
    return buf.getvalue()
