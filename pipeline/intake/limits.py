"""Resource limits for one submission, read through one accessor.

editorial.yml's `limits:` section (Config.limits) names them; until a configuration carries it, the
defaults below apply. Keep them equal to pipeline.core.config's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    max_xml_bytes: int = 50 * 1024 * 1024
    # A 12000×9000 office scan (108 MP) is legitimate: it is scaled down, not refused.
    max_image_pixels: int = 120_000_000
    max_image_frames: int = 300
    max_meta_yml_bytes: int = 256 * 1024
    yaml_max_aliases: int = 0
    yaml_max_depth: int = 64
    libreoffice_seconds: int = 120
    libreoffice_memory_mb: int = 1024
    conversion_seconds: int = 300
    conversion_memory_mb: int = 1536


DEFAULT_LIMITS = Limits()


def limits_of(config: Any) -> Limits:
    """The configured limits (any object with the same attributes), else the defaults."""
    configured = getattr(config, "limits", None)
    if configured is None:
        return DEFAULT_LIMITS
    return Limits(**{name: getattr(configured, name, default) for name, default in vars(DEFAULT_LIMITS).items()})
