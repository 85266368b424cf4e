"""Run one submission's conversion in a child process with a memory limit and a wall-clock limit.

A hostile document (a zip of 60 MB of XML, a GIF of 1,000 huge frames) must cost one refusal, not
the run: the child sets RLIMIT_AS on itself (Python then raises MemoryError, which is reported) and
the parent kills it when the time is up. The child's result comes back pickled through a pipe.
Where fork is unavailable (not Linux/macOS) the work runs in-process, bounded only by the
per-step limits.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import signal
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
    if not available():
        return fn(*args)
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        _child(fn, args, memory_mb, writer)
    writer.close()
    try:
        if not reader.poll(seconds):
            return Breach("time")
        try:
            status, payload = pickle.loads(reader.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            return Breach("crash", _how_it_died(pid))
        return payload if status == "ok" else Breach(status, payload)
    finally:
        reader.close()
        _reap(pid)


def _child(fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int, writer: Any) -> None:
    code = 0
    try:
        os.setpgid(0, 0)  # its own group, so the parent can kill whatever it started
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
