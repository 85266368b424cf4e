"""Run one submission's conversion in a child process with a memory limit and a wall-clock limit.

A hostile document (a zip of 60 MB of XML, a GIF of 1,000 huge frames) must cost one refusal, not
the run: the child sets RLIMIT_AS on itself (Python then raises MemoryError, which is reported) and
the parent kills it when the time is up. The child's result comes back pickled through a pipe.
Where fork is unavailable (not Linux/macOS) the work runs in-process, bounded only by the
per-step limits.

A batch uses a `Pool`: each of its children converts one submission after another, so a batch does
not pay for a fork (and the copy-on-write faults of a child touching the parent's memory) per file.
The limits stay per submission, and a child that failed is never given another one (see `Pool`).
"""

from __future__ import annotations

import collections
import ctypes
import gc
import multiprocessing
import multiprocessing.connection
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
        _become_bounded(memory_mb, parent)
        writer.send_bytes(_outcome(fn, args)[1])
    except BaseException:  # noqa: BLE001 - the child must never return into the parent's code
        code = 1
    finally:
        os._exit(code)


def _become_bounded(memory_mb: int, parent: int) -> None:
    os.setpgid(0, 0)  # its own group, so the parent can kill whatever it started
    # What the parent made stays out of the child's garbage collections: they never scan it
    # (nor copy its pages by touching it); the child's own objects are collected as usual.
    gc.freeze()
    _die_with_parent(parent)
    if memory_mb:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * _MB
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _outcome(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, bytes]:
    """Whether fn(*args) returned, and the pickled (status, payload) pair the parent reads."""
    try:
        result: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", "")
    except RecursionError:
        result = ("crash", "RecursionError")
    except Exception as exc:  # noqa: BLE001 - reported as this submission's internal error
        result = ("crash", f"{exc.__class__.__name__}: {exc}"[:300])
    try:
        return result[0] == "ok", pickle.dumps(result)
    except MemoryError:
        return False, pickle.dumps(("memory", ""))


# --- a pool of children for a batch ----------------------------------------------------------

# Tasks a Pool's child serves before it retires (1: a fresh child for each, as without a pool).
MAX_TASKS = 64
_STOP_SECONDS = 5.0  # an idle child told to stop exits at once; past this it is killed


class Pool:
    """At most `size` bounded children that each run one task after another; a task is fn(context, *args).

    A child is forked from this process when a task finds no idle one, so it inherits `context`
    (what every task of the batch shares: read once, never pickled); a task's own arguments and its
    result go through a pipe. Tasks submitted while every child is busy wait in a queue, and a child
    is given the next one as soon as its result arrives, whatever order the results are asked for
    in: the children never wait for the caller. The limits stay per task: its deadline counts from
    when a child starts it, and the child's memory limit (RLIMIT_AS) is what it may use on top of what
    it inherited. A child that did not return a result (time, memory, crash, an exception) is killed
    and never reused, and one that has served `max_tasks` retires, so memory a task leaves behind
    cannot build up. A task that ran out of memory or crashed in a child that had served others is
    run again once in a fresh child: only a file that fails on its own is refused.
    """

    def __init__(self, context: Any, memory_mb: int, size: int | None = None, max_tasks: int | None = None) -> None:
        self.context, self.memory_mb, self.size = context, memory_mb, size
        self.max_tasks = max_tasks or MAX_TASKS
        self._idle: list[_Worker] = []
        self._live: list[_Worker] = []  # idle or busy
        self._queue: collections.deque[_PooledRun] = collections.deque()
        self._busy: dict[_Worker, _PooledRun] = {}

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> Running:
        """fn(context, *args) in a child now, or as soon as one is free; returns at once."""
        if not available():
            return start_bounded(fn, (self.context, *args), seconds, self.memory_mb)
        run = _PooledRun(self, fn, args, seconds)
        self._queue.append(run)
        self._dispatch()
        return run

    def close(self) -> None:
        """Let the idle children go (they exit when their pipe closes), stop any busy one, collect them."""
        while self._idle:
            self._end(self._idle.pop(), kill=False)
        for worker in list(self._busy):
            self._done(worker, ok=False)

    def _dispatch(self) -> None:
        while self._queue:
            worker = self._free_worker(fresh=self._queue[0].needs_fresh)
            if worker is None:
                return
            run = self._queue.popleft()
            self._busy[worker] = run
            run.start(worker)

    def _free_worker(self, fresh: bool) -> _Worker | None:
        if self._idle and not fresh:
            return self._idle.pop()
        if self.size is not None and len(self._live) >= self.size:
            if not self._idle:
                return None
            self._end(self._idle.pop(), kill=False)  # a task to run alone: an idle child makes room
        worker = _Worker.start(self.context, self.memory_mb, self._live)
        self._live.append(worker)
        return worker

    def _pump(self) -> None:
        """Take every result that is ready (waiting until one is, or a deadline passes), then dispatch."""
        busy = list(self._busy.items())
        if busy:
            timeout = max(0.0, min(run.deadline for _, run in busy) - time.monotonic())
            ready = set(multiprocessing.connection.wait([worker.conn for worker, _ in busy], timeout))
            for worker, run in busy:
                if worker.conn in ready:
                    run.settle(run.receive())
                elif time.monotonic() >= run.deadline:
                    run.settle(Breach("time"))
        self._dispatch()

    def _done(self, worker: _Worker, ok: bool) -> None:
        self._busy.pop(worker, None)
        if not ok:
            self._end(worker, kill=True)
        elif worker.served >= self.max_tasks:
            self._end(worker, kill=False)
        else:
            self._idle.append(worker)

    def _end(self, worker: _Worker, kill: bool) -> None:
        if worker in self._live:
            self._live.remove(worker)
        worker.kill() if kill else worker.stop()


class _Worker:
    """One child of a Pool: its pid and the two ends of its pipe."""

    def __init__(self, pid: int, conn: Any) -> None:
        self.pid, self.conn, self.served = pid, conn, 0

    @classmethod
    def start(cls, context: Any, memory_mb: int, siblings: list[_Worker]) -> _Worker:
        parent_end, child_end = multiprocessing.get_context("fork").Pipe(duplex=True)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            parent_end.close()
            for sibling in siblings:  # a sibling's pipe held open here would never let it see the end
                sibling.conn.close()
            _serve(context, memory_mb, child_end, parent)
        child_end.close()
        return cls(pid, parent_end)

    def stop(self) -> None:
        """Close the pipe (the child's loop ends) and collect the child; kill it if it lingers."""
        self.conn.close()
        deadline = time.monotonic() + _STOP_SECONDS
        while time.monotonic() < deadline:
            try:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.005)
        _reap(self.pid)

    def kill(self) -> None:
        self.conn.close()
        _reap(self.pid)


def _serve(context: Any, memory_mb: int, conn: Any, parent: int) -> None:
    """The loop of a Pool's child: a task in, its outcome out, until the pipe closes or a task fails."""
    code = 0
    try:
        _become_bounded(memory_mb, parent)
        keep_freed_memory()
        while True:
            try:
                fn, args = pickle.loads(conn.recv_bytes())
            except EOFError:
                break
            returned, data = _outcome(fn, (context, *args))
            conn.send_bytes(data)
            if not returned:
                break  # a failed task may leave this process in any state: never reuse it
    except BaseException:  # noqa: BLE001 - the child must never return into the parent's code
        code = 1
    finally:
        os._exit(code)


class _PooledRun(Running):
    """A task of a Pool: queued, then started in a child; `result()` waits for it (and keeps the pool going)."""

    def __init__(self, pool: Pool, fn: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> None:
        self.pool, self.fn, self.args, self.seconds = pool, fn, args, seconds
        self._outcome = _UNSET
        self.worker: _Worker | None = None
        self.deadline = float("inf")
        self.needs_fresh = False  # to be run again alone, in a child that served no other task
        self.fresh = False

    def start(self, worker: _Worker) -> None:
        self.worker = worker
        self.fresh = worker.served == 0
        self.deadline = time.monotonic() + self.seconds
        try:
            worker.conn.send_bytes(pickle.dumps((self.fn, self.args)))
        except OSError:  # the child is gone already: receive() reports how it died
            pass

    def receive(self) -> Any:
        assert self.worker is not None
        try:
            status, payload = pickle.loads(self.worker.conn.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            try:  # a child that sent something unreadable may still be alive: it must not be waited for
                os.killpg(self.worker.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            return Breach("crash", _how_it_died(self.worker.pid))
        return payload if status == "ok" else Breach(status, payload)

    def settle(self, outcome: Any) -> None:
        worker = self.worker
        assert worker is not None
        failed = isinstance(outcome, Breach)
        if not failed:
            worker.served += 1
        self.pool._done(worker, ok=not failed)
        if failed and outcome.what in ("memory", "crash") and not self.fresh:
            # Perhaps what the earlier tasks left behind: the task alone, in a new child, decides.
            self.worker, self.needs_fresh = None, True
            self.pool._queue.appendleft(self)
            return
        self._outcome = outcome

    def result(self) -> Any:
        while self._outcome is _UNSET:
            self.pool._pump()
        return self._outcome

    def cancel(self) -> None:
        if self._outcome is not _UNSET:
            return
        if self in self.pool._queue:
            self.pool._queue.remove(self)
        elif self.worker is not None:
            self.pool._done(self.worker, ok=False)
        self._outcome = Breach("crash", "cancelled")


def keep_freed_memory() -> bool:
    """glibc: keep what a task frees for the next one instead of giving it back to the system.

    By default glibc maps blocks of a few MB (decoded photos, unzipped parts) with mmap and unmaps
    them when freed, and trims the heap's free top: the next task faults every page in again, about
    10,000 page faults per document and a sixth of a conversion's CPU. A child of a Pool serves many
    tasks, so blocks up to 32 MB come from the heap and up to 256 MB of free heap stay mapped. Its
    memory limit is unchanged (RLIMIT_AS counts what is mapped, kept or not) and it retires after
    MAX_TASKS tasks. False where the C library has no mallopt (not glibc).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, 32 * _MB)) and bool(mallopt(_M_TRIM_THRESHOLD, 256 * _MB))


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


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
