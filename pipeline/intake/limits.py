"""Resource limits for one submission, read through one accessor (editorial.yml `limits:`)."""

from __future__ import annotations

from typing import Any

from pipeline.core.config import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "Limits", "limits_of"]


def limits_of(config: Any) -> Limits:
    """The configured limits (Config.limits), or the defaults for an object without them."""
    return getattr(config, "limits", None) or DEFAULT_LIMITS
