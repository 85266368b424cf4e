"""Mọi ảnh bài viết nhắc đến (trong thân bài và trong danh sách `images`) đều có tệp trong thư mục bài viết.

Vì sao: ảnh thiếu tệp hiện thành ô trống trên trang; ảnh lấy từ trang ngoài có thể mất bất cứ lúc nào và làm lộ người đọc cho trang đó, nên ảnh phải được lưu cùng bài.

Ví dụ: Không tìm thấy tệp ảnh 'images/2026/ba-tri-hoi-thi-nu-cong/anh-3.jpg' (content/images/2026/ba-tri-hoi-thi-nu-cong/anh-3.jpg); hãy thêm tệp ảnh hoặc sửa đường dẫn.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit, display_path
from pipeline.checks.images import distinct_files, exists
from pipeline.core.messages import Level

CODE = "BT401"
NAME = "image-missing"
SEVERITY = Level.ERROR
SCOPE = "article"


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for ref, path in distinct_files(doc, ctx):
        if path is None:
            yield Hit(f"Ảnh '{ref.ref}' lấy từ trang ngoài; hãy tải ảnh về, đặt vào thư mục ảnh của bài "
                      "và dẫn bằng {static}/images/….", ref.line)
        elif not exists(path, ctx):
            yield Hit(f"Không tìm thấy tệp ảnh '{ref.ref.replace('{static}/', '')}' ({display_path(path)}); "
                      "hãy thêm tệp ảnh hoặc sửa đường dẫn.", ref.line)
