"""The CLI reference (docs/reference/cli.md): every command's Vietnamese help, as `-h` prints it."""

from __future__ import annotations

import click

# A fixed width, so the page does not depend on the terminal that regenerates it.
WIDTH = 100


def _help(command: click.Command, name: str, parent: click.Context | None) -> tuple[str, click.Context]:
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH,
                        **command.context_settings)
    return command.get_help(ctx), ctx


def _sections(command: click.Command, name: str, parent: click.Context | None, title: str) -> list[str]:
    text, ctx = _help(command, name, parent)
    parts = [f"## {title}", "", "```", text, "```", ""]
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None:
                parts += _sections(sub, sub_name, ctx, f"{title} {sub_name}")
    return parts


def cli_markdown() -> str:
    """One section per command and subcommand, in the order `-h` lists them, each with its full help."""
    from pipeline.cli import cli, vietnamese

    vietnamese.install()
    return "\n".join(_sections(cli, "pipeline", None, "pipeline"))
