"""Tiêu đề, tóm tắt và thân bài không có số điện thoại di động, điện thoại bàn hay địa chỉ nhà của một người (số đường dây nóng 1800/1900 thì được); số điện thoại được nhận biết theo kế hoạch đánh số của Việt Nam.

Vì sao: tin, bài được đăng công khai và lưu lâu dài; số điện thoại, địa chỉ nhà của đoàn viên, người lao động hay cộng tác viên trong bài là dữ liệu cá nhân, chỉ đăng khi chính người đó đồng ý.

Ví dụ: Thân bài có số điện thoại '0903 111 222'; nếu đây là số riêng của một người, hãy xóa (dữ liệu cá nhân không đăng công khai) hoặc thay bằng số của cơ quan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.contact import phone_digits
from pipeline.checks.text import text_fields
from pipeline.core.messages import Level
from pipeline.core.privacy import addresses_in, phones_in

_DIGIT = re.compile(r"\d")
CODE = "BT606"
NAME = "contact-in-text"
SEVERITY = Level.WARNING
SCOPE = "article"


def _contributor_phone(doc: Doc) -> str:
    block = doc.meta.get("contributor")
    return phone_digits(str(block.get("phone") or "")) if isinstance(block, dict) else ""


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    own = _contributor_phone(doc)  # BT604 already reports the contributor's own number, as an error
    for line, text in text_fields(doc):
        if not _DIGIT.search(text):
            continue
        where = "Tiêu đề" if line == doc.key_line("title") else "Tóm tắt" if line == doc.key_line("summary") else "Thân bài"
        for phone in phones_in(text):
            if own and phone_digits(phone.text) == own:
                continue
            yield Hit(f"{where} có số điện thoại '{phone.text}'; nếu đây là số riêng của một người, hãy xóa "
                      "(dữ liệu cá nhân không đăng công khai) hoặc thay bằng số của cơ quan.", line)
        for address in addresses_in(text):
            yield Hit(f"{where} có địa chỉ nhà '{address.text}'; nếu đây là nơi ở của một người, hãy xóa "
                      "(dữ liệu cá nhân không đăng công khai).", line)
