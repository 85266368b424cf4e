"""Tin thời sự gửi sau giờ chốt hằng ngày (16:00 theo editorial.yml, giờ Việt Nam) thì chuyển sang đợt đăng của ngày làm việc tiếp theo; trễ dưới thời gian ân hạn (deadlines.grace_minutes, mặc định 1 phút) không tính, và bài đính chính hoặc gỡ bài không báo lại.

Vì sao: Công văn 1666/LĐLĐ yêu cầu thông tin thời sự gửi về Ban Biên tập chậm nhất 16 giờ hằng ngày; tin đến muộn không kịp biên tập trong ngày.

Ví dụ: Tin thời sự gửi lúc 16:30 ngày 17/03/2026, sau giờ chốt 16:00; tin chuyển sang đợt đăng ngày 18/03/2026.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.dates import format_vn
from pipeline.core.deadlines import is_follow_up, timeliness
from pipeline.core.messages import Level

CODE = "BT301"
NAME = "news-cutoff"
SEVERITY = Level.WARNING
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if doc.meta.get("kind") != "news" or is_follow_up(doc.meta):
        return  # a correction or withdrawal does not repeat the original send's finding
    verdict = timeliness("news", None, doc.datetime_of("submitted_at"), ctx.config)
    if verdict is None or not verdict.late or verdict.sent is None or verdict.next_batch is None:
        return
    cutoff = ctx.config.deadlines.timely_news_cutoff
    yield Hit(f"Tin thời sự gửi lúc {format_vn(verdict.sent)}, sau giờ chốt {cutoff:%H:%M}; "
              f"tin chuyển sang đợt đăng ngày {verdict.next_batch:%d/%m/%Y}.", doc.key_line("submitted_at"))
