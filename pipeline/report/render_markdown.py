"""Markdown report (GitHub-flavoured tables) to post as an issue or paste into an email."""

from __future__ import annotations

from pipeline.report.model import Report
from pipeline.report.render_text import heading
from pipeline.report.tables import Table, build_tables, display, summary


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> list[str]:
    lines = [f"## {table.title}", ""]
    if not table.rows:
        return [*lines, "_Không có._", ""]
    lines.append("| " + " | ".join(_cell(c.label) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in table.columns) + "|")
    for row in table.rows:
        cells = []
        for value, col in zip(row, table.columns):
            text = _cell(display(value, col.kind))
            # "thiếu" is what the editor-in-chief acts on: make it stand out.
            cells.append(f"**{text}**" if col.kind == "status" and value == "under" else text)
        lines.append("| " + " | ".join(cells) + " |")
    if table.total:
        lines.append("| " + " | ".join(f"**{_cell(display(v, c.kind))}**" if v not in ("", None) else ""
                                       for v, c in zip(table.total, table.columns)) + " |")
    lines.append("")
    if table.note:
        lines += [f"_{table.note}_", ""]
    return lines


def render(report: Report) -> str:
    lines = [f"# {heading(report)}", "",
             f"{report.site_name} · lập lúc {report.generated_at:%d/%m/%Y %H:%M}", "",
             "## Tóm tắt", ""]
    lines += [f"- {line}" for line in summary(report)]
    lines.append("")
    for table in build_tables(report):
        lines += _table(table)
    if report.notes:
        lines += ["## Ghi chú: các tệp không được tính", ""]
        lines += [f"- `{n.split(':', 1)[0]}`:{n.split(':', 1)[1]}" if ":" in n else f"- {n}" for n in report.notes]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
