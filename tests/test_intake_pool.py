"""A batch's conversions share a few long-lived children (bounded.Pool) and keep every per-file limit.

Each child serves one task after another; a task that hangs, runs out of memory or crashes costs
only its own result, and one that failed in a child that had served others is run again alone.
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from pipeline.intake import bounded
from pipeline.intake.bounded import Breach, Pool
from pipeline.intake.ingest import ingest_all
from tests.test_intake_batch import NOW, _copy, _files, _inbox, _summary

_LEFT_BEHIND: list[bytes] = []  # what a task keeps in its child after it returned


def _pid_and_context(context: str) -> tuple[int, str]:
    return os.getpid(), context


def _sleep(_: str) -> int:
    time.sleep(60)
    return 0


def _allocate(_: str, megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def _keep(_: str, megabytes: int) -> int:
    _LEFT_BEHIND.append(bytes(megabytes * 1024 * 1024))
    return os.getpid()


def _die(_: str) -> int:
    os._exit(9)


def _fail(_: str) -> int:
    raise ValueError("hỏng")


def _address_space_mb() -> int:
    """This process's address space: a child inherits it, and RLIMIT_AS counts it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


@pytest.fixture
def pool():  # type: ignore[no-untyped-def]
    # 512 MB for the tasks themselves, whatever the test process already holds.
    made = Pool("chung", memory_mb=_address_space_mb() + 512)
    yield made
    made.close()


def test_a_child_serves_task_after_task_and_every_task_sees_the_shared_context(pool):
    results = [pool.submit(_pid_and_context, (), 60).result() for _ in range(5)]
    assert {context for _, context in results} == {"chung"}
    assert len({pid for pid, _ in results}) == 1 and results[0][0] != os.getpid()


def test_two_tasks_at_once_run_in_two_children(pool):
    first, second = pool.submit(_pid_and_context, (), 60), pool.submit(_pid_and_context, (), 60)
    assert first.result()[0] != second.result()[0]


def test_a_task_that_overruns_its_deadline_is_stopped_and_the_next_task_gets_a_new_child(pool):
    before = pool.submit(_pid_and_context, (), 60).result()[0]
    assert pool.submit(_sleep, (), 1).result() == Breach("time")
    after = pool.submit(_pid_and_context, (), 60).result()[0]
    assert after != before
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # the hung child was killed, not left running


def test_a_task_too_big_on_its_own_is_refused_for_memory_even_after_a_retry(pool):
    pool.submit(_pid_and_context, (), 60).result()
    assert pool.submit(_allocate, (2048,), 60).result() == Breach("memory")
    assert pool.submit(_allocate, (10,), 60).result() == 10 * 1024 * 1024


def test_a_task_short_of_memory_only_because_of_earlier_tasks_succeeds_in_a_fresh_child(pool):
    # Earlier tasks leave 300 MB behind in their child; 300 MB more passes the 512 MB limit only alone.
    first = pool.submit(_keep, (150,), 60).result()
    assert pool.submit(_keep, (150,), 60).result() == first
    assert pool.submit(_allocate, (300,), 60).result() == 300 * 1024 * 1024


def test_a_crash_or_an_error_costs_only_that_task(pool):
    died = pool.submit(_die, (), 60).result()
    assert isinstance(died, Breach) and died.what == "crash" and "9" in died.detail
    failed = pool.submit(_fail, (), 60).result()
    assert isinstance(failed, Breach) and failed.what == "crash" and "ValueError: hỏng" in failed.detail
    assert pool.submit(_pid_and_context, (), 60).result()[1] == "chung"


def test_a_child_retires_after_its_share_of_tasks():
    pool = Pool("chung", memory_mb=_address_space_mb() + 512, max_tasks=2)
    try:
        pids = [pool.submit(_pid_and_context, (), 60).result()[0] for _ in range(4)]
    finally:
        pool.close()
    assert pids[0] == pids[1] != pids[2] == pids[3]


def test_closing_the_pool_ends_its_children(pool):
    pid = pool.submit(_pid_and_context, (), 60).result()[0]
    pool.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_long_lived_children_write_the_same_files_as_a_fresh_child_per_submission(workspace, tmp_path,
                                                                                   monkeypatch):
    _inbox(workspace.inbox)
    fresh, shared = _copy(workspace, tmp_path / "fresh"), _copy(workspace, tmp_path / "shared")
    monkeypatch.setenv("BANTIN_INGEST_WORKERS", "2")
    monkeypatch.setattr(bounded, "MAX_TASKS", 1)
    one_child_each = ingest_all(fresh, NOW)
    monkeypatch.setattr(bounded, "MAX_TASKS", 64)
    monkeypatch.setenv("BANTIN_INGEST_WORKERS", "1")  # one child converts all seven
    one_child = ingest_all(shared, NOW)

    assert _summary(one_child, shared) == _summary(one_child_each, fresh)
    assert [o.status for o in one_child].count("published") == 6
    assert _files(shared.content) == _files(fresh.content)
    shutil.rmtree(shared.inbox / "processed")
    shutil.rmtree(fresh.inbox / "processed")
    assert _files(shared.inbox) == _files(fresh.inbox)


def _nap(_: str, seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_tasks_beyond_the_pools_size_wait_and_never_run_more_than_size_children_at_once():
    pool = Pool("chung", memory_mb=_address_space_mb() + 512, size=2)
    try:
        runs = [pool.submit(_nap, (0.2,), 60) for _ in range(6)]
        pids = [run.result() for run in runs]
    finally:
        pool.close()
    assert len(set(pids)) == 2


def _wait_for(_: str, path: Path) -> int:
    while not path.exists():
        time.sleep(0.01)
    return os.getpid()


def test_a_free_child_takes_the_next_task_while_an_earlier_one_still_runs(tmp_path: Path):
    pool = Pool("chung", memory_mb=_address_space_mb() + 512, size=2)
    go = tmp_path / "go"
    try:
        waiting = pool.submit(_wait_for, (go,), 30)  # runs until the three after it are done
        quick = [pool.submit(_nap, (0.05,), 30) for _ in range(3)]
        assert len({run.result() for run in quick}) == 1  # all three in the other child, one after another
        go.touch()
        assert waiting.result() not in {run.result() for run in quick}
    finally:
        pool.close()


def test_a_task_to_run_again_alone_gets_a_fresh_child_even_when_the_pool_is_full():
    full = Pool("chung", memory_mb=_address_space_mb() + 512, size=1)
    try:
        first = full.submit(_keep, (150,), 60).result()
        assert full.submit(_keep, (150,), 60).result() == first
        assert full.submit(_allocate, (300,), 60).result() == 300 * 1024 * 1024
        assert full.submit(_pid_and_context, (), 60).result()[0] != first
    finally:
        full.close()


def _keeps_freed_memory(_: str) -> tuple[bool, int]:
    """A child frees 20 MB blocks and allocates them again: with the heap kept, no new pages are touched."""
    import resource

    blocks = [bytearray(20 * 1024 * 1024) for _ in range(3)]
    del blocks
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    again = [bytearray(20 * 1024 * 1024) for _ in range(3)]
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    return bounded.keep_freed_memory() and len(again) == 3, faults


def test_a_pool_child_reuses_the_memory_a_task_freed_instead_of_faulting_it_in_again(pool):
    kept, faults = pool.submit(_keeps_freed_memory, (), 60).result()
    assert kept  # glibc, as on the servers and in CI
    assert faults < 1000  # 60 MB of fresh pages would be about 15,000 faults


class _Unreadable:
    """Pickles fine in the child, fails to unpickle in the parent."""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_refuse, ())


def _refuse() -> None:
    raise pickle.UnpicklingError("unreadable")


def _send_unreadable(_: str) -> _Unreadable:
    return _Unreadable()


def test_a_child_whose_result_cannot_be_read_is_stopped_not_waited_for(pool):
    failed = pool.submit(_send_unreadable, (), 60).result()
    assert isinstance(failed, Breach) and failed.what == "crash"
    assert pool.submit(_pid_and_context, (), 60).result()[1] == "chung"


def test_closing_the_pool_stops_a_child_still_busy():
    pool = Pool("chung", memory_mb=_address_space_mb() + 512, size=1)
    pid = pool.submit(_pid_and_context, (), 60).result()[0]
    pool.submit(_sleep, (), 60)
    pool.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
