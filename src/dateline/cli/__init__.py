"""The ``dateline`` command: thin click commands over the library.

One module per command group: ``coding`` (extract, ingest), ``stored``
(events, show, export), ``evaluation`` (eval, train), ``incidents``, and
``serve`` in :mod:`dateline.web.cli`; the options they share are in
``options``.

Data goes to stdout, everything else to stderr. Exit 0 when the run finished
(even with skipped inputs, each reported), 1 when nothing could be done, 2 for
bad usage.
"""

from __future__ import annotations

import importlib

import click

# Every command by name: the module that holds it and its name there. A
# command's module is imported only when the command is named (or listed), so
# `dateline ingest` never loads the web app.
COMMANDS: dict[str, tuple[str, str]] = {
    "eval": ("dateline.cli.evaluation", "evaluate"),
    "events": ("dateline.cli.stored", "events"),
    "export": ("dateline.cli.stored", "export"),
    "extract": ("dateline.cli.coding", "extract"),
    "incidents": ("dateline.cli.incidents", "incidents"),
    "ingest": ("dateline.cli.coding", "ingest"),
    "serve": ("dateline.web.cli", "serve"),
    "show": ("dateline.cli.stored", "show"),
    "train": ("dateline.cli.evaluation", "train"),
}


class _Commands(click.Group):
    """The command group; each command loads from its module when named."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """All command names."""
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return a command, importing its module."""
        if cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands)
@click.version_option(package_name="dateline")
def cli() -> None:
    """Turn conflict news into a sourced, geocoded record of events."""


def main() -> None:
    """Entry point of the ``dateline`` command."""
    cli()
