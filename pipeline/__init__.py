"""bantin: turns contributors' Word files into routed, checked Pelican articles."""

from __future__ import annotations

__version__ = "0.1.0"
