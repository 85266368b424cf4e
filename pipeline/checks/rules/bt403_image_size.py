"""Ảnh không quá lớn: cạnh dài nhất không quá `photos.max_side` điểm ảnh trong editorial.yml (mặc định 1600) và tệp không quá 1 MB.

Vì sao: đoàn viên đọc trang chủ yếu trên điện thoại; ảnh quá lớn làm trang tải chậm, tốn dung lượng 3G/4G mà không rõ nét hơn.

Ví dụ: Ảnh 'images/2026/ba-tri-hoi-thi-nu-cong/anh-1.jpg' có kích thước 4000×3000 điểm ảnh, vượt giới hạn 1600 điểm ảnh ở cạnh dài; hãy thu nhỏ ảnh.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.images import WEB_FORMATS, distinct_files, probe
from pipeline.core.messages import Level

CODE = "BT403"
NAME = "image-size"
SEVERITY = Level.WARNING
SCOPE = "article"

MAX_BYTES = 1_000_000  # a 1600-pixel JPEG at the pipeline's quality is 200–500 kB


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    max_side = ctx.config.photos.max_side
    for ref, path in distinct_files(doc, ctx, variants=False):
        if path is None:
            continue
        info = probe(path, ctx)
        if not info.exists or (info.format is not None and info.format not in WEB_FORMATS):
            continue  # BT401 / BT402: converting the file is the fix
        shown = ref.ref.replace("{static}/", "")
        if info.too_many_pixels:
            yield Hit(f"Ảnh '{shown}' có số điểm ảnh quá lớn, không mở an toàn được; hãy thu nhỏ ảnh.", ref.line)
            continue
        if max(info.width, info.height) > max_side:
            yield Hit(f"Ảnh '{shown}' có kích thước {info.width}×{info.height} điểm ảnh, vượt giới hạn {max_side} "
                      "điểm ảnh ở cạnh dài; hãy thu nhỏ ảnh.", ref.line)
        if info.size > MAX_BYTES and info.format != "GIF":
            yield Hit(f"Tệp ảnh '{shown}' nặng {_mb(info.size)}, vượt giới hạn {_mb(MAX_BYTES)}; "
                      "hãy lưu lại dạng JPEG chất lượng khoảng 85.", ref.line)
