"""The `pipeline` command. Each subcommand lives in its own module and is loaded on demand."""

from __future__ import annotations

import importlib
import os
import sys
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


# name → "module:function". Adding a command is one line here plus its own module.
COMMANDS: dict[str, str] = {
    "ingest": "pipeline.cli.intake:ingest",
    "template": "pipeline.cli.intake:template",
    "config": "pipeline.cli.intake:show_config",
    "codeowners": "pipeline.cli.workflow:codeowners",
    "submit": "pipeline.cli.workflow:submit",
    "intake-push": "pipeline.cli.intake_push:intake_push",
    "mail": "pipeline.cli.mail:mail",
    "report": "pipeline.cli.report:report",
    "check": "pipeline.cli.check:check",
    "rules": "pipeline.cli.check:rules",
    "deploy": "pipeline.cli.workflow:deploy",
    "preview": "pipeline.cli.workflow:preview",
    "search-index": "pipeline.cli.site:search_index",
    "audit": "pipeline.cli.site:audit",
}


@dataclass
class Context:
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


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        command.options_metavar = "[TÙY CHỌN]"
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[TÙY CHỌN]", subcommand_metavar="LỆNH [THAM SỐ]...")
@click.option("--config", "config_path", default="editorial.yml", show_default=True, envvar="BANTIN_CONFIG", metavar="TỆP",
              type=click.Path(path_type=Path), help="Tệp cấu hình Ban Biên tập.")
@click.option("--content", default="content", show_default=True, envvar="BANTIN_CONTENT", metavar="THƯ_MỤC",
              type=click.Path(path_type=Path), help="Thư mục bài viết của trang.")
@click.option("--inbox", default="submissions", show_default=True, envvar="BANTIN_INBOX", metavar="THƯ_MỤC",
              type=click.Path(path_type=Path), help="Hộp tin: nơi thả tệp gửi đến.")
@click.version_option(package_name="bantin", help="Hiện phiên bản rồi thoát.",
                      message="%(prog)s (bantin), phiên bản %(version)s")
@click.pass_context
def cli(ctx: click.Context, config_path: Path, content: Path, inbox: Path) -> None:
    """bantin — đưa tin, bài từ tệp Word lên trang thông tin điện tử Công đoàn.

    Ví dụ: pipeline ingest
    """
    ctx.obj = Context(config_path, content, inbox)


def main() -> None:
    from pipeline.cli import vietnamese as cli_vi

    cli_vi.install()
    # Vietnamese text must print on any terminal, even one set to ASCII.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    try:
        cli(prog_name="pipeline")
    except Exception as exc:  # noqa: BLE001 - a bug must end with a message and its own exit code
        print(f"BT940 lỗi: Lỗi nội bộ của hệ thống ({exc.__class__.__name__}: {exc}). Các tệp gửi vẫn nằm nguyên "
              "trong hộp tin. Hãy báo cho người quản trị kèm dòng này.", file=sys.stderr)
        raise SystemExit(EXIT_INTERNAL) from None
