"""Tiêu đề dài vừa phải: từ 15 đến 120 ký tự.

Vì sao: tiêu đề quá ngắn không cho biết ai làm gì; tiêu đề quá dài bị cắt trên trang chủ, trên kết quả tìm kiếm và khi chia sẻ qua Zalo, Facebook.

Ví dụ: Tiêu đề chỉ có 7 ký tự; tiêu đề cần nói rõ ai làm gì, ở đâu (ít nhất 15 ký tự).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.messages import Level

CODE = "BT501"
NAME = "title-length"
SEVERITY = Level.WARNING
SCOPE = "article"

MIN_CHARS, MAX_CHARS = 15, 120


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    title = " ".join(doc.text("title").split())
    if not title:
        return  # BT101
    if len(title) < MIN_CHARS:
        yield Hit(f"Tiêu đề chỉ có {len(title)} ký tự; tiêu đề cần nói rõ ai làm gì, ở đâu "
                  f"(ít nhất {MIN_CHARS} ký tự).", doc.key_line("title"))
    elif len(title) > MAX_CHARS:
        yield Hit(f"Tiêu đề dài {len(title)} ký tự; hãy rút gọn dưới {MAX_CHARS} ký tự để hiện đủ trên trang chủ "
                  "và khi chia sẻ qua Zalo, Facebook.", doc.key_line("title"))
