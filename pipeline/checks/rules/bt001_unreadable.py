"""Tệp bài viết đọc được: mã UTF-8 và có phần thông tin đầu bài (front matter) đúng cú pháp YAML giữa hai dòng '---'.

Vì sao: khi không đọc được phần thông tin đầu bài thì không biết bài của đơn vị nào, ai biên tập, gửi lúc nào; trang web cũng không dựng được bài. Các quy tắc khác không chạy trên tệp này cho đến khi sửa xong.

Ví dụ: Thiếu phần thông tin đầu bài (front matter) giữa hai dòng '---'.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.messages import Level

CODE = "BT001"
NAME = "unreadable"
SEVERITY = Level.ERROR
SCOPE = "engine"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if doc.article.error:
        yield Hit(doc.article.error, 1)
