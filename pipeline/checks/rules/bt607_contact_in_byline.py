"""Người viết, chức danh, người duyệt, từ khóa và chú thích ảnh không có thư điện tử, số điện thoại hay địa chỉ trang web; các trường này được đăng nguyên văn lên trang, nguồn tin (feed) và dữ liệu cho máy tìm kiếm.

Vì sao: tên tác giả được in ở đầu bài, trong nguồn tin RSS/Atom và trong dữ liệu JSON-LD mà Google, Zalo, Facebook đọc; một số điện thoại hay thư điện tử ghi lẫn vào đó là dữ liệu cá nhân bị công bố và không thể thu hồi.

Ví dụ: Người viết (author) có số điện thoại '0903 111 222'; trường này được đăng công khai, hãy chỉ ghi họ tên (thông tin liên hệ ghi trong phần contributor, chỉ Ban Biên tập xem).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.messages import Level
from pipeline.core.privacy import contacts_in

CODE = "BT607"
NAME = "contact-in-byline"
SEVERITY = Level.ERROR
SCOPE = "article"

FIELDS = {"author": "Người viết", "author_title": "Chức danh", "approved_by": "Người duyệt", "tags": "Từ khóa"}


def _texts(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if isinstance(v, (str, int, float))]
    return [str(value)] if isinstance(value, (str, int, float)) else []


def _hits(label: str, key: str, texts: list[str], line: int | None) -> Iterator[Hit]:
    for text in texts:
        for found in contacts_in(text, addresses=False)[:1]:
            yield Hit(f"{label} ({key}) có {found.kind_vi} '{found.text}'; trường này được đăng công khai, hãy chỉ "
                      "ghi họ tên (thông tin liên hệ ghi trong phần contributor, chỉ Ban Biên tập xem).", line)


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for key, label in FIELDS.items():
        yield from _hits(label, key, _texts(doc.meta.get(key)), doc.key_line(key))
    images = doc.meta.get("images")
    for image in images if isinstance(images, list) else []:
        if isinstance(image, dict):
            yield from _hits("Chú thích ảnh", "caption", _texts(image.get("caption")), doc.key_line("images"))
