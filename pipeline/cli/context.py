"""The object the `pipeline` group hands to every command (`@click.pass_obj`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from pipeline.core.config import Config, ConfigError, load_config
from pipeline.core.dates import CLOCK_ENV, TZ, fixed_clock

# Exit codes of every command (documented in docs/security.md): 0 all went through, 1 some input was
# refused, 2 usage or configuration (or the run could not start), 3 an internal error.
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class ConfigProblem(click.ClickException):
    exit_code = EXIT_USAGE


@dataclass
class AppContext:
    """What every command gets from the group's options: folders, editorial.yml (read once), clock."""

    config_path: Path
    content: Path
    inbox: Path
    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                raise ConfigProblem(str(exc)) from None
        return self._config

    def now(self) -> datetime:
        """The clock; BANTIN_NOW (ISO time) fixes it for demos and tests."""
        try:
            fixed = fixed_clock()
        except ValueError:
            value = os.environ.get(CLOCK_ENV)
            raise ConfigProblem(f"{CLOCK_ENV}='{value}' không phải thời gian hợp lệ (dạng 2026-03-04T08:30).") from None
        return fixed or datetime.now(TZ)
