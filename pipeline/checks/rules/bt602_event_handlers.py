"""Thẻ HTML trong thân bài không có thuộc tính sự kiện (onclick, onerror, onload, …).

Vì sao: thuộc tính sự kiện là mã JavaScript chạy ngay khi bạn đọc mở hoặc chạm vào trang, ví dụ <img onerror="…">; chúng không bao giờ cần trong một tin, bài.

Ví dụ: Thẻ <img> có thuộc tính 'onerror' chạy mã JavaScript; hãy xóa thuộc tính này.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.html_scan import scan_html
from pipeline.core.messages import Level

CODE = "BT602"
NAME = "event-handlers"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for tag in scan_html(doc).tags:
        for name in tag.attrs:
            if name.startswith("on"):
                yield Hit(f"Thẻ <{tag.name}> có thuộc tính '{name}' chạy mã JavaScript; hãy xóa thuộc tính này.",
                          tag.line)
