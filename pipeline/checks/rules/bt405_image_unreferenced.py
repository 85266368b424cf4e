"""Không có tệp thừa trong thư mục ảnh của bài (content/images/<năm>/<slug>/): mọi tệp đều được một bài dùng đến; các bản thu nhỏ '-480w', '-960w' của ảnh đang dùng không tính là thừa.

Vì sao: ảnh thừa làm kho bài nặng dần và có thể là ảnh chưa được duyệt (ảnh riêng tư, ảnh bị loại khi biên tập) vẫn nằm công khai trên trang.

Ví dụ: Tệp 'images/2026/ba-tri-hoi-thi-nu-cong/anh-3.jpg' trong thư mục ảnh không được bài nào dùng đến; hãy chèn vào bài hoặc xóa tệp.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.checks.api import Context, Doc, Hit
from pipeline.checks.corpus import Corpus
from pipeline.checks.images import image_folder, image_refs, is_variant_of, resolve
from pipeline.core.messages import Level

CODE = "BT405"
NAME = "image-unreferenced"
SEVERITY = Level.WARNING
SCOPE = "site"

_IGNORED = frozenset({"thumbs.db", "desktop.ini"})


class _Folders:
    """Photo folders as absolute path strings (Path objects are too slow for 10,000 articles)."""

    def __init__(self, content: Path):
        self.cwd = os.getcwd()
        self.content = self.absolute(content)
        self.images = os.path.join(self.content, "images")
        self.prefix = self.images + os.sep

    def absolute(self, path: Path | str) -> str:
        return os.path.normpath(os.path.join(self.cwd, path))

    def folder_of(self, path: str) -> str | None:
        """content/images/<yyyy>/<slug>/ holding `path`, or None for any other place."""
        if not path.startswith(self.prefix):
            return None
        parts = path[len(self.prefix):].split(os.sep)
        if len(parts) == 3 and len(parts[0]) == 4 and parts[0].isdigit():
            return self.prefix + parts[0] + os.sep + parts[1]
        return None

    def all_folders(self) -> Iterator[str]:
        try:
            years = sorted(e.path for e in os.scandir(self.images) if e.is_dir() and len(e.name) == 4 and e.name.isdigit())
        except OSError:
            return
        for year in years:
            yield from sorted(e.path for e in os.scandir(year) if e.is_dir())


def check(corpus: Corpus, ctx: Context) -> Iterator[tuple[Doc | None, Hit]]:
    fs = _Folders(ctx.content)
    folders: dict[str, Doc | None] = {}
    referenced: set[str] = set()
    for doc in corpus.targets:
        own = image_folder(doc, ctx)
        if own is not None:
            folders.setdefault(fs.absolute(own), doc)
        for ref in image_refs(doc):
            path = resolve(ref, doc, ctx)
            if path is None:
                continue
            absolute = fs.absolute(path)
            referenced.add(absolute)
            folder = fs.folder_of(absolute)
            if folder is not None:
                folders.setdefault(folder, doc)
    if not corpus.others:  # the whole site is being checked: every folder counts
        for folder in fs.all_folders():
            folders.setdefault(folder, None)
    for extra in corpus.extra_image_folders:
        folders.setdefault(fs.absolute(extra), None)
    wanted = {Path(f) for f in folders}
    for rel in corpus.references_into(wanted):
        referenced.add(fs.absolute(os.path.join(fs.content, rel)))

    for folder in sorted(folders):
        owner = folders[folder]
        try:
            names = sorted(e.name for e in os.scandir(folder) if e.is_file())
        except OSError:
            continue
        used = [n for n in names if os.path.join(folder, n) in referenced]
        stems = {Path(n).stem for n in used}
        for name in names:
            if name.startswith(".") or name.lower() in _IGNORED:
                continue
            full = os.path.join(folder, name)
            if full in referenced or is_variant_of(name, stems):
                continue
            rel = full[len(fs.content) + 1:].replace(os.sep, "/")
            yield owner, Hit(f"Tệp '{rel}' trong thư mục ảnh không được bài nào dùng đến; "
                             "hãy chèn vào bài hoặc xóa tệp.", None, None if owner else Path(full))
