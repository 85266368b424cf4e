"""Tiêu đề không trùng với tiêu đề một bài khác trên trang (không phân biệt chữ hoa, khoảng trắng, dấu chấm cuối).

Vì sao: hai bài cùng tiêu đề làm bạn đọc và công cụ tìm kiếm nhầm lẫn; thường đó là cùng một tin gửi hai lần, hoặc tin định kỳ cần thêm thời gian, địa điểm vào tiêu đề.

Ví dụ: Tiêu đề trùng với bài content/to-chuc-kiem-tra/2026/kiem-tra-dieu-le.md; hãy đặt tiêu đề khác (thêm địa điểm, thời gian) hoặc bỏ bài gửi trùng.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit, display_path
from pipeline.checks.corpus import Corpus, title_key
from pipeline.core.messages import Level

CODE = "BT509"
NAME = "duplicate-title"
SEVERITY = Level.WARNING
SCOPE = "site"


def check(corpus: Corpus, ctx: Context) -> Iterator[tuple[Doc | None, Hit]]:
    groups = corpus.same("title")
    for entry in corpus.target_entries:
        assert entry.doc is not None
        others = [e for e in groups.get(title_key(entry.title), []) if e is not entry]
        if not entry.title or not others:
            continue
        names = ", ".join(display_path(e.path) for e in others[:3]) + (" …" if len(others) > 3 else "")
        yield entry.doc, Hit(f"Tiêu đề trùng với bài {names}; hãy đặt tiêu đề khác (thêm địa điểm, thời gian) "
                             "hoặc bỏ bài gửi trùng.", entry.doc.key_line("title"))
