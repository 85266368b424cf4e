"""Files on disk: what the site already holds, atomic writes, archiving originals."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.content.sealing import Sealer

SEALED_SUFFIX = ".age"  # an archived original sealed for the editors (pipeline/content/sealing.py)

from pipeline.content.frontmatter import read_keys, split_front_matter

_INDEX_KEYS = frozenset({"slug", "source"})


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class SiteIndex:
    """Slugs and source hashes already in content/, so new articles never clash or repeat."""

    slugs: set[str] = field(default_factory=set)
    shas: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, content_dir: Path) -> SiteIndex:
        index = cls()
        if not content_dir.exists():
            return index
        for md in content_dir.rglob("*.md"):
            index.slugs.add(md.stem)
            try:
                text = md.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            header = split_front_matter(text)[0]
            fields = read_keys(header, _INDEX_KEYS) if header is not None else None
            if not fields:
                continue
            slug, source = fields.get("slug"), fields.get("source")
            if slug is not None and str(slug).strip():
                index.slugs.add(str(slug).strip())
            sha = source.get("sha256") if isinstance(source, dict) else None
            if isinstance(sha, str) and len(sha) == 64:
                index.shas[sha] = md
        return index

    def unique_slug(self, base: str) -> str:
        slug, n = base, 2
        while slug in self.slugs:
            slug = f"{base}-{n}"
            n += 1
        return slug

    def add(self, slug: str, sha: str, path: Path) -> None:
        self.slugs.add(slug)
        self.shas[sha] = path


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temp file in the same folder, then rename: readers never see half a file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def archive_original(original: Path, inbox: Path, when: datetime, ident: str,
                     sealer: Sealer | None = None) -> Path:
    """Move a processed submission to submissions/processed/<yyyy>/<mm>/<id>/ (only after it was written).

    With a sealer (editorial.yml `privacy.recipients`), every file is stored encrypted as `<name>.age`
    and the clear original is removed only after all of its sealed copies are safely on disk.
    """
    dest_dir = inbox / "processed" / f"{when:%Y}" / f"{when:%m}" / ident
    n = 2
    while dest_dir.exists():
        dest_dir = dest_dir.with_name(f"{ident}-{n}")
        n += 1
    dest_dir.mkdir(parents=True)
    target = dest_dir / original.name
    if sealer is None:
        shutil.move(str(original), str(target))
    else:
        seal_into(sealer, original, target)
    return target


def seal_into(sealer: Sealer, original: Path, target: Path) -> None:
    """Store a file (or a folder's files) as sealed `<name>.age` copies under `target`, then drop the clear ones.

    Each sealed copy is written atomically and the clear original is removed only once every copy is on
    disk, so a crash leaves the original in place for the next run.
    """
    if original.is_dir():
        for source in sorted(p for p in original.rglob("*") if p.is_file() and not p.is_symlink()):
            copy = target / source.relative_to(original)
            copy.parent.mkdir(parents=True, exist_ok=True)
            _seal_file(sealer, source, copy)
        shutil.rmtree(original)
    else:
        _seal_file(sealer, original, target)
        original.unlink()


def _seal_file(sealer: Sealer, source: Path, target: Path) -> None:
    """`target` + .age, written atomically; the clear source is left for the caller to remove."""
    atomic_write_bytes(target.with_name(target.name + SEALED_SUFFIX), sealer.seal_bytes(source.read_bytes()))
