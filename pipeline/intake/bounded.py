"""Run one submission's conversion in a child process with a memory limit and a wall-clock limit.

A hostile document (a zip of 60 MB of XML, a GIF of 1,000 huge frames) must cost one refusal, not
the run: the child sets RLIMIT_AS on itself (Python then raises MemoryError, which is reported) and
the parent kills it when the time is up. The child's result comes back pickled through a pipe.
Where fork is unavailable (not Linux/macOS) the work runs in-process, bounded only by the
per-step limits.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_MB = 1024 * 1024


@dataclass
class Breach:
    """The child did not finish: `what` is "time", "memory" or "crash"; `detail` names the error."""

    what: str
    detail: str = ""


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_bounded(fn: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory_mb: int) -> Any:
    """fn(*args) in a child process; its return value, or a Breach. Exceptions come back as Breach."""
    return start_bounded(fn, args, seconds, memory_mb).result()


class Running:
    """A bounded child already started: `result()` waits for it (until its own deadline) and reaps it.

    Several can run at once (the ingest batch keeps one per core busy); each keeps its own memory
    limit and its own wall-clock deadline, counted from its start.
    """

    def __init__(self, pid: int, reader: Any, seconds: float) -> None:
        self.pid, self.reader = pid, reader
        self.deadline = time.monotonic() + seconds
        self._outcome: Any = _UNSET

    @classmethod
    def finished(cls, outcome: Any) -> Running:
        done = cls.__new__(cls)
        done.pid, done.reader, done.deadline, done._outcome = 0, None, 0.0, outcome
        return done

    def result(self) -> Any:
        if self._outcome is not _UNSET:
            return self._outcome
        try:
            if not self.reader.poll(max(0.0, self.deadline - time.monotonic())):
                self._outcome = Breach("time")
            else:
                try:
                    status, payload = pickle.loads(self.reader.recv_bytes())
                except (EOFError, OSError, pickle.UnpicklingError):
                    self._outcome = Breach("crash", _how_it_died(self.pid))
                else:
                    self._outcome = payload if status == "ok" else Breach(status, payload)
        finally:
            self.reader.close()
            _reap(self.pid)
        return self._outcome

    def cancel(self) -> None:
        """Stop the child if it still runs (the batch ended early); nothing it made is kept."""
        if self._outcome is _UNSET:
            self.reader.close()
            _reap(self.pid)
            self._outcome = Breach("crash", "cancelled")


_UNSET = object()


def start_bounded(fn: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory_mb: int) -> Running:
    """Start fn(*args) in a bounded child and return at once; without fork, run it here and now."""
    if not available():
        try:
            return Running.finished(fn(*args))
        except Exception as exc:  # noqa: BLE001 - the same report as a crashed child
            return Running.finished(Breach("crash", f"{exc.__class__.__name__}: {exc}"[:300]))
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        reader.close()
        _child(fn, args, memory_mb, writer, parent)
    writer.close()
    return Running(pid, reader, seconds)


def _child(fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int, writer: Any, parent: int) -> None:
    code = 0
    try:
        os.setpgid(0, 0)  # its own group, so the parent can kill whatever it started
        # What the parent made stays out of the child's garbage collections: they never scan it
        # (nor copy its pages by touching it); the child's own objects are collected as usual.
        gc.freeze()
        _die_with_parent(parent)
        if memory_mb:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = memory_mb * _MB
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        try:
            result: tuple[str, Any] = ("ok", fn(*args))
        except MemoryError:
            result = ("memory", "")
        except RecursionError:
            result = ("crash", "RecursionError")
        except Exception as exc:  # noqa: BLE001 - reported as this submission's internal error
            result = ("crash", f"{exc.__class__.__name__}: {exc}"[:300])
        try:
            data = pickle.dumps(result)
        except MemoryError:
            data = pickle.dumps(("memory", ""))
        writer.send_bytes(data)
    except BaseException:  # noqa: BLE001 - the child must never return into the parent's code
        code = 1
    finally:
        os._exit(code)


def _die_with_parent(parent: int) -> None:
    """Linux: a child started ahead in a batch ends with a killed parent, not later in a new run's folder."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _reap(pid: int) -> None:
    """Kill the child's process group if it is still there, and collect it."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _how_it_died(pid: int) -> str:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "tiến trình con đã dừng"
    if os.WIFSIGNALED(status):
        return f"tín hiệu {os.WTERMSIG(status)}"
    return f"mã thoát {os.WEXITSTATUS(status)}"
