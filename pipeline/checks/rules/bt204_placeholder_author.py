"""Người viết (author) là họ tên người thật, không phải tên máy hay tài khoản chung ('Windows User', 'Administrator', 'Email365 Team', tên cửa hàng máy tính, địa chỉ thư) — danh sách gốc cộng thêm `placeholder_authors` trong editorial.yml.

Vì sao: tên người viết hiện công khai dưới bài; tên máy lấy từ thuộc tính tệp Word là sai và làm trang thiếu tin cậy.

Ví dụ: Người viết 'Windows User' là tên máy hoặc tài khoản chung, không phải họ tên người viết; hãy sửa thành họ tên thật hoặc để trống.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.content.bylines import is_placeholder_author
from pipeline.core.messages import Level

CODE = "BT204"
NAME = "placeholder-author"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    author = " ".join(doc.text("author").split())
    if author and is_placeholder_author(author, ctx.config):
        yield Hit(f"Người viết '{author}' là tên máy hoặc tài khoản chung, không phải họ tên người viết; "
                  "hãy sửa thành họ tên thật hoặc để trống.", doc.key_line("author"))
