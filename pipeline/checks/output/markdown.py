"""A Markdown summary to post as a pull-request comment: counts first, then a table per file."""

from __future__ import annotations

import re
from itertools import groupby

from pipeline.core.messages import Level
from pipeline.checks.output import Report

# A pull-request comment holds at most 65,536 characters; a few hundred rows stay well below.
MAX_ROWS = 300
_MARK = {Level.ERROR: "❌ lỗi", Level.WARNING: "⚠️ cảnh báo", Level.INFO: "ℹ️ thông tin"}


_SPECIAL = re.compile(r"([\\*_\[\]|!#])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: str) -> str:
    """Text for one table cell, shown as written: tags such as <iframe> and ![…](…) are not rendered.

    Spans in backticks stay code; everything else has Markdown's special characters escaped.
    """
    parts = text.replace("\n", " ").split("`")
    out = []
    for n, part in enumerate(parts):
        if n % 2 == 0:
            out.append(_escape(part))
        elif n < len(parts) - 1:  # a code span
            out.append("`" + part.replace("|", "\\|") + "`")
        else:  # a lone backtick
            out.append("\\`" + _escape(part))
    return "".join(out)


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
    shown = report.findings[:MAX_ROWS]
    for file, group in groupby(shown, key=lambda m: m.file):
        out += ["", f"### `{file}`", "", "| Dòng | Mã | Mức | Nội dung |", "|---:|---|---|---|"]
        for m in group:
            out.append(f"| {m.line or ''} | `{m.code}` | {_MARK[m.level]} | {md_cell(m.text)} |")
    if len(report.findings) > MAX_ROWS:
        out += ["", f"… và {len(report.findings) - MAX_ROWS} thông báo khác: chạy `pipeline check` để xem đủ."]
    out += ["", f"<sub>{report.summary()} Tra cứu quy tắc: <code>pipeline rules MÃ</code>.</sub>"]
    return "\n".join(out) + "\n"
