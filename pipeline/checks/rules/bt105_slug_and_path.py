"""Đường dẫn (slug) chỉ gồm chữ thường không dấu, số, dấu gạch ngang; tên tệp trùng slug; tệp nằm ở content/<lĩnh vực>/<năm>/.

Vì sao: slug là địa chỉ của bài trên trang (/<lĩnh vực>/<năm>/<slug>.html); địa chỉ có dấu hoặc khoảng trắng dễ hỏng khi chia sẻ qua Zalo, và bài đặt sai thư mục thì biên tập viên lĩnh vực khác nhận nhầm khi duyệt.

Ví dụ: Tên tệp 'bai-moi.md' khác đường dẫn (slug) 'ba-tri-hoi-thi-nu-cong'; hãy đổi tên tệp thành 'ba-tri-hoi-thi-nu-cong.md'.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit
from pipeline.core.messages import Level
from pipeline.core.text import WINDOWS_RESERVED, slugify

CODE = "BT105"
NAME = "slug-and-path"
SEVERITY = Level.WARNING
SCOPE = "article"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 100  # with the folders and '.md', a path stays far below Windows' 260 characters


def check(doc: Doc, ctx: Context) -> Iterator[Hit]:
    slug = doc.meta.get("slug")
    if not isinstance(slug, str) or not slug.strip():
        return
    line = doc.key_line("slug")
    if not SLUG.match(slug):
        yield Hit(f"Đường dẫn (slug) '{slug}' chỉ được có chữ thường không dấu, số và dấu gạch ngang; "
                  f"ví dụ '{slugify(slug)}'.", line)
    elif slug in WINDOWS_RESERVED or len(slug) > MAX_LENGTH:
        yield Hit(f"Đường dẫn (slug) '{slug}' không dùng được làm tên tệp trên mọi máy (tên dành riêng của "
                  f"Windows hoặc dài quá {MAX_LENGTH} ký tự); hãy dùng '{slugify(slug)}'.", line)
    if doc.path.stem != slug:
        yield Hit(f"Tên tệp '{doc.path.name}' khác đường dẫn (slug) '{slug}'; "
                  f"hãy đổi tên tệp thành '{slug}.md'.", line)
    topic = doc.meta.get("topic")
    when = doc.datetime_of("date")
    if not isinstance(topic, str) or topic not in ctx.config.topics or when is None:
        return
    rel = os.path.relpath(os.path.abspath(doc.path), ctx.cache.setdefault("content_abs", os.path.abspath(ctx.content)))
    parts = tuple(rel.split(os.sep))
    if parts[0] == "..":
        return  # a file outside the content folder, named on the command line
    expected = (topic, f"{when:%Y}")
    if parts[:-1] != expected:
        yield Hit(f"Bài nằm ở '{'/'.join(parts[:-1]) or '.'}/' nhưng theo lĩnh vực và năm đăng phải nằm ở "
                  f"'{topic}/{when:%Y}/' trong thư mục bài viết.", doc.key_line("topic"))
