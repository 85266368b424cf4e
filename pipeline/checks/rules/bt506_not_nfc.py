"""Chữ tiếng Việt ở dạng Unicode dựng sẵn (NFC), không phải dạng tổ hợp (chữ cái và dấu tách rời).

Vì sao: chữ tổ hợp (thường gặp khi chép từ máy Mac hoặc PDF) trông giống hệt nhưng tìm kiếm trên trang không thấy, dấu có thể hiện lệch hoặc rời khỏi chữ trên một số máy.

Ví dụ: Chữ ở dạng Unicode tổ hợp, ví dụ 'Công'; hãy chuyển sang Unicode dựng sẵn (NFC), ví dụ bằng công cụ chuyển mã của Unikey.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.text import text_fields
from pipeline.core.messages import Level

CODE = "BT506"
NAME = "not-nfc"
SEVERITY = Level.WARNING
SCOPE = "article"

_WORD = re.compile(r"[^\s.,;:!?()\"'“”]+")  # \w would split at combining marks


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    title, summary = doc.meta.get("title"), doc.meta.get("summary")
    whole = doc.article.body + (title if isinstance(title, str) else "") + (summary if isinstance(summary, str) else "")
    if unicodedata.is_normalized("NFC", whole):
        return
    for line, text in text_fields(doc):
        if unicodedata.is_normalized("NFC", text):
            continue
        word = next((w for w in _WORD.findall(text) if not unicodedata.is_normalized("NFC", w)), text.strip()[:20])
        shown = unicodedata.normalize("NFC", word)  # looks the same; keeps the message itself in NFC
        yield Hit(f"Chữ ở dạng Unicode tổ hợp, ví dụ '{shown}'; hãy chuyển sang Unicode dựng sẵn (NFC), "
                  "ví dụ bằng công cụ chuyển mã của Unikey.", line)
        return  # one finding says it all: the whole text needs converting
