"""Bài có nội dung: thân bài (phần sau thông tin đầu bài) có chữ, không chỉ có ảnh hay khoảng trắng.

Vì sao: một bài trống trên trang làm bạn đọc mất niềm tin; thường là do tệp Word chuyển đổi hỏng hoặc nội dung bị xóa nhầm khi biên tập.

Ví dụ: Bài chưa có nội dung: thân bài không có chữ nào; hãy dán lại nội dung bài.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.text import plain_words
from pipeline.core.messages import Level

CODE = "BT502"
NAME = "empty-body"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if plain_words(doc) == 0:
        yield Hit("Bài chưa có nội dung: thân bài không có chữ nào; hãy dán lại nội dung bài.", doc.article.body_line)
