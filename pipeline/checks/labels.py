"""Vietnamese names of front-matter keys and value types, for messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pipeline.content.fields import FIELDS

KEY_LABELS = {f.key: f.label for f in FIELDS}


def key_label(key: str) -> str:
    label = KEY_LABELS.get(key)
    return f"'{key}' ({label})" if label else f"'{key}'"


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        return "số"
    if isinstance(value, str):
        return "chuỗi chữ"
    if isinstance(value, (datetime, date)):
        return "ngày giờ"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "bảng khóa: giá trị"
    return "trống" if value is None else type(value).__name__


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}
