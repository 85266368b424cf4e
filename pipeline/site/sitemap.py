"""The sitemap's build time in the newsroom's zone (+07:00) and from the build's clock.

pelican-sitemap stamps listing pages with a naive `datetime.now()` taken when it is imported, which it
writes as '-00:00' (unknown zone). Setting its `now` at the start of each build fixes both.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.plugins import sitemap

from pipeline.site.lifecycle import now


def set_build_time(_pelican: Any) -> None:
    sitemap.generator.now = now()


def register() -> None:
    signals.initialized.connect(set_build_time)
