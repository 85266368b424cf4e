"""Ảnh là định dạng web (JPEG, PNG, GIF, WebP) và nội dung tệp đúng với phần mở rộng của tên tệp.

Vì sao: trình duyệt không hiển thị ảnh BMP, TIFF, HEIC, EMF/WMF của Word; một tệp .jpg thật ra là BMP cũng không hiện được trên điện thoại.

Ví dụ: Ảnh 'images/2026/ba-tri-hoi-thi-nu-cong/anh-1.bmp' không phải định dạng web (BMP); hãy chuyển sang JPEG hoặc PNG.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.images import WEB_FORMATS, distinct_files, probe
from pipeline.core.messages import Level

CODE = "BT402"
NAME = "image-format"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    # srcset variants are written by the pipeline from the main image, which is checked here.
    for ref, path in distinct_files(doc, ctx, variants=False):
        if path is None:
            continue
        info = probe(path, ctx)
        if not info.exists or info.too_many_pixels:
            continue  # BT401 / BT403
        shown = ref.ref.replace("{static}/", "")
        suffix = path.suffix.lower()
        if info.format is None:
            yield Hit(f"Không đọc được tệp ảnh '{shown}' (tệp hỏng hoặc không phải ảnh); hãy xuất lại ảnh dạng JPEG.",
                      ref.line)
        elif info.format not in WEB_FORMATS:
            yield Hit(f"Ảnh '{shown}' không phải định dạng web ({info.format}); hãy chuyển sang JPEG hoặc PNG.", ref.line)
        elif suffix not in WEB_FORMATS[info.format]:
            yield Hit(f"Ảnh '{shown}' thực chất là {info.format} nhưng tên tệp có đuôi '{suffix or '(không có)'}'; "
                      "hãy đổi đuôi tệp cho đúng.", ref.line)
