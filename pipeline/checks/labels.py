"""Vietnamese names of front-matter keys and value types, for messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

KEY_LABELS = {
    "title": "tiêu đề",
    "slug": "đường dẫn",
    "date": "ngày đăng",
    "kind": "loại tin",
    "unit": "đơn vị",
    "topic": "lĩnh vực",
    "editor": "biên tập viên",
    "event_time": "thời gian diễn ra sự kiện",
    "submitted_at": "thời gian gửi",
    "author": "người viết",
    "author_title": "chức danh người viết",
    "approved_by": "lãnh đạo duyệt",
    "summary": "tóm tắt, sapo",
    "tags": "từ khóa",
    "images": "ảnh",
    "source": "tệp gốc",
    "contributor": "thông tin cộng tác viên",
    "conversion_warnings": "ghi chú chuyển đổi",
}


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
