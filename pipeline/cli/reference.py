"""The CLI reference (docs/reference/cli.md): every command's Vietnamese help, as `-h` prints it."""

from __future__ import annotations

import click

# A fixed width, so the page does not depend on the terminal that regenerates it.
WIDTH = 100


def _help(command: click.Command, name: str, parent: click.Context | None) -> tuple[str, click.Context]:
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH,
                        **command.context_settings)
    return command.get_help(ctx), ctx


def cli_markdown() -> str:
    """One section per command, in the order `pipeline -h` lists them, each with its full help."""
    from pipeline.cli import cli, vietnamese

    vietnamese.install()
    text, root = _help(cli, "pipeline", None)
    parts = ["## pipeline", "", "```", text, "```", ""]
    for name in cli.list_commands(root):
        command = cli.get_command(root, name)
        if command is None:
            continue
        text, _ = _help(command, name, root)
        parts += [f"## pipeline {name}", "", "```", text, "```", ""]
    return "\n".join(parts)
