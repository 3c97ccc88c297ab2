"""The ``overflight`` command: parse arguments, call a service, render the result.

Each command lives in its own module and attaches itself to ``app`` when imported; an
``OverflightError`` anywhere below, or a file the system refuses (``OSError`` naming it), becomes
one line on stderr and exit code 2; any other exception one line and exit code 70, its traceback
shown only with ``OVERFLIGHT_DEBUG=1``. Never a traceback otherwise.

Registration is lazy: ``COMMANDS`` names each command, the module that registers it and the
line ``overflight --help`` shows for it, so the help lists every command without importing any
of them, and a command imports only its own module (and what that module needs) when it runs.
``tests/cli/test_registry.py`` checks that each line matches the command's own help. A command
whose module is missing, fails to import or does not register it is one line naming the command
and its module, exit code 70: never a command silently gone.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperArgument, TyperCommand, TyperGroup

if TYPE_CHECKING:
    from pathlib import Path

    # Typer 0.29 vendors Click as ``typer._click`` and names its ``Context`` and ``Command`` in no
    # public module (``typer.Context`` is a subclass, too narrow for an override's parameter):
    # the type checker reads the private module, the running command never imports it.
    from typer import _click

from overflight.errors import InputError, OverflightError, Param, ParseError

console = Console(highlight=False, markup=False)
"""The commands' standard output. Data is printed as it is, never read as Rich markup (a case
titled "[bold]x" shows as typed); what is styled is a ``rich.text.Text``."""
stderr = Console(stderr=True, highlight=False, markup=False)
"""The commands' standard error, markup off as ``console``'s."""
MAP_SUFFIXES = (".svg", ".png")
"""The files ``--map`` draws (checked before any work, as every output path is)."""


def check_map_file(path: Path | None, option: str = "--map") -> None:
    """Check, before any work, that a map asked for can be written at ``path`` and drawn.

    Raises:
        InputError: naming ``option``: the file cannot be written there or is not ``.svg`` or
            ``.png``, or the ``maps`` extra (matplotlib) is not installed.
    """
    from overflight.textfile import check_output_file

    check_output_file(path, option, MAP_SUFFIXES)
    if path is not None:
        from overflight.geo import check_maps_installed

        check_maps_installed(option)


@dataclass(frozen=True, slots=True)
class ListedCommand:
    """A command as ``overflight --help`` lists it before its module is imported."""

    name: str  # what the user types
    module: str  # the module under ``overflight.cli`` that registers it
    summary: str  # the first paragraph of its help


COMMANDS = (
    ListedCommand(
        "run", "run", "Ingest files in order, screen the flights they touch, open and update cases."
    ),
    ListedCommand(
        "route",
        "route",
        "Print the sovereign airspaces (land + 12 NM) a route crosses, in order, with times.",
    ),
    ListedCommand(
        "demo",
        "demo",
        "Replay the bundled story: a charter filed and delayed, screened, states asked, cancelled.",
    ),
    ListedCommand(
        "screen",
        "screen",
        "Screen flight plans and permit requests; print each verdict with findings and actions.",
    ),
    ListedCommand(
        "chokepoints",
        "interdiction",
        "Minimal sets of states whose denial leaves the flight no feasible route, with proofs.",
    ),
    ListedCommand(
        "routes",
        "interdiction",
        "The shortest few feasible routes that differ in the states they touch.",
    ),
    ListedCommand(
        "serve",
        "serve",
        "Serve the case board, screening pages and the REST API (log in first).",
    ),
    ListedCommand(
        "watch",
        "watch",
        "Watch aircraft of concern on a feed: entries, departures, landings, gaps → alerts.",
    ),
    ListedCommand(
        "track",
        "watch",
        "Print one aircraft's observed transits (land + 12 NM), after the plausibility gate.",
    ),
    ListedCommand(
        "history",
        "history",
        "Sovereign airspaces the selected aircraft entered and left, when, against filed plans.",
    ),
    ListedCommand(
        "case", "case", "Cases of concern: list, show, timeline, similar, rebuild-register."
    ),
    ListedCommand(
        "ats",
        "ats",
        "ICAO ATS messages (FPL, CHG, DLA, CNL, DEP, ARR…): parse, check, link into flights.",
    ),
    ListedCommand(
        "lists", "lists", "Sanctions and watch lists: import, search, fetch, versions, diff."
    ),
    ListedCommand(
        "cable", "cables", "Diplomatic telegrams: parse, render non-papers, compose for a case."
    ),
    ListedCommand("user", "user", "Web accounts: list, add one, set a password, unlock."),
    ListedCommand(
        "archive",
        "archive",
        "Archives of observed positions and ATS messages (parquet by day; docs/scale.md).",
    ),
)
"""Every command but ``version``, in help order (commands first, then groups, as Typer lists)."""

COMMAND_MODULES = tuple(dict.fromkeys(c.module for c in COMMANDS))
"""Modules under ``overflight.cli`` that attach commands to ``app``."""

_LISTED = {c.name: c for c in COMMANDS}


class _Listed(TyperCommand):
    """A stand-in for a command whose module is not imported: its name and summary, for help."""


class _ReportingGroup(TyperGroup):
    """The root group: lists every command at once, imports one when it runs, reports errors.

    Commands not yet imported are held as ``_Listed`` stand-ins, so the help, the list of names
    and "did you mean" see them all; resolving a command to run imports its module and puts the
    real command in the stand-in's place.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        built = dict(self.commands)
        names = ["version", *(c.name for c in COMMANDS), *built]
        self.commands = {
            name: built.get(name) or _Listed(name, help=_LISTED[name].summary)
            for name in dict.fromkeys(names)
            if name in built or name in _LISTED
        }

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        if args and isinstance(self.commands.get(args[0]), _Listed):
            self._import(_LISTED[args[0]])
        return super().resolve_command(ctx, args)

    def _import(self, listed: ListedCommand) -> None:
        """Import the module of a listed command and take its commands in place of stand-ins."""
        module = f"overflight.cli.{listed.module}"
        try:
            importlib.import_module(module)
        except Exception as err:
            if _debugging():
                raise
            if isinstance(err, ModuleNotFoundError) and err.name == module:
                _unavailable(listed, f"its module {module} is missing from this installation")
            _unavailable(
                listed, f"its module {module} fails to import: {type(err).__name__}: {err}"
            )
        for name, command in typer.main.get_group(app).commands.items():
            if not isinstance(command, _Listed):
                self.commands[name] = command
        if isinstance(self.commands.get(listed.name), _Listed):
            _unavailable(listed, f"its module {module} does not define it")

    # ``TyperGroup.invoke`` takes Typer's vendored Click ``Context`` (not ``click.Context``, and
    # not the narrower ``typer.Context``), so the override takes the same class.
    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OverflightError as err:
            print_error(said(err, _failed_command(err)))
            raise typer.Exit(EXIT_INPUT) from err
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # Click's usage errors (its ClickException is a TyperException), exits, aborts
        except OSError as err:
            if _debugging() or not err.filename:
                raise
            # a file the user named, not usable
            print_error(f"{err.filename}: {err.strerror or err}")
            raise typer.Exit(EXIT_INPUT) from err
        except Exception as err:
            if _debugging():
                raise
            hint = f"{DEBUG_VARIABLE}=1 shows where"
            print_error(f"unexpected {type(err).__name__}: {_first_line(err)} ({hint})")
            raise typer.Exit(EXIT_SOFTWARE) from err


EXIT_INPUT = 2
"""Exit code of an error in what the user gave (a file, an argument, a store): one line says it."""
EXIT_SOFTWARE = 70
"""Exit code of an error overflight did not foresee (``EX_SOFTWARE``): a bug, said in one line."""
DEBUG_VARIABLE = "OVERFLIGHT_DEBUG"
"""Set to 1 to let an unforeseen error end with its full traceback."""


ERRORS_VARIABLE = "OVERFLIGHT_MAX_ERRORS"
"""How many errors of one kind a command prints (default 50; 0 prints every one)."""
_ERRORS_SHOWN = 50

Shown = TypeVar("Shown")


def first_errors(errors: Sequence[Shown]) -> tuple[Sequence[Shown], str]:
    """The errors to print, and a line saying how many more there are ("" when none).

    A file of a million bad lines would otherwise print for minutes; the count is always said.
    """
    try:
        limit = int(os.environ.get(ERRORS_VARIABLE, _ERRORS_SHOWN))
    except ValueError:
        limit = _ERRORS_SHOWN
    if limit <= 0 or len(errors) <= limit:
        return errors, ""
    more = len(errors) - limit
    return errors[:limit], (
        f"… and {more:,} more ({len(errors):,} in all; {ERRORS_VARIABLE}=0 shows every one)"
    )


def said(err: OverflightError, command: Any = None) -> str:
    """The error as the command line says it: a parameter (``Param``) as ``command`` spells it.

    Layers below name a parameter as the code does (``via``, ``departure_time``); here it is
    the option or argument the user typed (``--via``, ``--departure``, ``DEPARTURE``).
    """
    if isinstance(err, InputError) and isinstance(err.what, Param):
        return f"{flag_of(err.what, command)}: {err.message}"
    if isinstance(err, ParseError) and Param in (type(err.source), type(err.field)):
        source, field = (
            flag_of(part, command) if isinstance(part, Param) else part
            for part in (err.source, err.field)
        )
        where = {"line": err.line, "column": err.column}
        return str(ParseError(err.message, source=source, field=field, **where))
    return str(err)


def flag_of(param: Param, command: Any = None) -> str:
    """How ``command`` (a Click command) spells a parameter: its long option or its argument.

    A parameter the command does not have is shown as the option it would be (``--name``).
    """
    for known in getattr(command, "params", ()):
        if known.name != param:
            continue
        if isinstance(known, TyperArgument):
            return str(known.metavar or param.upper())
        return str(next((o for o in known.opts if o.startswith("--")), known.opts[0]))
    return "--" + param.replace("_", "-")


def _failed_command(err: BaseException) -> TyperCommand | None:
    """The innermost command that was running when ``err`` was raised (its context is gone)."""
    found = None
    trace = err.__traceback__
    while trace is not None:
        command = getattr(trace.tb_frame.f_locals.get("ctx"), "command", None)
        if isinstance(command, TyperCommand):
            found = command
        trace = trace.tb_next
    return found


def _debugging() -> bool:
    return os.environ.get(DEBUG_VARIABLE, "") == "1"


def _first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return lines[0] if lines else "no message"


def _unavailable(listed: ListedCommand, why: str) -> NoReturn:
    """End with one line: the command the user asked for cannot run in this installation."""
    print_error(f"command {listed.name!r} is unavailable: {why} (reinstall overflight)")
    raise typer.Exit(EXIT_SOFTWARE)


def print_error(text: str) -> None:
    """One "error:" line on stderr; brackets in the text are text ("[scale]" is no markup)."""
    stderr.print(Text.assemble(("error:", "bold red"), " ", text), soft_wrap=True)


def print_problem(text: str) -> None:
    """One "problem:" line on stderr: a record not read, the command going on without it."""
    stderr.print(Text.assemble(("problem:", "yellow"), " ", text), soft_wrap=True)


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


def import_commands() -> None:
    """Import every command module now (for tools that walk the whole command tree).

    A module missing or broken raises: a tree walked without it would be silently short.
    """
    for name in COMMAND_MODULES:
        importlib.import_module(f"overflight.cli.{name}")


__all__ = [
    "COMMANDS",
    "COMMAND_MODULES",
    "DEBUG_VARIABLE",
    "ERRORS_VARIABLE",
    "EXIT_INPUT",
    "EXIT_SOFTWARE",
    "MAP_SUFFIXES",
    "ListedCommand",
    "app",
    "console",
    "first_errors",
    "flag_of",
    "import_commands",
    "main",
    "print_error",
    "print_problem",
    "said",
    "stderr",
]
