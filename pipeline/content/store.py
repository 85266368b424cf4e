"""Files on disk: what the site already holds, atomic writes, archiving originals."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

_SHA = re.compile(r"^\s*sha256:\s*['\"]?([0-9a-f]{64})", re.MULTILINE)
_SLUG = re.compile(r"^slug:\s*['\"]?([^'\"\n]+)", re.MULTILINE)


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
                head = md.read_text(encoding="utf-8", errors="replace")[:8000]
            except OSError:
                continue
            for m in _SLUG.finditer(head.split("\n---", 1)[0]):
                index.slugs.add(m.group(1).strip())
            for m in _SHA.finditer(head):
                index.shas[m.group(1)] = md
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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def archive_original(original: Path, inbox: Path, when: datetime, ident: str) -> Path:
    """Move a processed submission to submissions/processed/<yyyy>/<mm>/<id>/ (only after it was written)."""
    dest_dir = inbox / "processed" / f"{when:%Y}" / f"{when:%m}" / ident
    n = 2
    while dest_dir.exists():
        dest_dir = dest_dir.with_name(f"{ident}-{n}")
        n += 1
    dest_dir.mkdir(parents=True)
    target = dest_dir / original.name
    shutil.move(str(original), str(target))
    return target
