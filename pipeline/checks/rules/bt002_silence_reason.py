"""Mỗi quy tắc được tắt cho một bài bằng khóa `checks_ignore` phải có mã đúng và ghi lý do.

Vì sao: đôi khi Ban Biên tập chấp nhận một ngoại lệ (ví dụ đồng ý đăng tin gửi muộn); lý do ghi ngay trong bài để người duyệt sau hiểu vì sao. Tắt mà không ghi lý do thì không có tác dụng: lỗi gốc vẫn được báo.

Ví dụ: Tắt quy tắc BT301 mà không ghi lý do; hãy ghi lý do, ví dụ checks_ignore: {BT301: "Ban Biên tập đồng ý đăng muộn"}.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.checks.api import IGNORE_KEY, Context, Doc, Hit
from pipeline.core.messages import Level

CODE = "BT002"
NAME = "silence-reason"
SEVERITY = Level.WARNING
SCOPE = "article"

UNSILENCEABLE = frozenset({"BT001", "BT002"})


def _entries(meta: dict[str, Any]) -> dict[str, Any] | None:
    value = meta.get(IGNORE_KEY)
    return value if isinstance(value, dict) else None


def valid_silences(meta: dict[str, Any], known: frozenset[str]) -> dict[str, str]:
    """Codes this article silences, each with its reason; entries without a reason do not count."""
    out: dict[str, str] = {}
    for code, reason in (_entries(meta) or {}).items():
        code = str(code).strip().upper()
        if code in known and code not in UNSILENCEABLE and isinstance(reason, str) and reason.strip():
            out[code] = reason.strip()
    return out


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    if IGNORE_KEY not in doc.meta or doc.meta.get(IGNORE_KEY) is None:
        return
    line = doc.key_line(IGNORE_KEY)
    entries = _entries(doc.meta)
    if entries is None:
        yield Hit(
            "Khóa 'checks_ignore' phải là bảng 'mã quy tắc: lý do', ví dụ "
            'checks_ignore: {BT301: "Ban Biên tập đồng ý đăng muộn"}.', line)
        return
    for raw_code, reason in entries.items():
        code = str(raw_code).strip().upper()
        where = doc.line_containing(str(raw_code), IGNORE_KEY) or line
        if code not in ctx.known_codes:
            yield Hit(f"Mã '{raw_code}' trong checks_ignore không phải quy tắc nào; "
                      "xem danh sách bằng lệnh: pipeline rules.", where)
        elif code in UNSILENCEABLE:
            yield Hit(f"Không thể tắt quy tắc {code} cho một bài.", where)
        elif not isinstance(reason, str) or not reason.strip():
            yield Hit(f"Tắt quy tắc {code} mà không ghi lý do; hãy ghi lý do, ví dụ "
                      f'checks_ignore: {{{code}: "Ban Biên tập đồng ý đăng muộn"}}.', where)
