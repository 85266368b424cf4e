"""Biên tập viên ghi trong bài đúng là người editorial.yml phân công cho đơn vị và lĩnh vực đó.

Vì sao: Công văn 1666/LĐLĐ giao mỗi lĩnh vực cho một biên tập viên, riêng tin của Công ty Cồn Phụng và Trường Cao đẳng Đồng Khởi do biên tập viên được chỉ định duyệt; bài ghi sai người thì yêu cầu duyệt gửi nhầm chỗ.

Ví dụ: Bài của Liên đoàn Lao động huyện Ba Tri, lĩnh vực Tuyên giáo – Nữ công phải do Phạm Hòa ('pham-hoa') biên tập, không phải 'nguyen-thi-bien'.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.messages import Level

CODE = "BT201"
NAME = "routing"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    config = ctx.config
    unit, topic, editor = doc.meta.get("unit"), doc.meta.get("topic"), doc.meta.get("editor")
    if "unit" not in doc.meta or not (unit is None or (isinstance(unit, str) and unit in config.units)):
        return  # reported by BT101 / BT104
    if not isinstance(topic, str) or topic not in config.topics or not isinstance(editor, str) or not editor:
        return
    expected = config.route(unit, topic)
    if editor == expected.slug:
        return
    who = config.units[unit].name if unit else "cộng tác viên"
    yield Hit(f"Bài của {who}, lĩnh vực {config.topics[topic].name} phải do {expected.name} "
              f"('{expected.slug}') biên tập, không phải '{editor}'.", doc.key_line("editor"))
