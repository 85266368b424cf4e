"""Which articles appear in listings, feeds, related links and search."""

from __future__ import annotations

from typing import Any


def is_listed(article: Any) -> bool:
    """Published and not withdrawn: a withdrawn article keeps its URL (with a notice) but is listed nowhere."""
    return getattr(article, "status", "published") == "published" and not getattr(article, "withdrawn", False)
