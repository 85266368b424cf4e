"""Tiêu đề nhỏ (dòng bắt đầu bằng #) có chữ, và có nội dung bên dưới trước tiêu đề nhỏ kế tiếp.

Vì sao: Word hay để lại đoạn trống mang kiểu Heading hoặc tiêu đề mục không có nội dung; trên trang chúng thành khoảng trống lớn hoặc mục lục rỗng.

Ví dụ: Tiêu đề nhỏ 'Kết quả' không có nội dung bên dưới; hãy viết nội dung hoặc xóa tiêu đề.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit, iter_lines
from pipeline.core.messages import Level

CODE = "BT504"
NAME = "empty-heading"
SEVERITY = Level.WARNING
SCOPE = "article"

HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_MARKUP = re.compile(r"[\s*_\\`~]+")


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if "#" not in doc.article.body:
        return
    open_heading: tuple[int, int, str] | None = None  # (line, level, text) still waiting for content
    for line_no, line in iter_lines(doc):
        m = HEADING.match(line)
        if m:
            level, text = len(m[1]), (m[2] or "").strip()
            if not _MARKUP.sub("", text):
                yield Hit(f"Tiêu đề nhỏ trống (dòng chỉ có '{line.strip()}'); hãy điền tiêu đề hoặc xóa dòng này.",
                          line_no)
                continue
            if open_heading and level <= open_heading[1]:
                yield _no_content(open_heading)
            open_heading = (line_no, level, text)
        elif line.strip() and open_heading:
            open_heading = None
    if open_heading:
        yield _no_content(open_heading)


def _no_content(heading: tuple[int, int, str]) -> Hit:
    return Hit(f"Tiêu đề nhỏ '{heading[2]}' không có nội dung bên dưới; hãy viết nội dung hoặc xóa tiêu đề.",
               heading[0])
