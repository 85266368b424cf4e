"""Tin sự kiện gửi trong vòng 12 giờ hành chính (theo editorial.yml) kể từ khi sự kiện diễn ra; bài trễ được báo số giờ trễ tính theo giờ hành chính; trễ dưới thời gian ân hạn (deadlines.grace_minutes) không tính, và bài đính chính hoặc gỡ bài không báo lại.

Vì sao: Công văn 1666/LĐLĐ quy định thông tin sự kiện gửi không quá 12 giờ hành chính; giờ hành chính tính từ thứ Hai đến thứ Sáu, theo giờ làm việc trong editorial.yml, trừ ngày lễ, Tết (kể cả ngày làm bù thứ Bảy theo thông báo).

Ví dụ: Tin sự kiện gửi lúc 16:00 ngày 06/03/2026, trễ 3 giờ 30 phút hành chính: sự kiện lúc 16:30 ngày 04/03/2026 phải gửi trước 10:30 ngày 06/03/2026 (12 giờ hành chính).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.dates import format_vn
from pipeline.core.deadlines import is_follow_up, timeliness
from pipeline.core.messages import Level
from pipeline.core.workcal import format_hours_vi

CODE = "BT302"
NAME = "event-deadline"
SEVERITY = Level.WARNING
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if doc.meta.get("kind") != "event" or is_follow_up(doc.meta):
        return  # a correction or withdrawal does not repeat the original send's finding
    event = doc.datetime_of("event_time")
    verdict = timeliness("event", event, doc.datetime_of("submitted_at"), ctx.config)
    if verdict is None or not verdict.late or event is None or verdict.sent is None or verdict.due is None:
        return
    allowed = ctx.config.deadlines.event_working_hours
    yield Hit(f"Tin sự kiện gửi lúc {format_vn(verdict.sent)}, trễ {format_hours_vi(verdict.late_hours)} hành chính: "
              f"sự kiện lúc {format_vn(event)} phải gửi trước {format_vn(verdict.due)} "
              f"({format_hours_vi(allowed)} hành chính).", doc.key_line("submitted_at"))
