"""Phần thông tin đầu bài chỉ dùng các khóa đã biết; khóa lạ thường là khóa gõ nhầm.

Vì sao: 'aproved_by' gõ nhầm thì thông tin lãnh đạo duyệt coi như không có, và các quy tắc khác báo thiếu mà người viết không hiểu vì sao.

Ví dụ: Khóa 'aproved_by' không có trong mẫu thông tin đầu bài; có phải 'approved_by'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pipeline.checks.engine import IGNORE_KEY, Context, Doc, Hit
from pipeline.core.messages import Level

CODE = "BT106"
NAME = "unknown-keys"
SEVERITY = Level.WARNING
SCOPE = "article"

# The README's front-matter schema, the site's own keys, and Pelican's standard metadata.
KNOWN = frozenset({
    "title", "slug", "date", "kind", "unit", "topic", "editor", "event_time", "submitted_at", "author",
    "author_title", "approved_by", "summary", "tags", "images", "source", "contributor",
    "conversion_warnings", IGNORE_KEY,
    "updated", "modified", "correction", "withdrawn", "withdrawn_reason",
    "status", "lang", "translation", "template", "save_as", "url", "category", "authors",
})


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for key in doc.meta:
        name = str(key)
        if name in KNOWN:
            continue
        close = difflib.get_close_matches(name, sorted(KNOWN), n=1, cutoff=0.75)
        hint = f"có phải '{close[0]}'?" if close else "hãy xóa khóa này hoặc sửa lại tên."
        yield Hit(f"Khóa '{name}' không có trong mẫu thông tin đầu bài; {hint}", doc.key_line(name))
