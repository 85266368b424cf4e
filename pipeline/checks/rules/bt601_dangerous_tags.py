"""Thân bài không có thẻ HTML chạy mã hoặc nhúng trang khác: <script>, <iframe>, <frame>, <object>, <embed>, <applet>, <base>, <meta>, <link>.

Vì sao: Markdown đưa nguyên HTML lên trang; một thẻ <script> hay <iframe> dán vào bài (cố ý hoặc do chép từ trang khác) sẽ chạy trên trang của Liên đoàn, có thể đánh cắp thông tin hoặc chuyển hướng bạn đọc.

Ví dụ: Thân bài có thẻ <iframe>; hãy xóa thẻ này (muốn đưa video, hãy gửi đường dẫn để Ban Biên tập xử lý).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.html_scan import scan_html
from pipeline.core.messages import Level

CODE = "BT601"
NAME = "dangerous-tags"
SEVERITY = Level.ERROR
SCOPE = "article"

DANGEROUS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link"})


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    for tag in scan_html(doc).tags:
        if tag.name in DANGEROUS:
            yield Hit(f"Thân bài có thẻ <{tag.name}>; hãy xóa thẻ này (muốn đưa video, hãy gửi đường dẫn "
                      "để Ban Biên tập xử lý).", tag.line)
