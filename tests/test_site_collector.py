"""The build's garbage-collector settings (pipeline/site/collector.py) end with the build."""

from __future__ import annotations

import gc
import itertools
import weakref

from pipeline.site import collector


def test_a_build_freezes_its_site_and_leaves_the_collector_as_it_found_it():
    before = gc.get_threshold()
    collector.start(None)
    assert gc.get_threshold()[0] == collector.BUILD_THRESHOLD
    site = [{"bài": n} for n in range(1000)]
    collector.freeze(None)
    assert gc.get_freeze_count() >= len(site)
    collector.finish(None)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


class Article:
    def __init__(self) -> None:
        self.neighbours: list[Article] = []


def test_a_site_replaced_after_a_build_is_freed_even_with_cycles():
    collector.start(None)
    site = [Article() for _ in range(100)]
    for a, b in itertools.pairwise(site):
        a.neighbours.append(b)
        b.neighbours.append(a)  # neighbours refer to one another: only the collector frees them
    first = weakref.ref(site[0])
    collector.freeze(None)
    collector.finish(None)
    del site, a, b
    gc.collect()
    assert first() is None
