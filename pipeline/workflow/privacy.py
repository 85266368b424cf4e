"""Editors' side of sealed private data: read it, extract originals, audit and seal a repository.

See pipeline/content/sealing.py for what is sealed and why. Everything here works on the files of a
checkout; `audit(history=True)` also reads every version Git holds, because a public repository
publishes its history, not only its newest commit.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.content.frontmatter import read_article, split_front_matter
from pipeline.content.layout import article_paths
from pipeline.content.sealing import (
    Sealer,
    clear_contact,
    open_bytes,
    open_contributor,
)
from pipeline.content.store import SEALED_SUFFIX, atomic_write_text, seal_into


class PrivacyError(Exception):
    """A user-facing problem (Vietnamese text) with its message code."""

    def __init__(self, code: str, text: str):
        super().__init__(text)
        self.code = code


@dataclass(frozen=True)
class Exposure:
    """One piece of private data readable without a key."""

    path: str
    what: str
    commit: str = ""  # set when found only in history

    def line(self) -> str:
        where = f" (trong lịch sử Git, bản {self.commit[:10]})" if self.commit else ""
        return f"{self.path}{where}: {self.what}"


# --- finding an article and its archived original -------------------------------------------------


def find_article(content: Path, ref: str) -> Path:
    """An article by path, file name or slug."""
    given = Path(ref)
    if given.is_file():
        return given
    slug = given.stem if given.suffix == ".md" else ref
    found = [p for p in article_paths(content) if p.stem == slug]
    if not found:
        raise PrivacyError("BT724", f"Không tìm thấy bài '{ref}' trong {content}/ (ghi đường dẫn tệp .md hoặc slug của bài).")
    if len(found) > 1:
        raise PrivacyError("BT724", f"Có nhiều bài mang slug '{slug}': " + ", ".join(map(str, found)) + "; hãy ghi đường dẫn tệp.")
    return found[0]


def contributor_of(article: Path, identities: list[Any]) -> dict[str, Any]:
    meta = read_article(article).meta
    block = meta.get("contributor")
    if not isinstance(block, dict):
        raise PrivacyError("BT724", f"Bài '{article}' không phải của cộng tác viên (không có phần contributor).")
    return open_contributor(block, identities) if block.get("sealed") else dict(block)


def archived_original(article: Path, inbox: Path, identities: list[Any]) -> tuple[Path, dict[str, Any]]:
    """The archive folder of an article's original, matched by the source's sha256 when sealed."""
    meta = read_article(article).meta
    found = meta.get("source")
    source: dict[str, Any] = found if isinstance(found, dict) else {}
    name, sha = str(source.get("file") or ""), str(source.get("sha256") or "")
    slug = str(meta.get("slug") or article.stem)
    candidates = sorted(p for p in (inbox / "processed").glob(f"*/*/{slug}*")
                        if p.is_dir() and (p.name == slug or p.name[len(slug):].lstrip("-").isdigit()))
    for folder in candidates:
        for stored in folder.rglob(name + "*") if name else ():
            data = stored.read_bytes()
            if stored.name.endswith(SEALED_SUFFIX):
                data = open_bytes(data, identities)
            if not sha or hashlib.sha256(data).hexdigest() == sha:
                return folder, source
    raise PrivacyError("BT724", f"Không tìm thấy tệp gốc của bài '{article}' trong {inbox}/processed/.")


def extract_originals(folder: Path, out: Path, identities: list[Any]) -> list[Path]:
    """Every archived file of one submission, opened, into `out` (which must not hold them yet)."""
    written = []
    for stored in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = stored.relative_to(folder)
        data = stored.read_bytes()
        if stored.name.endswith(SEALED_SUFFIX):
            data = open_bytes(data, identities)
            rel = rel.with_name(rel.name[: -len(SEALED_SUFFIX)])
        target = out / rel
        if target.exists():
            raise PrivacyError("BT724", f"'{target}' đã có; hãy chọn một thư mục trống để giải mã tệp gốc.")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


# --- audit -------------------------------------------------------------------------------------------


def _contact_in(text: str) -> list[str]:
    header, _, _ = split_front_matter(text)
    if header is None:
        return []
    try:
        meta = yaml.safe_load(header)
    except yaml.YAMLError:
        return []
    return clear_contact(meta.get("contributor")) if isinstance(meta, dict) else []


def _describe(items: list[str]) -> str:
    names = {"email": "thư điện tử", "phone": "số điện thoại", "address": "địa chỉ"}
    return "thông tin liên hệ của cộng tác viên để rõ (" + ", ".join(names[i] for i in items) + ")"


def _is_processed(rel: str, inbox: str) -> bool:
    return rel.startswith(f"{inbox}/processed/") and not rel.endswith("/.gitkeep")


def audit_tree(root: Path, content: Path, inbox: Path) -> list[Exposure]:
    found = []
    for path in article_paths(content):
        items = _contact_in(path.read_text(encoding="utf-8", errors="replace"))
        if items:
            found.append(Exposure(_rel(root, path), _describe(items)))
    processed = inbox / "processed"
    if processed.is_dir():
        for path in sorted(processed.rglob("*")):
            if path.is_file() and not path.name.endswith(SEALED_SUFFIX) and path.name != ".gitkeep":
                found.append(Exposure(_rel(root, path), "tệp gốc chưa mã hóa"))
    return found


def audit_history(root: Path, content: Path, inbox: Path) -> list[Exposure]:
    """Every blob Git holds under content/ and the archive, read once each (git cat-file --batch)."""
    content_rel, inbox_rel = _rel(root, content), _rel(root, inbox)
    listing = _git(root, "rev-list", "--objects", "--all").splitlines()
    wanted: dict[str, str] = {}
    for line in listing:
        sha, _, path = line.partition(" ")
        if not path or sha in wanted:
            continue
        if (path.startswith(f"{content_rel}/") and path.endswith(".md")) or _is_processed(path, inbox_rel):
            wanted[sha] = path
    if not wanted:
        return []
    found: list[Exposure] = []
    for sha, path, data in _blobs(root, wanted):
        if path.endswith(".md"):
            items = _contact_in(data.decode("utf-8", errors="replace"))
            if items:
                found.append(Exposure(path, _describe(items), _commit_of(root, path, sha)))
        elif not path.endswith(SEALED_SUFFIX) and not data.startswith(b"age-encryption.org/"):
            found.append(Exposure(path, "tệp gốc chưa mã hóa", _commit_of(root, path, sha)))
    return found


def _blobs(root: Path, wanted: dict[str, str]) -> Iterator[tuple[str, str, bytes]]:
    proc = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], check=True, capture_output=True,
                          input="".join(f"{sha}\n" for sha in wanted).encode())
    out, pos = proc.stdout, 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        sha, kind, size = out[pos:end].decode().split(" ")
        start = end + 1
        data = out[start:start + int(size)]
        pos = start + int(size) + 1
        if kind == "blob":
            yield sha, wanted[sha], data


def _commit_of(root: Path, path: str, blob: str) -> str:
    """The newest commit whose tree holds this exact version (for the message)."""
    for line in _git(root, "log", "--all", "--format=%H", "--", path).splitlines():
        if _git(root, "rev-parse", f"{line}:{path}", check=False).strip() == blob:
            return line
    return ""


def _git(root: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise PrivacyError("BT724", f"Không đọc được kho Git ở '{root}': {proc.stderr.strip()}")
    return proc.stdout


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- sealing what is still clear ------------------------------------------------------------------------


def seal_tree(sealer: Sealer, content: Path, inbox: Path) -> list[Path]:
    """Seal clear contact details and clear archived originals in the working tree (in place)."""
    changed: list[Path] = []
    for path in article_paths(content):
        text = path.read_text(encoding="utf-8")
        if not _contact_in(text):
            continue
        header, body, _ = split_front_matter(text)
        meta = yaml.safe_load(header or "")
        meta["contributor"] = sealer.seal_contributor(meta["contributor"])
        dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
        atomic_write_text(path, f"---\n{dumped}---\n{body}")
        changed.append(path)
    processed = inbox / "processed"
    if processed.is_dir():
        for path in sorted(p for p in processed.rglob("*") if p.is_file()):
            if path.name.endswith(SEALED_SUFFIX) or path.name == ".gitkeep":
                continue
            seal_into(sealer, path, path)  # removes the clear file only after its sealed copy is on disk
            changed.append(path)
    return changed
