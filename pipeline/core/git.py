"""The one way the pipeline runs git: argument lists (never a shell), C locale, no prompts, UTF-8 paths.

Used by `pipeline submit` (branches, commits), `pipeline check --changed-since` (what changed) and
`pipeline report` (the history). Failures raise GitError with a Vietnamese message; callers that
speak to their own users (checks, reports) turn it into their own error type.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """A git command failed; the message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class StatusEntry:
    code: str  # two-letter porcelain code, e.g. "??", " M", "D "
    path: str  # repository-relative, forward slashes

    @property
    def untracked(self) -> bool:
        return self.code == "??"


class Git:
    """One repository. Every call runs `git -C <root> ...` with a fixed, non-interactive environment."""

    def __init__(self, root: Path, timeout: float = 600):
        self.root = root
        self.timeout = timeout

    @classmethod
    def discover(cls, start: Path, timeout: float = 600) -> Git:
        """The repository that contains `start`, or GitError when there is none."""
        found = cls.toplevel(start, timeout)
        if found is None:
            raise GitError(
                f"Thư mục '{start}' không nằm trong một kho Git. Hãy chạy lệnh trong bản sao (clone) của kho trang tin."
            )
        return cls(found, timeout)

    @staticmethod
    def toplevel(start: Path, timeout: float = 600) -> Path | None:
        """The root of the repository that contains the folder `start`, or None outside any repository."""
        result = _run(["git", "-C", str(start), "rev-parse", "--show-toplevel"], timeout=timeout)
        if result.returncode != 0:
            return None
        return Path(os.fsdecode(result.stdout.strip()))

    # -- running ---------------------------------------------------------------------

    def run(self, *args: str, check: bool = True, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
        """Text in and out (UTF-8, undecodable bytes replaced); GitError on failure when `check`."""
        done = self.run_bytes(*args, check=check, stdin=input_text.encode("utf-8") if input_text is not None else None)
        return subprocess.CompletedProcess(done.args, done.returncode, _text(done.stdout), _text(done.stderr))

    def run_bytes(self, *args: str, check: bool = False, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Bytes in and out, for -z lists and `cat-file --batch` (whose sizes count bytes)."""
        result = _run(["git", "-C", str(self.root), *args], stdin=stdin, timeout=self.timeout)
        if check and result.returncode != 0:
            detail = _text(result.stderr or result.stdout).strip().splitlines()
            raise GitError(f"Lệnh 'git {' '.join(args[:3])}' không thành công: {' / '.join(detail[-3:]) or 'không rõ lý do'}.")
        return result

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    # -- questions -------------------------------------------------------------------

    def current_branch(self) -> str | None:
        """The checked-out branch, or None on a detached HEAD."""
        result = self.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        return result.stdout.strip() or None if result.returncode == 0 else None

    def has_commits(self) -> bool:
        return self.ok("rev-parse", "--verify", "--quiet", "HEAD^{commit}")

    def branch_exists(self, name: str) -> bool:
        return self.ok("show-ref", "--verify", "--quiet", f"refs/heads/{name}")

    def ref_exists(self, ref: str) -> bool:
        return self.ok("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")

    def head(self) -> str:
        return self.out("rev-parse", "HEAD")

    def identity_problem(self) -> str | None:
        """Why a commit would fail for lack of a name or email, or None."""
        result = self.run("var", "GIT_COMMITTER_IDENT", check=False)
        if result.returncode != 0:
            return (
                "Git chưa biết tên và email của người ghi nhận. Hãy chạy: "
                "git config user.name \"Họ Tên\" và git config user.email \"email@bentre.gov.vn\"."
            )
        return None

    def status(self) -> list[StatusEntry]:
        """Changed and untracked files (untracked folders listed file by file)."""
        raw = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all").stdout
        entries: list[StatusEntry] = []
        parts = raw.split("\0")
        i = 0
        while i < len(parts):
            item = parts[i]
            i += 1
            if len(item) < 4:
                continue
            code, path = item[:2], item[3:]
            if code[0] in "RC":  # a rename carries its old path as the next field
                i += 1
            entries.append(StatusEntry(code, path))
        return entries

    def is_tracked(self, path: str) -> bool:
        return bool(self.run("ls-files", "--", path).stdout.strip())

    def remote_url(self, remote: str = "origin") -> str | None:
        result = self.run("remote", "get-url", remote, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    def git_path(self, name: str) -> Path:
        """A path inside .git (never part of the working tree, so it never makes the tree dirty)."""
        path = Path(self.out("rev-parse", "--git-path", name))
        return path if path.is_absolute() else self.root / path

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()


def _run(argv: list[str], timeout: float, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, LC_ALL="C", LANG="C", GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", GIT_EDITOR="true")
    # Paths with Vietnamese letters must come back as UTF-8, not octal escapes.
    argv = [argv[0], "-c", "core.quotePath=false", *argv[1:]]
    try:
        return subprocess.run(argv, capture_output=True, env=env, check=False, input=stdin, timeout=timeout)
    except FileNotFoundError:
        raise GitError("Không tìm thấy chương trình git. Hãy cài git (sudo make system-deps) rồi chạy lại.") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"Lệnh git {' '.join(argv[5:7])} chạy quá {timeout:g} giây; hãy thử lại.") from None


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


# `git log -z --name-status` with a format starting with LOG_HEAD and fields split by LOG_SEP.
LOG_HEAD = "\x01"
LOG_SEP = "\x02"


def name_status_log(out: str) -> Iterator[tuple[list[str], str, str, str]]:
    """(the commit's format fields, status letter, old path, new path) for each changed file, in log order."""
    tokens = out.split("\0")
    i, head = 0, None
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if not token:
            continue
        if token.startswith(LOG_HEAD):
            head = token[1:].split(LOG_SEP)
            continue
        status = token[0]
        if status in "RC":
            old, new = tokens[i], tokens[i + 1]
            i += 2
        else:
            old = new = tokens[i]
            i += 1
        if head is not None:
            yield head, status, old, new
