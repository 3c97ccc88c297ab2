"""Layers below name a parameter as the code does (``Param``); the command line names its flag.

The web names the same parameters its own way (``tests/web/test_web_requests.py``:
``test_web_errors_name_the_web_parameters``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from overflight.cli import app, flag_of, import_commands, said
from overflight.errors import InputError, Param, ParseError

runner = CliRunner()


def _command(*path: str) -> typer.core.TyperCommand:
    import_commands()
    command = typer.main.get_group(app)
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize(
    ("param", "flag"),
    [
        ("departure", "DEPARTURE"),  # an argument
        ("via", "--via"),
        ("departure_time", "--departure"),  # an option spelt otherwise than its parameter
        ("map_path", "--map"),
        ("speed", "--speed"),
        ("not_a_parameter", "--not-a-parameter"),  # what it would be
    ],
)
def test_route_names_each_parameter_as_its_flag(param: str, flag: str) -> None:
    assert flag_of(Param(param), _command("route")) == flag


def test_errors_are_said_with_the_flag_and_other_names_as_they_are() -> None:
    route = _command("route")
    assert said(InputError(Param("departure_time"), "not a time"), route) == (
        "--departure: not a time"
    )
    assert said(InputError("routes.csv", "cannot read"), route) == "routes.csv: cannot read"
    error = ParseError("not an address", source=Param("aircraft"), column=1)
    assert said(error, _command("track")) == "--aircraft:1: not an address"
    assert str(error) == "aircraft:1: not an address"  # below the CLI: the parameter's name


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["route", "ZKPY", "OSDI", "--departure", "1 June"], "error: --departure: '1 June'"),
        (["route", "ZKPP", "OSDI"], "error: DEPARTURE: no aerodrome"),
        (["cable", "render", "CABLE", "--for", "USA"], "error: --for: 'USA': a non-paper is for"),
    ],
)
def test_the_command_line_says_its_flag(tmp_path: Path, args: list[str], line: str) -> None:
    cable = tmp_path / "cable.txt"
    cable.write_text("UNCLASSIFIED STATE 000001\n\n1. (U) Nothing.\n", encoding="utf-8")
    result = runner.invoke(app, [str(cable) if a == "CABLE" else a for a in args])
    assert result.exit_code == 2, result.output
    assert " ".join(result.stderr.split()).startswith(line)
