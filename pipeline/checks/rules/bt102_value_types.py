"""Mỗi khóa có giá trị đúng kiểu: chữ là chuỗi, từ khóa là danh sách chuỗi, ảnh là danh sách có đường dẫn, thông tin cộng tác viên là bảng khóa: giá trị.

Vì sao: YAML tự đoán kiểu (ví dụ `title: 2026` thành số, `tags: học bổng, giáo dục` thành một chuỗi), làm trang web hiển thị sai hoặc dựng trang thất bại.

Ví dụ: Khóa 'tags' (từ khóa) phải là danh sách, ví dụ tags: [học bổng, giáo dục] (đang là chuỗi chữ).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.checks.api import IGNORE_KEY, Context, Doc, Hit
from pipeline.checks.labels import key_label, type_name
from pipeline.content import fields
from pipeline.core.messages import Level

CODE = "BT102"
NAME = "value-types"
SEVERITY = Level.ERROR
SCOPE = "article"

TEXT_KEYS = fields.keys_of_type("text")
STRING_LISTS = {key: fields.BY_KEY[key].example for key in fields.keys_of_type("text-list")}
# checks_ignore has its own rule (BT002), which says how to write it.
BOOLS = {key: fields.BY_KEY[key].example for key in fields.keys_of_type("bool")}
MAPPINGS = tuple(key for key in fields.keys_of_type("mapping") if key != IGNORE_KEY)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    meta = doc.meta
    for key in TEXT_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            # YAML turns 2026, yes or 2026-03-06 into a number, true or a date: quotes keep the text.
            hint = ("hãy ghi một giá trị chữ" if isinstance(value, (list, dict))
                    else f"hãy đặt trong dấu nháy, ví dụ {key}: \"{value}\"")
            yield Hit(f"Khóa {key_label(key)} phải là chuỗi chữ (đang là {type_name(value)}); {hint}.",
                      doc.key_line(key))
    for key, example in STRING_LISTS.items():
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            yield Hit(f"Khóa {key_label(key)} phải là danh sách, ví dụ {example} (đang là {type_name(value)}).",
                      doc.key_line(key))
        elif not all(isinstance(v, str) for v in value):
            yield Hit(f"Mỗi mục của khóa {key_label(key)} phải là chuỗi chữ.", doc.key_line(key))
    for key, example in BOOLS.items():
        value = meta.get(key)
        if value is not None and not isinstance(value, bool):
            # `featured: có` or `featured: "true"` would otherwise count as true in the template.
            yield Hit(f"Khóa {key_label(key)} phải là true hoặc false, không có dấu nháy"
                      f"{', ví dụ ' + example if example else ''} (đang là {type_name(value)}).",
                      doc.key_line(key))
    for key in MAPPINGS:
        value = meta.get(key)
        if value is not None and not isinstance(value, dict):
            yield Hit(f"Khóa {key_label(key)} phải là bảng khóa: giá trị (đang là {type_name(value)}).",
                      doc.key_line(key))
    yield from _images(doc)


def _images(doc: Doc) -> Iterator[Hit]:
    images = doc.meta.get("images")
    line = doc.key_line("images")
    if images is None:
        return
    if not isinstance(images, list):
        yield Hit(f"Khóa 'images' (ảnh) phải là danh sách (đang là {type_name(images)}).", line)
        return
    for n, item in enumerate(images, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"].strip():
            yield Hit(f"Ảnh thứ {n} trong 'images' phải có 'path' là đường dẫn ảnh, "
                      "ví dụ path: images/2026/ten-bai/anh-1.jpg.", line)
            continue
        where = doc.line_containing(item["path"], "images") or line
        if item.get("caption") is not None and not isinstance(item["caption"], str):
            yield Hit(f"Chú thích (caption) của ảnh thứ {n} phải là chuỗi chữ.", where)
        for key in ("width", "height"):
            if item.get(key) is not None and not _is_int(item[key]):
                yield Hit(f"'{key}' của ảnh thứ {n} phải là số nguyên điểm ảnh (đang là {type_name(item[key])}).", where)
        variants = item.get("variants")
        if variants is not None and not (
            isinstance(variants, list)
            and all(isinstance(v, dict) and isinstance(v.get("path"), str) and _is_int(v.get("width")) for v in variants)
        ):
            yield Hit(f"'variants' của ảnh thứ {n} phải là danh sách {{path, width}}.", where)
