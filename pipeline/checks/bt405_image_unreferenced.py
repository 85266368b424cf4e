"""Không có tệp thừa trong thư mục ảnh của bài (content/images/<năm>/<slug>/): mọi tệp đều được một bài dùng đến; các bản thu nhỏ '-480w', '-960w' của ảnh đang dùng không tính là thừa.

Vì sao: ảnh thừa làm kho bài nặng dần và có thể là ảnh chưa được duyệt (ảnh riêng tư, ảnh bị loại khi biên tập) vẫn nằm công khai trên trang.

Ví dụ: Tệp 'images/2026/hoi-thi/anh-3.jpg' trong thư mục ảnh không được bài nào dùng đến; hãy chèn vào bài hoặc xóa tệp.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.checks.engine import Context, Doc, Hit
from pipeline.checks.images import image_folder, image_refs, is_variant_of, resolve
from pipeline.checks.site import Site
from pipeline.messages import Level

CODE = "BT405"
NAME = "image-unreferenced"
SEVERITY = Level.WARNING
SCOPE = "site"

_IGNORED = frozenset({"thumbs.db", "desktop.ini"})


def _abs(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


def _article_folder(path: Path, images_root: Path) -> Path | None:
    """content/images/<yyyy>/<slug>/ holding `path`, or None for any other place."""
    try:
        rel = Path(os.path.relpath(_abs(path), _abs(images_root)))
    except ValueError:
        return None
    parts = rel.parts
    if len(parts) == 3 and parts[0].isdigit() and len(parts[0]) == 4:
        return images_root / parts[0] / parts[1]
    return None


def _all_folders(images_root: Path) -> Iterator[Path]:
    if not images_root.is_dir():
        return
    for year in sorted(images_root.iterdir()):
        if year.is_dir() and year.name.isdigit() and len(year.name) == 4:
            yield from sorted(p for p in year.iterdir() if p.is_dir())


def check(site: Site, ctx: Context) -> Iterator[tuple[Doc | None, Hit]]:
    images_root = ctx.content / "images"
    folders: dict[str, tuple[Path, Doc | None]] = {}
    referenced: set[str] = set()
    for doc in site.targets:
        own = image_folder(doc, ctx)
        if own is not None:
            folders.setdefault(_abs(own), (own, doc))
        for ref in image_refs(doc):
            path = resolve(ref, doc, ctx)
            if path is None:
                continue
            referenced.add(_abs(path))
            folder = _article_folder(path, images_root)
            if folder is not None:
                folders.setdefault(_abs(folder), (folder, doc))
    if not site.others:  # the whole site is being checked: every folder counts
        for folder in _all_folders(images_root):
            folders.setdefault(_abs(folder), (folder, None))
    for folder in site.extra_image_folders:
        folders.setdefault(_abs(folder), (folder, None))
    for rel in site.references_into({f for f, _ in folders.values()}):
        referenced.add(_abs(ctx.content / rel))

    for folder, owner in sorted(folders.values(), key=lambda item: str(item[0])):
        try:
            files = sorted(p for p in folder.iterdir() if p.is_file())
        except OSError:
            continue
        stems = {p.stem for p in files if _abs(p) in referenced}
        for path in files:
            if path.name.startswith(".") or path.name.lower() in _IGNORED:
                continue
            if _abs(path) in referenced or is_variant_of(path.name, stems):
                continue
            rel = path.relative_to(ctx.content).as_posix() if path.is_relative_to(ctx.content) else str(path)
            yield owner, Hit(f"Tệp '{rel}' trong thư mục ảnh không được bài nào dùng đến; "
                             "hãy chèn vào bài hoặc xóa tệp.", None, None if owner else path)
