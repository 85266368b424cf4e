"""Named write points, and a test hook that kills the process at one of them.

Every place where ingest or submit changes the disk calls `write_point(name)` just before it does.
With BANTIN_CRASH_AT=N in the environment, the N-th write point of the process ends it at once with
os._exit (no cleanup, no finally blocks: what kill -9 would leave). BANTIN_CRASH_LOG=<file> appends
each point's name, so a test can list the points a run passes and loop over all of them.
"""

from __future__ import annotations

import os

CRASH_ENV = "BANTIN_CRASH_AT"
LOG_ENV = "BANTIN_CRASH_LOG"
_count = 0


def write_point(name: str) -> None:
    global _count
    _count += 1
    log = os.environ.get(LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{_count}\t{name}\n")
    at = os.environ.get(CRASH_ENV, "")
    if at.isdigit() and int(at) == _count:
        os._exit(137)
