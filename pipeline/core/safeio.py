"""Open contributors' files without following links or blocking on special files.

Every entry of a submission is checked with lstat before it is opened, then opened with O_NOFOLLOW and
O_NONBLOCK and checked again with fstat on the open descriptor (so a file swapped for a link or a FIFO
between the two looks is still caught). Only regular files are ever read, and never past a size limit:
a FIFO, a device such as /dev/zero, a socket or a symlink is refused before a single byte is read, so
reading can neither hang nor run without end.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class UnsafeFile(Exception):
    """The entry is not a regular file (`kind` says what it is) or is larger than allowed."""

    def __init__(self, path: Path, kind: str, size: int = 0) -> None:
        super().__init__(f"{path}: {kind}")
        self.path = path
        self.kind = kind  # "symlink" | "special" | "dir" | "missing" | "too-big" | "unreadable"
        self.size = size


def entry_kind(path: Path) -> str:
    """What an inbox entry is, without following it: "file", "dir", "symlink", "special" or "missing"."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "special"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    return "special"  # FIFO, socket, character or block device


def open_regular(path: Path, max_bytes: int | None = None) -> BinaryIO:
    """A binary file object for a regular file at `path`; UnsafeFile for anything else."""
    kind = entry_kind(path)
    if kind != "file":
        raise UnsafeFile(path, kind)
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise UnsafeFile(path, "missing") from None
    except OSError as exc:
        # ELOOP: it became a symlink after lstat looked.
        raise UnsafeFile(path, "symlink" if exc.errno == 40 else "unreadable") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(path, "special")
        if max_bytes is not None and info.st_size > max_bytes:
            raise UnsafeFile(path, "too-big", info.st_size)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The whole content of a regular file no larger than `max_bytes` (checked again while reading)."""
    with open_regular(path, max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew after fstat
        raise UnsafeFile(path, "too-big", len(data))
    return data


def sha256_regular(path: Path, max_bytes: int) -> str:
    """The SHA-256 of a regular file, taken only after the file was checked."""
    digest = hashlib.sha256()
    seen = 0
    with open_regular(path, max_bytes) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            seen += len(block)
            if seen > max_bytes:
                raise UnsafeFile(path, "too-big", seen)
            digest.update(block)
    return digest.hexdigest()
