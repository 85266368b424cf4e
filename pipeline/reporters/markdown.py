"""A Markdown summary to post as a pull-request comment: counts first, then a table per file."""

from __future__ import annotations

from itertools import groupby

from pipeline.messages import Level
from pipeline.reporters import Report

_MARK = {Level.ERROR: "❌ lỗi", Level.WARNING: "⚠️ cảnh báo", Level.INFO: "ℹ️ thông tin"}


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    counts = report.counts
    if not report.findings:
        verdict = "✅ Không có lỗi hay cảnh báo nào."
    elif counts[Level.ERROR]:
        verdict = "❌ Cần sửa các lỗi dưới đây trước khi duyệt."
    else:
        verdict = "⚠️ Không có lỗi; biên tập viên xem các cảnh báo dưới đây."
    out = [
        "## Kết quả kiểm tra tin, bài",
        "",
        verdict,
        "",
        "| Lỗi | Cảnh báo | Thông tin | Số bài đã kiểm tra |",
        "|---:|---:|---:|---:|",
        f"| {counts[Level.ERROR]} | {counts[Level.WARNING]} | {counts[Level.INFO]} | {report.checked} |",
    ]
    for file, group in groupby(report.findings, key=lambda m: m.file):
        out += ["", f"### `{file}`", "", "| Dòng | Mã | Mức | Nội dung |", "|---:|---|---|---|"]
        for m in group:
            out.append(f"| {m.line or ''} | `{m.code}` | {_MARK[m.level]} | {_cell(m.text)} |")
    out += ["", f"<sub>{report.summary()} Tra cứu quy tắc: <code>pipeline rules MÃ</code>.</sub>"]
    return "\n".join(out) + "\n"
