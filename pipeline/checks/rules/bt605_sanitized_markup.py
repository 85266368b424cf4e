"""Thân bài không có thẻ, thuộc tính, lớp (class) hay địa chỉ liên kết mà trang web sẽ tự gỡ khi đăng; các thẻ chạy mã, thuộc tính sự kiện và liên kết 'javascript:' đã có BT601–BT603 báo riêng.

Vì sao: trang chỉ giữ một danh sách thẻ và thuộc tính an toàn (đoạn văn, tiêu đề nhỏ, danh sách, chữ đậm/nghiêng, liên kết, ảnh, bảng, chú thích); phần còn lại bị gỡ lặng lẽ lúc dựng trang, nên bài đăng lên có thể khác điều Ban Biên tập đã duyệt.

Ví dụ: Thuộc tính 'class' (giá trị 'noi-bat') của thẻ <p> sẽ bị gỡ khi đăng; hãy xóa (trang tự định dạng tin, bài).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.html_scan import scan_html, script_scheme
from pipeline.checks.rules.bt601_dangerous_tags import DANGEROUS
from pipeline.content.markup import render
from pipeline.content.sanitize import Removal, removals, url_allowed
from pipeline.core.messages import Level

CODE = "BT605"
NAME = "sanitized-markup"
SEVERITY = Level.ERROR
SCOPE = "article"


def _reported_elsewhere(removal: Removal) -> bool:
    """<script>, on* and javascript: already have their own rule and message."""
    if removal.kind == "tag":
        return removal.tag in DANGEROUS
    if removal.kind == "attribute":
        return removal.name.startswith("on")
    return removal.kind == "url" and script_scheme(removal.value) is not None


def _message(removal: Removal) -> str:
    if removal.kind == "tag":
        return f"Thẻ <{removal.tag}> sẽ bị gỡ khi đăng (trang không cho phép thẻ này); hãy xóa thẻ, giữ lại chữ."
    if removal.kind == "class":
        return (f"Lớp (class) '{removal.name}' của thẻ <{removal.tag}> sẽ bị gỡ khi đăng; hãy xóa "
                "(trang tự định dạng tin, bài).")
    if removal.kind == "url":
        shown = removal.value if len(removal.value) <= 60 else removal.value[:57] + "…"
        return (f"Địa chỉ '{shown}' của thẻ <{removal.tag}> sẽ bị gỡ khi đăng (chỉ dùng được http://, https://, "
                "mailto:, tel: hoặc đường dẫn trong trang); hãy sửa địa chỉ.")
    value = f" (giá trị '{removal.value}')" if removal.value else ""
    return (f"Thuộc tính '{removal.name}'{value} của thẻ <{removal.tag}> sẽ bị gỡ khi đăng; hãy xóa "
            "(trang tự định dạng tin, bài).")


def _line(doc: Doc, removal: Removal) -> int:
    """The first body line that shows the construct; the body's first line when Markdown made it."""
    needle = f"<{removal.tag}" if removal.kind == "tag" else removal.value or removal.name
    for i, line in enumerate(doc.lines):
        if needle and needle.lower() in line.lower():
            return doc.body_line(i)
    return doc.article.body_line


def _found(doc: Doc) -> list[Removal]:
    body = doc.article.body
    if "<" in body:  # raw HTML (or an autolink): only the rendered page tells what is dropped
        return removals(render(body))
    # Markdown alone makes only allowed markup; what it can carry is a link target with another scheme.
    return [Removal("url", "a", "href", link.url) for link in scan_html(doc).links if not url_allowed(link.url)]


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    seen: set[str] = set()
    for removal in _found(doc):
        message = _message(removal)
        if _reported_elsewhere(removal) or message in seen:
            continue
        seen.add(message)
        yield Hit(message, _line(doc, removal))
