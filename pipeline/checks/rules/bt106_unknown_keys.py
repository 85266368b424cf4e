"""Phần thông tin đầu bài chỉ dùng các khóa đã biết; khóa lạ thường là khóa gõ nhầm.

Vì sao: 'aproved_by' gõ nhầm thì thông tin lãnh đạo duyệt coi như không có, và các quy tắc khác báo thiếu mà người viết không hiểu vì sao.

Ví dụ: Khóa 'aproved_by' không có trong mẫu thông tin đầu bài; có phải 'approved_by'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.content.fields import KNOWN_KEYS
from pipeline.core.messages import Level

CODE = "BT106"
NAME = "unknown-keys"
SEVERITY = Level.WARNING
SCOPE = "article"

# The front-matter table (pipeline/content/fields.py): the site's keys and Pelican's standard metadata.
KNOWN = KNOWN_KEYS


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for key in doc.meta:
        name = str(key)
        if name in KNOWN:
            continue
        close = difflib.get_close_matches(name, sorted(KNOWN), n=1, cutoff=0.75)
        hint = f"có phải '{close[0]}'?" if close else "hãy xóa khóa này hoặc sửa lại tên."
        yield Hit(f"Khóa '{name}' không có trong mẫu thông tin đầu bài; {hint}", doc.key_line(name))
