"""`pipeline check`: the federation's editorial rules as named, documented, tested checks.

registry.py holds the table of codes; each rule is one module (btNNN_*.py); engine.py runs them.
"""

from __future__ import annotations

from pipeline.checks.api import CheckError, Finding, Hit
from pipeline.checks.engine import CheckRun, apply_strict, run_checks

__all__ = ["CheckError", "CheckRun", "Finding", "Hit", "apply_strict", "run_checks"]
