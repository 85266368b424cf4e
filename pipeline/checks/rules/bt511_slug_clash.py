"""Đường dẫn (slug) của bài là duy nhất trên toàn trang.

Vì sao: Pelican coi hai bài cùng slug là hai bản của một bài và chỉ đăng một; bài kia biến mất khỏi trang mà không ai hay.

Ví dụ: Đường dẫn (slug) 'ba-tri-hoi-thi-nu-cong' trùng với bài content/to-chuc-kiem-tra/2025/ba-tri-hoi-thi-nu-cong.md; hãy đổi slug và tên tệp thành 'ba-tri-hoi-thi-nu-cong-2'.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.api import Context, Doc, Hit, display_path
from pipeline.checks.corpus import Corpus
from pipeline.core.messages import Level

CODE = "BT511"
NAME = "slug-clash"
SEVERITY = Level.ERROR
SCOPE = "site"


def check(corpus: Corpus, ctx: Context) -> Iterator[tuple[Doc | None, Hit]]:
    groups = corpus.same("slug")
    for entry in corpus.target_entries:
        assert entry.doc is not None
        others = [e for e in groups.get(entry.slug, []) if e is not entry]
        if not others:
            continue
        n = 2
        while f"{entry.slug}-{n}" in groups:
            n += 1
        names = ", ".join(display_path(e.path) for e in others[:3])
        yield entry.doc, Hit(f"Đường dẫn (slug) '{entry.slug}' trùng với bài {names}; hãy đổi slug và tên tệp "
                             f"thành '{entry.slug}-{n}'.", entry.doc.key_line("slug"))
