"""The one exception the report raises for bad input: its text is Vietnamese and says what to fix."""

from __future__ import annotations


class ReportError(Exception):
    """Bad input for a report (period, repository, output folder); the CLI prints it and exits 2."""
