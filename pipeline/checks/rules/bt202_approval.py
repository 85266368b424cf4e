"""Tin, bài của một đơn vị công đoàn ghi họ tên lãnh đạo đơn vị đã duyệt (`approved_by`).

Vì sao: theo Công văn 1666/LĐLĐ, lãnh đạo công đoàn cấp trên trực tiếp cơ sở duyệt và chịu trách nhiệm về tính chính xác của thông tin trước khi gửi Ban Biên tập.

Ví dụ: Bài của Liên đoàn Lao động huyện Ba Tri chưa ghi lãnh đạo duyệt (approved_by); lãnh đạo đơn vị phải duyệt trước khi gửi.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.messages import Level

CODE = "BT202"
NAME = "approval"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    unit = doc.meta.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        return  # outside collaborators have no unit leader (BT203 covers them)
    if doc.text("approved_by"):
        return
    name = ctx.config.units[unit].name if unit in ctx.config.units else unit
    yield Hit(f"Bài của {name} chưa ghi lãnh đạo duyệt (approved_by); lãnh đạo đơn vị phải duyệt trước khi gửi.",
              doc.key_line("approved_by") or doc.key_line("unit"))
