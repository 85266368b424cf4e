"""The garbage collector during a build: the parsed site is live until the end, so it is not searched again.

Python's cyclic collector walks every tracked object of an older generation each time that generation
is collected. During a build almost everything allocated (10,000 articles, their metadata, tags and
neighbours) lives until the build ends, so those walks find nothing: at 10,000 articles they cost a
tenth of a one-change rebuild. While a build runs, the youngest generation is collected every 10,000
allocations instead of 700, and once every generator has built its context, the objects alive then
are frozen (`gc.freeze`: left out of every collection). When the build ends the objects are unfrozen
and the thresholds restored, so a long-running preview, which builds again and again, still frees
the site it has replaced (its objects refer to one another: neighbours, translations).
"""

from __future__ import annotations

import gc
from typing import Any

from pelican import signals

BUILD_THRESHOLD = 10_000  # allocations between collections of the youngest generation
_saved: list[tuple[int, int, int]] = []


def start(_pelican: Any) -> None:
    if not _saved:
        _saved.append(gc.get_threshold())
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(BUILD_THRESHOLD, middle, oldest)


def freeze(_generators: Any) -> None:
    gc.freeze()


def finish(_pelican: Any) -> None:
    gc.unfreeze()
    if _saved:
        gc.set_threshold(*_saved.pop())


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(freeze)
    signals.finalized.connect(finish)
