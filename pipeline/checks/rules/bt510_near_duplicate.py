"""Nội dung không gần trùng với một bài khác trên trang: so từng cụm 4 chữ liên tiếp của thân bài, báo khi từ 80% nội dung của bài ngắn hơn nằm trong bài kia.

Vì sao: cùng một tin do hai đơn vị gửi, hoặc gửi lại sau khi sửa vài chữ, sẽ thành hai bài giống nhau trên trang; Ban Biên tập cần biết để chỉ đăng một bài.

Ví dụ: Nội dung gần trùng với bài content/tuyen-giao-nu-cong/2026/ba-tri-hoi-thi-nu-cong-ban-sao.md (100% giống nhau); hãy kiểm tra xem có phải tin gửi trùng không.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit, display_path
from pipeline.checks.corpus import Corpus, Entry
from pipeline.core.messages import Level

CODE = "BT510"
NAME = "near-duplicate"
SEVERITY = Level.WARNING
SCOPE = "site"


def _hit(doc: Doc, other: Entry, similarity: float) -> Hit:
    percent = min(int(similarity * 100), 100)
    return Hit(f"Nội dung gần trùng với bài {display_path(other.path)} ({percent}% giống nhau); "
               "hãy kiểm tra xem có phải tin gửi trùng không.", doc.article.body_line)


def check(corpus: Corpus, ctx: Context) -> Iterator[tuple[Doc | None, Hit]]:
    for a, b, similarity in sorted(corpus.near_duplicates(), key=lambda t: (str(t[0].path), str(t[1].path))):
        if a.doc is not None:
            yield a.doc, _hit(a.doc, b, similarity)
        if b.doc is not None:
            yield b.doc, _hit(b.doc, a, similarity)
