"""Liên kết và ảnh trong thân bài không dùng địa chỉ chạy mã ('javascript:', 'vbscript:', 'data:text/html'), kể cả khi viết lẫn chữ hoa, khoảng trắng hay mã ký tự HTML.

Vì sao: bấm vào một liên kết 'javascript:' là chạy mã trên trang của Liên đoàn; liên kết hợp lệ chỉ cần http://, https://, mailto: hoặc đường dẫn trong trang.

Ví dụ: Liên kết 'javascript:alert(1)' chạy mã JavaScript; hãy thay bằng địa chỉ trang web (https://…) hoặc xóa liên kết.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.html_scan import scan_html, script_scheme
from pipeline.core.messages import Level

CODE = "BT603"
NAME = "script-links"
SEVERITY = Level.ERROR
SCOPE = "article"

_LANGUAGE = {"javascript:": "JavaScript", "vbscript:": "VBScript", "livescript:": "JavaScript"}


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    seen: set[tuple[int, str]] = set()
    for link in scan_html(doc).links:
        scheme = script_scheme(link.url)
        if scheme is None or (link.line, link.url) in seen:
            continue
        seen.add((link.line, link.url))
        shown = link.url if len(link.url) <= 60 else link.url[:57] + "…"
        language = _LANGUAGE.get(scheme, "JavaScript")
        yield Hit(f"Liên kết '{shown}' chạy mã {language}; hãy thay bằng địa chỉ trang web (https://…) "
                  "hoặc xóa liên kết.", link.line)
