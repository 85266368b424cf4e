"""Không còn dấu vết của Word trong bài: mã trường (MERGEFORMAT, HYPERLINK, PAGEREF), thông báo lỗi tham chiếu, dấu đánh dấu _Toc, mã HTML của Office, ký tự ký hiệu riêng của phông Symbol/Wingdings, ký tự ẩn, định dạng đậm rỗng, dòng hướng dẫn của mẫu tin.

Vì sao: những mảnh này lọt qua khi sao chép từ Word và hiện nguyên văn trên trang ("Error! Bookmark not defined.", ô vuông thay cho dấu đầu dòng), trông thiếu chuyên nghiệp.

Ví dụ: Còn sót thông báo lỗi tham chiếu của Word: 'Error! Bookmark not defined.'; hãy xóa hoặc viết lại đoạn này.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.text import snippet
from pipeline.core.messages import Level

CODE = "BT505"
NAME = "word-artefacts"
SEVERITY = Level.WARNING
SCOPE = "article"

MAX_PER_ARTICLE = 5
_KINDS = {
    "field": "mã trường (field code) của Word",
    "reference": "thông báo lỗi tham chiếu của Word",
    "bookmark": "dấu đánh dấu (bookmark) của Word",
    "office": "mã HTML của Microsoft Office",
    "symbol": "ký tự ký hiệu riêng của phông Symbol/Wingdings (hiện thành ô vuông)",
    "hidden": "ký tự ẩn (khoảng trắng độ rộng 0 hoặc gạch nối mềm)",
    "empty": "định dạng đậm/nghiêng rỗng",
    "converter": "dấu định dạng của công cụ chuyển đổi",
    "entity": "mã ký tự HTML",
    "template": "dòng hướng dẫn của mẫu tin, bài",
}
_PATTERNS = [
    r"(?P<field>\bMERGEFORMAT\b|\bHYPERLINK\s+[\"\\]|\bPAGEREF\s+_|\bTOC\s+\\[ohzu]|\bSEQ\s+(?:Figure|Table|Hình|Bảng)\b)",
    (r"(?P<reference>Error! (?:Bookmark not defined|Reference source not found|No text of specified style)\.?"
     r"|Lỗi! (?:Không tìm thấy nguồn tham chiếu|Thẻ đánh dấu không được xác định|Chưa xác định thẻ đánh dấu)\.?)"),
    r"(?P<bookmark>\b_(?:Toc|Hlk|Ref)\d{6,}\b|\b_GoBack\b)",
    r"(?P<office><o:p>|</o:p>|\bmso-[a-z-]+\s*:|class=\"?Mso|<!--\[if |<w:[A-Za-z])",
    r"(?P<symbol>[\uf020-\uf0ff])",
    r"(?P<hidden>[\u200b-\u200d\u2060\ufeff])",
    r"(?P<empty>\*\*[ \t]*\*\*|(?<![\w*])__[ \t]*__(?![\w]))",
    r"(?P<converter>\{\.(?:underline|mark|smallcaps)\}|\[\]\{#[^}]*\})",
    r"(?P<entity>&(?:nbsp|shy|zwj|zwnj);)",
    r"(?P<template>MẪU GỬI TIN, BÀI|Các dòng chữ nghiêng màu đỏ|xóa dòng hướng dẫn này|Điền bảng thông tin dưới đây)",
]
ARTEFACT = re.compile("|".join(_PATTERNS))


# Cheap literal tests first: the combined pattern is slow to run over every body of a large site.
_NEEDLES = ("MERGEFORMAT", "HYPERLINK", "PAGEREF", "TOC ", "SEQ ", "Error!", "Lỗi!", "_Toc", "_Hlk", "_Ref",
            "_GoBack", "o:p>", "mso-", "Mso", "<!--[if", "<w:", "**", "__", "{.", "[]{#", "&", "MẪU GỬI",
            "Các dòng chữ nghiêng", "xóa dòng hướng dẫn", "Điền bảng thông tin")
_CHARS = re.compile("[\uf020-\uf0ff\u200b-\u200d\u2060\ufeff]")


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    body = doc.article.body
    if not any(n in body for n in _NEEDLES) and not _CHARS.search(body):
        return
    starts: list[int] | None = None
    reported: set[tuple[int, str]] = set()
    for m in ARTEFACT.finditer(body):
        kind = m.lastgroup or "field"
        if starts is None:
            starts = [0] + [i + 1 for i, c in enumerate(body) if c == "\n"]
        index = bisect.bisect_right(starts, m.start()) - 1
        if (index, kind) in reported:
            continue
        reported.add((index, kind))
        shown = m.group(0) if kind not in ("symbol", "hidden") else f"U+{ord(m.group(0)):04X}"
        context = snippet(body, m.start(), m.end()) if kind in ("symbol", "hidden", "empty") else shown
        yield Hit(f"Còn sót {_KINDS[kind]}: '{context}'; hãy xóa hoặc viết lại đoạn này.", doc.body_line(index))
        if len(reported) >= MAX_PER_ARTICLE:
            return
