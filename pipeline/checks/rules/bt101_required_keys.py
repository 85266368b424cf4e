"""Có đủ các khóa bắt buộc theo loại tin: mọi bài cần tiêu đề, đường dẫn, ngày đăng, loại tin, đơn vị, lĩnh vực, biên tập viên, thời gian gửi, người viết; tin thời sự, tin sự kiện và bài chuyên sâu cần tóm tắt; tin sự kiện cần thời gian diễn ra sự kiện.

Vì sao: thiếu các thông tin này thì không phân công được biên tập viên, không tính được hạn gửi tin và trang web hiển thị thiếu.

Ví dụ: Thiếu khóa 'event_time' (thời gian diễn ra sự kiện), bắt buộc với tin sự kiện.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.labels import is_blank, key_label
from pipeline.content import fields
from pipeline.core.messages import Level

CODE = "BT101"
NAME = "required-keys"
SEVERITY = Level.ERROR
SCOPE = "article"

COMMON = fields.required_for(None)
BY_KIND = {kind: tuple(k for k in fields.required_for(kind) if k not in COMMON) for kind in fields.ALL_KINDS}


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    meta = doc.meta
    kind = meta.get("kind")
    kind_name = ctx.config.kinds[kind].name.lower() if isinstance(kind, str) and kind in ctx.config.kinds else ""
    wanted = [(k, "mọi tin, bài") for k in COMMON]
    if isinstance(kind, str):
        wanted += [(k, kind_name or kind) for k in BY_KIND.get(kind, ())]
    for key, scope in wanted:
        if key == "unit":
            if key not in meta:
                yield Hit("Thiếu khóa 'unit' (đơn vị): ghi mã đơn vị trong editorial.yml, "
                          "hoặc 'unit: null' với bài của cộng tác viên.", 1)
            continue
        if key not in meta:
            yield Hit(f"Thiếu khóa {key_label(key)}, bắt buộc với {scope}.", 1)
        elif is_blank(meta[key]):
            yield Hit(f"Khóa {key_label(key)} đang để trống, bắt buộc với {scope}.", doc.key_line(key))
