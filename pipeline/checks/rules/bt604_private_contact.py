"""Thư điện tử và số điện thoại riêng của cộng tác viên (trong phần `contributor`) không xuất hiện ở tiêu đề, tóm tắt hay thân bài; số điện thoại được so theo chữ số (0912 345 678, 0912.345.678, +84 912 345 678 là một).

Vì sao: thông tin liên hệ của cộng tác viên chỉ dành cho Ban Biên tập; đăng lên trang là làm lộ dữ liệu cá nhân của người gửi.

Ví dụ: Thân bài có số điện thoại riêng của cộng tác viên ('0912.345.678'); hãy xóa: thông tin liên hệ chỉ dành cho Ban Biên tập.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.contact import phone_digits, phones_in
from pipeline.checks.text import text_fields
from pipeline.core.messages import Level

CODE = "BT604"
NAME = "private-contact"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    block = doc.meta.get("contributor")
    if not isinstance(block, dict):
        return
    email = str(block.get("email") or "").strip().casefold()
    phone = phone_digits(str(block.get("phone") or ""))
    if len(phone) < 8:
        phone = ""
    if not email and not phone:
        return
    for line, text in text_fields(doc):
        where = "Tiêu đề" if line == doc.key_line("title") else "Tóm tắt" if line == doc.key_line("summary") else "Thân bài"
        if email and email in text.casefold():
            yield Hit(f"{where} có thư điện tử riêng của cộng tác viên ('{block.get('email')}'); hãy xóa: "
                      "thông tin liên hệ chỉ dành cho Ban Biên tập.", line)
        if phone:
            for digits, written in phones_in(text):
                if digits == phone:
                    yield Hit(f"{where} có số điện thoại riêng của cộng tác viên ('{written.strip()}'); hãy xóa: "
                              "thông tin liên hệ chỉ dành cho Ban Biên tập.", line)
                    break
