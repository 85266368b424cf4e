"""The `pipeline` command. Each subcommand lives in its own module and is loaded on demand."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from pipeline.cli.context import EXIT_INTERNAL, AppContext

# name → "module:function". Adding a command is one line here plus its own module.
COMMANDS: dict[str, str] = {
    "ingest": "pipeline.cli.intake:ingest",
    "template": "pipeline.cli.intake:template",
    "config": "pipeline.cli.intake:show_config",
    "codeowners": "pipeline.cli.workflow:codeowners",
    "submit": "pipeline.cli.workflow:submit",
    "intake-push": "pipeline.cli.intake_push:intake_push",
    "mail": "pipeline.cli.mail:mail",
    "contacts": "pipeline.cli.contacts:contacts",
    "report": "pipeline.cli.report:report",
    "check": "pipeline.cli.check:check",
    "rules": "pipeline.cli.check:rules",
    "deploy": "pipeline.cli.workflow:deploy",
    "preview": "pipeline.cli.workflow:preview",
    "search-index": "pipeline.cli.site:search_index",
    "audit": "pipeline.cli.site:audit",
}


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
    ctx.obj = AppContext(config_path, content, inbox)


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
