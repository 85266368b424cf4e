"""Which articles changed since a Git reference: committed on this branch, staged, edited or new.

`git diff --name-only REF...HEAD` gives what the branch changed since it left REF (what a pull
request shows); `git status --porcelain` adds what is not committed yet. Only paths under the
content folder count. Changed photos bring their article along; a deleted article leaves its
photo folder to be inspected for files nothing uses any more.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.api import CheckError

_GIT_TIMEOUT = 60


@dataclass
class ChangedFiles:
    articles: list[Path] = field(default_factory=list)  # existing .md files that changed
    image_folders: list[Path] = field(default_factory=list)  # content/images/<yyyy>/<slug>/ touched
    deleted_articles: list[Path] = field(default_factory=list)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=_GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise CheckError("Không tìm thấy chương trình git; cần cài git để dùng --changed-since.") from None
    except subprocess.TimeoutExpired:
        raise CheckError(f"Lệnh git {' '.join(args[:2])} chạy quá {_GIT_TIMEOUT} giây; hãy thử lại.") from None


def _repo_root(content: Path) -> Path:
    result = _git(["rev-parse", "--show-toplevel"], content)
    if result.returncode != 0:
        raise CheckError(f"Thư mục bài viết '{content}' không nằm trong một kho Git; "
                         "--changed-since chỉ dùng được trong kho Git của trang.")
    return Path(os.fsdecode(result.stdout.strip()))


def changed_since(content: Path, ref: str) -> ChangedFiles:
    """Paths under `content` changed since `ref`; raise CheckError (Vietnamese) for a bad reference."""
    if not content.is_dir():
        raise CheckError(f"Không tìm thấy thư mục bài viết '{content}'; hãy chạy lệnh trong thư mục dự án "
                         "hoặc chỉ rõ bằng --content.")
    root = _repo_root(content)
    if ref.startswith("-") or _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).returncode != 0:
        raise CheckError(f"Không tìm thấy mốc Git '{ref}' (nhánh, thẻ hoặc mã commit); hãy kiểm tra lại tên, "
                         f"hoặc chạy 'git fetch' nếu đó là nhánh trên máy chủ (ví dụ origin/main).")
    scope = os.path.relpath(content.resolve(), root.resolve())
    diff = _git(["diff", "--name-only", "--no-renames", "-z", f"{ref}...HEAD", "--", scope], root)
    if diff.returncode != 0:
        detail = os.fsdecode(diff.stderr).strip().splitlines()
        raise CheckError(f"Không so sánh được với mốc Git '{ref}'"
                         + (f": {detail[-1]}" if detail else "") + ".")
    status = _git(["status", "--porcelain", "--no-renames", "-z", "--untracked-files=all", "--", scope], root)
    names = {os.fsdecode(n) for n in diff.stdout.split(b"\0") if n}
    for entry in status.stdout.split(b"\0"):
        if len(entry) > 3:
            names.add(os.fsdecode(entry[3:]))
    return _classify(sorted(names), root, content)


def _classify(names: list[str], root: Path, content: Path) -> ChangedFiles:
    out = ChangedFiles()
    content_abs = content.resolve()
    folders: set[Path] = set()
    for name in names:
        path = (root / name).resolve()
        try:
            rel = path.relative_to(content_abs).parts
        except ValueError:
            continue
        if rel and rel[0] in ("pages", "extra"):
            continue
        shown = content / Path(*rel)
        if rel and rel[0] == "images":
            if len(rel) == 4 and rel[1].isdigit():
                folders.add(content / "images" / rel[1] / rel[2])
        elif path.suffix == ".md":
            (out.articles if path.is_file() else out.deleted_articles).append(shown)
    out.image_folders = sorted(folders)
    return out
