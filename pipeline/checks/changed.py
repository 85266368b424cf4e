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
from pipeline.content.layout import IMAGES, is_article
from pipeline.core.git import Git, GitError

_GIT_TIMEOUT = 60


@dataclass
class ChangedFiles:
    articles: list[Path] = field(default_factory=list)  # existing .md files that changed
    image_folders: list[Path] = field(default_factory=list)  # content/images/<yyyy>/<slug>/ touched
    deleted_articles: list[Path] = field(default_factory=list)


def _repo(content: Path) -> Git:
    try:
        root = Git.toplevel(content, _GIT_TIMEOUT)
    except GitError as exc:
        raise CheckError(str(exc)) from None
    if root is None:
        raise CheckError(f"Thư mục bài viết '{content}' không nằm trong một kho Git; "
                         "--changed-since chỉ dùng được trong kho Git của trang.")
    return Git(root, _GIT_TIMEOUT)


def _git(git: Git, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return git.run_bytes(*args)
    except GitError as exc:
        raise CheckError(str(exc)) from None


def changed_since(content: Path, ref: str) -> ChangedFiles:
    """Paths under `content` changed since `ref`; raise CheckError (Vietnamese) for a bad reference."""
    if not content.is_dir():
        raise CheckError(f"Không tìm thấy thư mục bài viết '{content}'; hãy chạy lệnh trong thư mục dự án "
                         "hoặc chỉ rõ bằng --content.")
    git = _repo(content)
    root = git.root
    if ref.startswith("-") or _git(git, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise CheckError(f"Không tìm thấy mốc Git '{ref}' (nhánh, thẻ hoặc mã commit); hãy kiểm tra lại tên, "
                         f"hoặc chạy 'git fetch' nếu đó là nhánh trên máy chủ (ví dụ origin/main).")
    scope = os.path.relpath(content.resolve(), root.resolve())
    diff = _git(git, "diff", "--name-only", "--no-renames", "-z", f"{ref}...HEAD", "--", scope)
    if diff.returncode != 0:
        detail = os.fsdecode(diff.stderr).strip().splitlines()
        raise CheckError(f"Không so sánh được với mốc Git '{ref}'"
                         + (f": {detail[-1]}" if detail else "") + ".")
    status = _git(git, "status", "--porcelain", "--no-renames", "-z", "--untracked-files=all", "--", scope)
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
        shown = content / Path(*rel)
        if rel and rel[0] == IMAGES:
            if len(rel) == 4 and rel[1].isdigit():
                folders.add(content / IMAGES / rel[1] / rel[2])
        elif is_article(rel):
            (out.articles if path.is_file() else out.deleted_articles).append(shown)
    out.image_folders = sorted(folders)
    return out
