"""The inbox's hidden work folder: one run at a time, temp files in one place, a journal to resume.

The run holds an advisory lock (flock) on the inbox folder itself for its whole length; `<inbox>/.bantin/`
holds
- `holder`: who holds the lock (pid, host, start time), for the message a second run prints;
- `tmp/`: everything a run stages (converted images, the article before its rename); emptied at the
  start of every run, so a killed run never leaves a temp file anywhere else;
- `journal/`: one small JSON file per submission being placed into content/, written before the
  first rename and removed after the original is archived. The next run reads what is left: an
  article that was written gets its original archived; one that was not gets its photos removed,
  and its original (still in the inbox) is simply ingested again.
A `.gitignore` of `*` keeps the folder out of Git, so a killed run never makes the tree dirty, and a run
that ends normally removes the folder altogether.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from pipeline.core.crash import write_point

WORK_NAME = ".bantin"
LOCK_WAIT_ENV = "BANTIN_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 600.0


class InboxBusy(Exception):
    """Another run holds the inbox lock; `holder` says who (pid, host, since), in plain text."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


@dataclass
class Entry:
    """One submission on its way into content/ (paths are absolute)."""

    sha: str
    original: str  # the file or folder in the inbox
    article: str  # content/<topic>/<yyyy>/<slug>.md
    images: str  # content/images/<yyyy>/<slug>, placed before the article
    archive_to: str  # submissions/processed/<yyyy>/<mm>/<slug>


class WorkFolder:
    def __init__(self, inbox: Path) -> None:
        self.root = inbox / WORK_NAME
        self.tmp = self.root / "tmp"
        self.journal = self.root / "journal"

    def prepare(self) -> None:
        """Create the folder, and empty tmp/ of whatever a killed run left behind."""
        self.root.mkdir(exist_ok=True)
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir()
        self.journal.mkdir(exist_ok=True)

    # --- lock -----------------------------------------------------------------------------------

    @contextmanager
    def locked(self, wait: float | None = None) -> Iterator[None]:
        """Hold the inbox for this run; wait up to `wait` seconds for another run, then InboxBusy.

        The lock is on the inbox folder, not on a file in it, so removing the work folder at the end
        can never let two runs hold two different locks.
        """
        if wait is None:
            wait = float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT))
        fd = os.open(self.root.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise InboxBusy(self._holder()) from None
                    time.sleep(0.2)
            self.root.mkdir(exist_ok=True)
            (self.root / "holder").write_text(
                f"pid {os.getpid()} trên máy {socket.gethostname()}, từ {datetime.now():%H:%M:%S %d/%m/%Y}",
                encoding="utf-8")
            yield
            self._remove_if_idle()
        finally:
            os.close(fd)  # closing releases the lock

    def _holder(self) -> str:
        try:
            return (self.root / "holder").read_text(encoding="utf-8").strip() or "một lần chạy khác"
        except OSError:
            return "một lần chạy khác"

    def _remove_if_idle(self) -> None:
        """A run that ended normally leaves nothing behind (a journal entry it could not finish stays)."""
        if self.journal.is_dir() and any(self.journal.iterdir()):
            (self.root / "holder").unlink(missing_ok=True)
            return
        shutil.rmtree(self.root, ignore_errors=True)

    # --- journal --------------------------------------------------------------------------------

    def begin(self, entry: Entry) -> Path:
        path = self.journal / f"{entry.sha}.json"
        write_point("journal")
        staged = self.tmp / f"{entry.sha}.json"
        staged.write_text(json.dumps(asdict(entry), ensure_ascii=False), encoding="utf-8")
        os.replace(staged, path)
        return path

    def entries(self) -> list[tuple[Path, Entry]]:
        found = []
        for path in sorted(self.journal.glob("*.json")) if self.journal.is_dir() else []:
            try:
                found.append((path, Entry(**json.loads(path.read_text(encoding="utf-8")))))
            except (OSError, ValueError, TypeError):
                path.unlink(missing_ok=True)  # written only through tmp/ + rename: never half a file
        return found

    def done(self, path: Path) -> None:
        write_point("journal-done")
        path.unlink(missing_ok=True)
