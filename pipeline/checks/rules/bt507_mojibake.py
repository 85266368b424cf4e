"""Không có chữ lỗi mã (mojibake) như 'CÃ´ng nhÃ¢n' thay cho 'Công nhân': văn bản UTF-8 bị đọc nhầm bằng bảng mã Windows-1252.

Vì sao: chữ lỗi mã không đọc được và không tìm kiếm được; nó thường xuất hiện khi chép nội dung qua thư điện tử hoặc phần mềm cũ, và người gửi không nhận ra trên máy mình.

Ví dụ: Dòng có chữ lỗi mã (mojibake): 'CÃ´ng nhÃ¢n lao Ä‘á»™ng'; có lẽ là 'Công nhân lao động'. Hãy dán lại nội dung từ tệp gốc (lưu ở mã UTF-8).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.encodings import scan_encodings
from pipeline.core.messages import Level

CODE = "BT507"
NAME = "mojibake"
SEVERITY = Level.ERROR
SCOPE = "article"

MAX_PER_ARTICLE = 3


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    found = [p for p in scan_encodings(doc) if p.kind == "mojibake"]
    for problem in found[:MAX_PER_ARTICLE]:
        guess = f"; có lẽ là '{problem.fixed}'" if problem.fixed else ""
        yield Hit(f"Dòng có chữ lỗi mã (mojibake): '{problem.sample}'{guess}. "
                  "Hãy dán lại nội dung từ tệp gốc (lưu ở mã UTF-8).", problem.line)
