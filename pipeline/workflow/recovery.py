"""`pipeline submit` survives being killed: a journal of the submission in flight, and recovery on the next run.

Before a submission starts, its journal (`.git/bantin/submit-journal.json`) records the base branch, the
submission, and what the content folder and inbox held (the same snapshot submit's own undo uses); the
branch name is added before the branch is created, and the journal is removed once the base branch is
checked out again. The next run reads a journal left behind and, before anything else:

- if the branch already holds the submission's commit, the work was done: it goes back to the base
  branch and keeps the branch (the article waits there for `git push`);
- otherwise it undoes everything: HEAD back on the base branch without touching a file (the branch had
  no commit of its own), the stray branch deleted, originals moved back from processed/ into the
  inbox, new files removed. Originals are always moved back first: nothing that came from a contributor
  is ever deleted.

No message here or in submit ever advises a command that deletes untracked files or discards changes:
for a contributor's file that is not yet in Git, such a command is the end of it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.crash import write_point
from pipeline.core.git import Git

JOURNAL = "bantin/submit-journal.json"


@dataclass
class SubmitJournal:
    base: str
    submission: str  # repository-relative path of the original in the inbox
    snapshot: dict[str, list[str]] = field(default_factory=dict)  # files, dirs, tracked
    branch: str = ""


def _path(git: Git) -> Path:
    return git.git_path(JOURNAL)


def begin(git: Git, journal: SubmitJournal) -> None:
    write_point("submit-journal")
    _write(git, journal)


def set_branch(git: Git, journal: SubmitJournal, branch: str) -> None:
    journal.branch = branch
    write_point("submit-journal-branch")
    _write(git, journal)


def finish(git: Git) -> None:
    write_point("submit-journal-done")
    _path(git).unlink(missing_ok=True)


def _write(git: Git, journal: SubmitJournal) -> None:
    path = _path(git)
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_suffix(".tmp")
    staged.write_text(json.dumps(journal.__dict__, ensure_ascii=False), encoding="utf-8")
    os.replace(staged, path)  # never half a journal


def load(git: Git) -> SubmitJournal | None:
    path = _path(git)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return SubmitJournal(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        path.unlink(missing_ok=True)
        return None


def recover(git: Git, restore: Any) -> list[str]:
    """Finish or undo a submission a killed run left; Vietnamese lines to print (empty when none).

    `restore(snapshot_dict, base, branch)` is submit's own undo, given the journal's snapshot.
    """
    journal = load(git)
    if journal is None:
        return []
    base, branch = journal.base, journal.branch
    name = journal.submission.rsplit("/", 1)[-1]
    if branch and git.branch_exists(branch) and _has_own_commit(git, branch, base):
        if git.current_branch() != base:
            git.run("switch", "--quiet", base)
        finish(git)
        return [(f"BT952 thông tin: lần chạy trước bị dừng sau khi đã ghi nhận '{name}' trên nhánh '{branch}'. "
                 f"Đã quay về nhánh '{base}'; bài nằm an toàn trên nhánh '{branch}'. Để gửi đi: git push -u origin {branch}")]
    if branch and git.current_branch() == branch:
        # The branch has no commit of its own: moving HEAD back changes no file and keeps the index.
        git.run("symbolic-ref", "HEAD", f"refs/heads/{base}")
    if branch and git.branch_exists(branch) and git.current_branch() != branch:
        git.run("branch", "-D", branch, check=False)
    restore(journal.snapshot, base, "")
    finish(git)
    return [(f"BT952 thông tin: lần chạy trước bị dừng giữa chừng khi gửi '{name}'. Đã hoàn tác: về lại nhánh "
             f"'{base}', không còn nhánh dở dang, tệp gốc đã trở lại hộp tin; '{name}' được gửi lại ở lần chạy này.")]


def _has_own_commit(git: Git, branch: str, base: str) -> bool:
    return git.run("rev-list", "--count", f"{base}..{branch}", check=False).stdout.strip() not in ("", "0")
