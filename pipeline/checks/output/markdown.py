"""A Markdown summary to post as a pull-request comment: counts first, then a table per file."""

from __future__ import annotations

from itertools import groupby

from pipeline.checks.output import CheckReport
from pipeline.core.markdown_table import md_cell
from pipeline.core.messages import Level

# A pull-request comment holds at most 65,536 characters; a few hundred rows stay well below.
MAX_ROWS = 300
_MARK = {Level.ERROR: "❌ lỗi", Level.WARNING: "⚠️ cảnh báo", Level.INFO: "ℹ️ thông tin"}


def render(report: CheckReport) -> str:
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
    shown = report.findings[:MAX_ROWS]
    for file, group in groupby(shown, key=lambda m: m.file):
        out += ["", f"### `{file}`", "", "| Dòng | Mã | Mức | Nội dung |", "|---:|---|---|---|"]
        for m in group:
            out.append(f"| {m.line or ''} | `{m.code}` | {_MARK[m.level]} | {md_cell(m.text)} |")
    if len(report.findings) > MAX_ROWS:
        out += ["", f"… và {len(report.findings) - MAX_ROWS} thông báo khác: chạy `pipeline check` để xem đủ."]
    out += ["", f"<sub>{report.summary()} Tra cứu quy tắc: <code>pipeline rules MÃ</code>.</sub>"]
    return "\n".join(out) + "\n"
