"""The ``overflight`` command: parse arguments, call a service, render the result.

Each command lives in its own module and attaches itself to ``app``; an ``OverflightError``
anywhere below becomes one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer import _click
from typer.core import TyperGroup

from overflight.errors import OverflightError

stderr = Console(stderr=True, highlight=False)


class _ReportingGroup(TyperGroup):
    """A command group that reports overflight's own errors as one line and exit code 2."""

    # Typer 0.29 vendors Click as ``typer._click``; ``TyperGroup.invoke`` takes that package's
    # ``Context`` (not ``click.Context``, and not the narrower ``typer.Context``), so the
    # override takes the same class to stay substitutable.
    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OverflightError as err:
            stderr.print(f"[bold red]error:[/] {escape(str(err))}")  # "[scale]" is no markup
            raise typer.Exit(2) from err


app = typer.Typer(
    name="overflight",
    cls=_ReportingGroup,
    help="Stop proliferation cargo from moving by air.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Stop proliferation cargo from moving by air."""


def main() -> None:
    """Entry point of the ``overflight`` script."""
    app()


@app.command()
def version() -> None:
    """Print the version of overflight."""
    from overflight import __version__

    typer.echo(__version__)


COMMAND_MODULES = (
    "demo",
    "run",
    "case",
    "route",
    "ats",
    "lists",
    "screen",
    "interdiction",
    "cables",
    "serve",
    "user",
    "watch",
    "archive",
    "history",
)
"""Modules under ``overflight.cli`` that attach commands to ``app``, in help order."""


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(f"overflight.cli.{name}") is not None:
            importlib.import_module(f"overflight.cli.{name}")


_register_commands()

__all__ = ["COMMAND_MODULES", "app", "main"]
