"""An article's place in its lifecycle, from its front matter: the one reading the site build
(pipeline.site.lifecycle) and the editorial report (pipeline.report.collect) share.

- `status: draft | review | published` (missing: published; anything else: not published, a draft);
- `withdrawn: true` (also có, yes, 1, x) wins over the status: the URL stays, listed nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

STATUSES = ("draft", "review", "published")
YES = frozenset({"true", "yes", "có", "co", "1", "x"})


def is_yes(value: Any) -> bool:
    """A front-matter flag: YAML's true, or one of the YES words as text."""
    if isinstance(value, bool):
        return value
    return value is not None and str(value).strip().lower() in YES


def written_status(meta: Mapping[str, Any]) -> str:
    """`status` as written, lower case; 'published' when missing."""
    return str(meta.get("status") or "published").strip().lower()


def status_of(meta: Mapping[str, Any]) -> str:
    """published | draft | review | withdrawn: `withdrawn` wins, and an unknown status is a draft."""
    if is_yes(meta.get("withdrawn")):
        return "withdrawn"
    status = written_status(meta)
    return status if status in STATUSES else "draft"
