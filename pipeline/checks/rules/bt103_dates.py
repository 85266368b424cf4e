"""Ngày đăng, thời gian gửi và thời gian sự kiện là ngày giờ hợp lệ (ISO 8601, giờ Việt Nam), năm hợp lý.

Vì sao: hạn gửi tin (16 giờ, 12 giờ hành chính) và thứ tự bài trên trang đều tính từ các mốc này; một ngày viết sai thì mọi phép tính sau đó sai theo.

Ví dụ: Giá trị của 'submitted_at' (thời gian gửi) là '17/3/2026 16 giờ', không phải ngày giờ hợp lệ; hãy viết dạng 2026-03-17T16:30+07:00.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.labels import is_blank, key_label
from pipeline.core.messages import Level

CODE = "BT103"
NAME = "dates"
SEVERITY = Level.ERROR
SCOPE = "article"

KEYS = ("date", "submitted_at", "event_time")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for key in KEYS:
        if key not in doc.meta or is_blank(doc.meta[key]):
            continue
        value = doc.meta[key]
        parsed = doc.datetime_of(key)
        if parsed is None:
            yield Hit(f"Giá trị của {key_label(key)} là '{value}', không phải ngày giờ hợp lệ; "
                      "hãy viết dạng 2026-03-17T16:30+07:00.", doc.key_line(key))
        elif not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            yield Hit(f"Năm {parsed.year} của {key_label(key)} không hợp lý; hãy kiểm tra lại ngày giờ.",
                      doc.key_line(key))
