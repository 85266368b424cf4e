"""Thân bài không quá ngắn: ít nhất 30 chữ (không tính số, ảnh và đường dẫn).

Vì sao: một tin cần trả lời được ai, làm gì, ở đâu, khi nào, kết quả ra sao; vài câu ngắn thường là bản nháp gửi nhầm hoặc nội dung bị mất khi chuyển đổi.

Ví dụ: Nội dung bài chỉ có 12 chữ; một tin cần ít nhất 30 chữ để nói rõ ai, làm gì, ở đâu, khi nào.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.text import plain_words
from pipeline.core.messages import Level

CODE = "BT503"
NAME = "short-body"
SEVERITY = Level.WARNING
SCOPE = "article"

MIN_WORDS = 30


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    words = plain_words(doc)
    if 0 < words < MIN_WORDS:
        yield Hit(f"Nội dung bài chỉ có {words} chữ; một tin cần ít nhất {MIN_WORDS} chữ để nói rõ ai, làm gì, "
                  "ở đâu, khi nào.", doc.article.body_line)
