"""The words of a submission's commit and pull request, in Vietnamese, for the reviewing editor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pipeline.checks.output import CheckReport
from pipeline.content.frontmatter import ArticleFile
from pipeline.core.config import Config
from pipeline.core.dates import format_vn
from pipeline.core.deadlines import timeliness, waiting_hours
from pipeline.core.markdown_table import md_cell
from pipeline.core.workcal import format_hours_vi


def deadline_lines(article: ArticleFile, config: Config, now: datetime) -> list[str]:
    """Event time, when it was sent, and whether it met the letter's deadline (pipeline.core.deadlines)."""
    kind = str(article.meta.get("kind") or "")
    event = article.datetime_of("event_time")
    sent = article.datetime_of("submitted_at")
    lines: list[str] = []
    if event:
        lines.append(f"Thời gian sự kiện: {format_vn(event)}")
    if sent:
        lines.append(f"Thời gian gửi: {format_vn(sent)}")
    verdict = timeliness(kind, event, sent, config)
    limit = config.deadlines.event_working_hours
    if verdict is not None and verdict.kind == "event" and verdict.due is not None:
        head = (f"Hạn gửi tin sự kiện: {format_vn(verdict.due)} ({format_hours_vi(limit)} hành chính "
                "sau sự kiện).")
        if verdict.on_time:
            lines.append(f"{head} **Đúng hạn**: gửi sau {format_hours_vi(verdict.used_hours or 0.0)} hành chính.")
        else:
            lines.append(f"{head} **Trễ hạn {format_hours_vi(verdict.late_hours)}** hành chính.")
    elif verdict is not None and verdict.kind == "event":
        lines.append(f"Tin sự kiện chưa có thời gian sự kiện nên chưa tính được hạn {format_hours_vi(limit)} "
                     "hành chính.")
    elif verdict is not None and verdict.kind == "news" and verdict.sent is not None:
        cutoff = config.deadlines.timely_news_cutoff
        if verdict.on_time:
            lines.append(f"Tin thời sự gửi trước giờ chốt {cutoff:%H:%M}: **đúng hạn** trong ngày.")
        else:
            batch = f"{verdict.next_batch:%d/%m/%Y}" if verdict.next_batch else ""
            lines.append(f"Tin thời sự gửi sau giờ chốt {cutoff:%H:%M} (trễ {format_hours_vi(verdict.late_hours)} "
                         f"hành chính): **trễ giờ chốt**, chuyển sang đợt đăng ngày {batch}.")
    if sent:
        waited = waiting_hours(sent, now, config)
        if waited > 0:
            lines.append(f"Đã chờ duyệt: {format_hours_vi(waited)} hành chính (tính đến {format_vn(now)}).")
    return lines


def _who(meta: dict[str, Any], config: Config) -> str:
    unit = config.units.get(str(meta.get("unit") or ""))
    if unit is not None:
        return unit.name
    contributor = meta.get("contributor") or {}
    org = contributor.get("organization") if isinstance(contributor, dict) else ""
    return f"Cộng tác viên ({org})" if org else "Cộng tác viên"


def _editor(meta: dict[str, Any], config: Config) -> tuple[str, str]:
    editor = config.editors.get(str(meta.get("editor") or ""))
    if editor is None:
        topic = config.topics.get(str(meta.get("topic") or ""))
        editor = config.editors[topic.editor] if topic else config.editors[config.editor_in_chief]
    return editor.name, editor.handle


def title(article: ArticleFile, config: Config) -> str:
    topic = config.topics.get(str(article.meta.get("topic") or ""))
    prefix = f"[{topic.name}] " if topic else ""
    return f"{prefix}{article.meta.get('title', article.path.stem)}"


def commit_message(article: ArticleFile, config: Config, submission: str, rel_article: str, archived: str) -> str:
    meta = article.meta
    topic = config.topics.get(str(meta.get("topic") or ""))
    kind = config.kinds.get(str(meta.get("kind") or ""))
    name, handle = _editor(meta, config)
    return "\n".join([
        f"Nhận tin: {meta.get('title', article.path.stem)}",
        "",
        f"Đơn vị: {_who(meta, config)}",
        f"Lĩnh vực: {topic.name if topic else meta.get('topic', '')}",
        f"Loại tin: {kind.name if kind else meta.get('kind', '')}",
        f"Biên tập viên duyệt: {name} ({handle})",
        f"Bài viết: {rel_article}",
        f"Tệp gốc: {submission} → {archived}",
        "",
    ])


def body(article: ArticleFile, config: Config, now: datetime, checks: CheckReport | None, files: list[str],
         submission: str, checks_note: str = "") -> str:
    meta = article.meta
    topic = config.topics.get(str(meta.get("topic") or ""))
    kind = config.kinds.get(str(meta.get("kind") or ""))
    name, handle = _editor(meta, config)
    out = [
        f"## {meta.get('title', article.path.stem)}",
        "",
        f"> {meta.get('summary') or '(chưa có tóm tắt)'}",
        "",
        "| | |",
        "|---|---|",
        f"| Đơn vị gửi | {_who(meta, config)} |",
        f"| Lĩnh vực | {topic.name if topic else meta.get('topic', '')} |",
        f"| Loại tin | {kind.name if kind else meta.get('kind', '')} |",
        f"| Người viết | {meta.get('author') or '(chưa ghi)'} |",
        f"| Lãnh đạo duyệt | {meta.get('approved_by') or '(chưa ghi)'} |",
        f"| **Biên tập viên duyệt** | {name} {handle} |",
        f"| Tệp gốc | `{submission}` |",
        "",
        "### Thời hạn (giờ hành chính)",
        "",
        *[f"- {line}" for line in deadline_lines(article, config, now) or ["Không có thông tin thời gian."]],
        "",
        "### Kết quả kiểm tra (`pipeline check`)",
        "",
        *findings_lines(checks, checks_note),
        "",
        "### Nội dung bị bỏ hoặc cần xem lại khi chuyển đổi",
        "",
        *([f"- {w}" for w in meta.get("conversion_warnings") or []] or ["Không có: tệp chuyển đổi trọn vẹn."]),
        "",
        "### Tệp trong yêu cầu này",
        "",
        *[f"- `{f}`" for f in files],
        "",
        "---",
        (f"Biên tập viên {name}: xem bản dựng thử (artifact *xem-truoc-trang* của bước kiểm tra), sửa trực tiếp trên "
         "nhánh nếu cần, rồi **Approve** và **Merge** để đăng bài. Bài có `date` trong tương lai sẽ tự lên trang đúng giờ."),
        "",
    ]
    return "\n".join(out)


def findings_lines(checks: CheckReport | None, note: str) -> list[str]:
    """The PR body's check section: a table of findings, or why the checks did not run."""
    if checks is None:
        return [note or "Chưa chạy kiểm tra."]
    if not checks.findings:
        return ["Không phát hiện vấn đề nào."]
    rows = ["| Mã | Mức | Dòng | Nội dung |", "|---|---|---|---|"]
    for f in checks.findings:
        rows.append(f"| {f.code} | {f.level.vietnamese} | {f.line or ''} | {md_cell(f.text)} |")
    rows.append("")
    rows.append(f"**{checks.errors} lỗi cần sửa trước khi hợp nhất.**" if checks.errors
                else "Không có lỗi; chỉ có cảnh báo/thông tin.")
    return rows
