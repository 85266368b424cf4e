"""Tin sự kiện có thời gian diễn ra sự kiện trước thời gian gửi tin.

Vì sao: tin sự kiện đưa tin về việc đã diễn ra; thời gian sự kiện sau thời gian gửi thường là gõ nhầm ngày, tháng, và làm hạn 12 giờ hành chính không kiểm tra được.

Ví dụ: Thời gian sự kiện 08:00 ngày 20/03/2026 sau thời gian gửi 16:00 ngày 19/03/2026; hãy kiểm tra lại event_time và submitted_at.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.dates import format_vn
from pipeline.core.messages import Level

CODE = "BT303"
NAME = "event-after-submission"
SEVERITY = Level.WARNING
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if doc.meta.get("kind") != "event":
        return
    event, submitted = doc.datetime_of("event_time"), doc.datetime_of("submitted_at")
    if event is None or submitted is None or event <= submitted:
        return
    yield Hit(f"Thời gian sự kiện {format_vn(event)} sau thời gian gửi {format_vn(submitted)}; "
              "hãy kiểm tra lại event_time và submitted_at.", doc.key_line("event_time"))
