"""Mỗi ảnh có chú thích: trong thân bài có mô tả (alt) và chú thích hiện dưới ảnh, trong danh sách `images` có `caption`.

Vì sao: chú thích cho bạn đọc biết ảnh chụp ai, việc gì, ở đâu; mô tả (alt) giúp người khiếm thị dùng trình đọc màn hình và hiện thay ảnh khi mạng chậm.

Ví dụ: Ảnh 'images/2026/ba-tri-hoi-thi-nu-cong/anh-1.jpg' chưa có mô tả và chú thích; hãy viết dạng ![Mô tả ảnh]({static}/images/2026/ba-tri-hoi-thi-nu-cong/anh-1.jpg "Chú thích ảnh").
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.images import image_refs
from pipeline.core.messages import Level

CODE = "BT404"
NAME = "image-caption"
SEVERITY = Level.WARNING
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for ref in image_refs(doc):
        shown = ref.ref.replace("{static}/", "")
        if ref.where == "body":
            missing = [name for name, value in (("mô tả", ref.alt), ("chú thích", ref.caption)) if not value]
            if missing:
                yield Hit(f"Ảnh '{shown}' chưa có {' và '.join(missing)}; hãy viết dạng "
                          f'![Mô tả ảnh]({{static}}/{shown} "Chú thích ảnh").', ref.line)
        elif not ref.variant and not ref.caption:
            yield Hit(f"Ảnh '{shown}' trong danh sách images chưa có chú thích (caption).", ref.line)
