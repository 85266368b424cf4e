"""Một quy tắc được tắt bằng `checks_ignore` nhưng bài không còn vi phạm quy tắc đó.

Vì sao: ngoại lệ cũ còn sót sẽ che mất lỗi mới nếu sau này bài bị sửa; bỏ dòng thừa giúp bài luôn được kiểm tra đầy đủ.

Ví dụ: Quy tắc BT301 được tắt trong checks_ignore nhưng bài không còn vi phạm; có thể bỏ dòng này.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pipeline.checks.api import IGNORE_KEY, Doc, Hit
from pipeline.core.messages import Level

CODE = "BT003"
NAME = "unused-silence"
SEVERITY = Level.INFO
SCOPE = "engine"


def unused_silences(doc: Doc, silenced: Mapping[str, str], fired: set[str],
                    levels: Mapping[str, Level | None]) -> Iterator[Hit]:
    for code in sorted(silenced):
        if code not in fired and levels.get(code) is not None:
            yield Hit(f"Quy tắc {code} được tắt trong checks_ignore nhưng bài không còn vi phạm; "
                      "có thể bỏ dòng này.", doc.line_containing(code, IGNORE_KEY))
