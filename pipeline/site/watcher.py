"""Which watched files changed since the last build, told by inotify, never missing an edit.

The preview used to poll: a stat of every file under `content/` (photos included) every 0.3 s, which
at 10,000 articles cost 0.3 CPU seconds per round and up to a round of delay. Here watchdog's
inotify observer says which paths were touched; each one is stat'ed and compared with the snapshot
the watcher keeps, and the snapshot is updated *before* the build runs, so a file saved during a
build differs from it and starts the next build as soon as the current one ends.

inotify can miss changes (network and some container file systems, a full event queue), so a full
scan still runs every `RESCAN_SECONDS`; where no observer can start (no inotify, too few watches
allowed), the watcher polls as before, every `POLL_SECONDS`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

log = logging.getLogger("pipeline.site.watcher")

POLL_SECONDS = 0.3  # without inotify
RESCAN_SECONDS = 10.0  # with inotify: the full scan that catches what it missed
SETTLE_SECONDS = 0.05  # after the first event, the rest of one save (write, close, rename)

Snapshot = dict[str, tuple[int, int]]
# Writes only. By default inotify also reports every open and read-only close: a build reads all
# 10,000 articles and copies 22,000 photos, which overflowed the kernel's queue and kept the
# observer's thread busy (a 10,000-article preview took 12-15 s per edit instead of 1-2).
EVENTS = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
          DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith("~")


def _stat(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:  # removed meanwhile
        return None
    return stat.st_mtime_ns, stat.st_size


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """(mtime in ns, size) of every file under the roots; hidden files and folders are ignored."""
    seen: Snapshot = {}
    for root in roots:
        if root.is_file():
            found = _stat(str(root))
            if found is not None:
                seen[str(root)] = found
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not _ignored(d)]
            for name in files:
                if not _ignored(name):
                    path = os.path.join(folder, name)
                    found = _stat(path)
                    if found is not None:
                        seen[path] = found
    return seen


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


class _Collect(FileSystemEventHandler):
    def __init__(self, watcher: ChangeWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own time: its files' events say what changed
        paths = [event.src_path, getattr(event, "dest_path", "")]
        self.watcher.touched([os.fsdecode(p) for p in paths if p])


class ChangeWatcher:
    """`wait()` blocks until a watched file differs from the snapshot and returns those files."""

    def __init__(self, roots: Iterable[Path], inotify: bool = True) -> None:
        self.roots = [Path(r) for r in roots]
        self.inotify = inotify
        self.files = {str(r) for r in self.roots if r.is_file()}
        self.folders = [str(r) for r in self.roots if r.is_dir()]
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._observer: BaseObserver | None = None
        self.seen: Snapshot = {}

    @property
    def uses_inotify(self) -> bool:
        return self._observer is not None

    def start(self) -> None:
        """Take the first snapshot (the state the first build will see) and start the observer."""
        observer: BaseObserver = Observer()
        handler = _Collect(self)
        try:
            if not self.inotify:
                raise OSError("tắt theo yêu cầu")
            for folder in self.folders:
                observer.schedule(handler, folder, recursive=True, event_filter=EVENTS)
            for parent in {str(Path(f).parent) for f in self.files}:
                observer.schedule(handler, parent, recursive=False, event_filter=EVENTS)
            observer.start()
        except OSError as error:  # no inotify, or more folders than the system lets one watch
            log.warning("BT894 cảnh báo: không theo dõi được thay đổi bằng inotify (%s); trang xem trước "
                        "kiểm tra tệp mỗi %.1f giây.", error, POLL_SECONDS)
            self._observer = None
        else:
            self._observer = observer
        self.seen = snapshot(self.roots)

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
        self._wake.set()

    def touched(self, paths: Iterable[str]) -> None:
        with self._lock:
            self._pending.update(p for p in paths if self._watched(p))
            if self._pending:
                self._wake.set()

    def _watched(self, path: str) -> bool:
        if path in self.files:
            return True
        for folder in self.folders:
            if path.startswith(folder + os.sep):
                rest = path[len(folder) + 1:].split(os.sep)
                return not any(_ignored(part) for part in rest)
        return False

    def wait(self, stop: threading.Event) -> list[str]:
        """The files changed since the last call (the snapshot already updated); [] once `stop` is set."""
        while not stop.is_set():
            if self._observer is None:
                changes = self._rescan()
                if changes:
                    return changes
                stop.wait(POLL_SECONDS)
                continue
            if self._wake.wait(RESCAN_SECONDS):
                stop.wait(SETTLE_SECONDS)
                changes = self._check_touched()
            else:
                changes = self._rescan()
            if changes:
                return changes
        return []

    def _rescan(self) -> list[str]:
        current = snapshot(self.roots)
        changes = changed_files(self.seen, current)
        self.seen = current
        return changes

    def _check_touched(self) -> list[str]:
        with self._lock:
            touched, self._pending = self._pending, set()
            self._wake.clear()
        changes: set[str] = set()
        for path in touched:
            found = _stat(path)
            if os.path.isdir(path) or (found is None and path not in self.seen):
                # A folder created, moved or removed: everything in it, then and now.
                now = snapshot([Path(path)]) if os.path.isdir(path) else {}
                before = {p: v for p, v in self.seen.items() if p.startswith(path + os.sep)}
            else:
                now = {path: found} if found is not None else {}
                before = {path: self.seen[path]} if path in self.seen else {}
            for changed in changed_files(before, now):
                changes.add(changed)
                if changed in now:
                    self.seen[changed] = now[changed]
                else:
                    self.seen.pop(changed, None)
        return sorted(changes)
