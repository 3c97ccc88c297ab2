"""The command registry: ``--help`` lists every command without importing it, and each command
imports only what it uses (checked in a fresh interpreter, by the modules it ends up holding)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from overflight.cli import COMMANDS, app, import_commands

# What a command that does not serve, plot, search lists or touch a store must not import.
HEAVY = (
    "fastapi",
    "starlette",
    "uvicorn",
    "matplotlib",
    "scipy",
    "rs1090",
    "rigour",
    "sqlalchemy",
    "argon2",
    "jinja2",
    "overflight.web",
    "overflight.store",
    "overflight.services.accounts",
)


def _fresh_run(args: list[str]) -> tuple[int, str, list[str]]:
    """Run the CLI in a new interpreter; its exit code, output and every module it imported."""
    code = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from overflight.cli import app\n"
        f"result = CliRunner().invoke(app, {args!r})\n"
        "print(json.dumps([result.exit_code, result.output, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    exit_code, output, modules = json.loads(done.stdout.splitlines()[-1])
    return exit_code, output, modules


def _imported(modules: list[str], heavy: str) -> bool:
    return any(m == heavy or m.startswith(heavy + ".") for m in modules)


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n")[0].split())


def test_help_lists_every_command_without_importing_any_command_module():
    exit_code, output, modules = _fresh_run(["--help"])
    assert exit_code == 0, output
    for listed in (*COMMANDS,):
        assert listed.name in output
    assert "version" in output
    assert not [m for m in modules if m.startswith("overflight.cli.") and m != "overflight.cli"]
    assert [h for h in HEAVY if _imported(modules, h)] == []
    assert not _imported(modules, "numpy")


def test_route_imports_neither_the_web_nor_plotting_nor_the_store():
    exit_code, output, modules = _fresh_run(["route", "ZKPY", "OSDI"])
    assert exit_code == 0, output
    assert "Mongolia" in output
    assert [h for h in HEAVY if _imported(modules, h)] == []


def test_importing_the_accounts_service_hashes_no_password():
    # A hasher that refuses to hash: importing the module must not call it.
    code = (
        "import argon2\n"
        "def refuse(self, *args, **kwargs):\n"
        "    raise SystemExit('hashed at import')\n"
        "argon2.PasswordHasher.hash = refuse\n"
        "import overflight.services.accounts\n"
        "print('imported')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported"


def test_the_refusal_hash_verifies_and_has_todays_parameters():
    from overflight.services.accounts import _DUMMY_PASSWORD, _HASHER, _dummy_hash

    assert _HASHER.verify(_dummy_hash(), _DUMMY_PASSWORD)
    assert not _HASHER.check_needs_rehash(_dummy_hash())


def test_each_listed_line_is_the_first_paragraph_of_the_commands_own_help():
    import_commands()
    built = typer.main.get_group(app).commands
    for listed in COMMANDS:
        command = built[listed.name]
        assert command.help is not None, listed.name
        assert _first_paragraph(command.help) == listed.summary, listed.name


def test_every_registered_command_is_listed_and_nothing_else():
    import_commands()
    built = typer.main.get_group(app).commands
    assert set(built) == {"version", *(c.name for c in COMMANDS)}


@pytest.mark.parametrize("typo", ["rout", "chokepoint"])
def test_a_mistyped_command_is_refused_with_close_names(typo):
    result = CliRunner().invoke(app, [typo])
    assert result.exit_code == 2
    assert "No such command" in result.output
    assert "Did you mean" in result.output


@pytest.fixture
def extra_modules(tmp_path, monkeypatch):
    """Command modules of a test's making, found under ``overflight.cli`` like the real ones."""
    import overflight.cli

    monkeypatch.setattr(overflight.cli, "__path__", [*overflight.cli.__path__, str(tmp_path)])
    (tmp_path / "broken_command.py").write_text("import overflight_no_such_dependency\n")
    (tmp_path / "silent_command.py").write_text('"""Registers nothing."""\n')
    made = [
        overflight.cli.ListedCommand(name, name, "A command of the test's making.")
        for name in ("broken_command", "silent_command", "gone_command")
    ]
    monkeypatch.setattr(overflight.cli, "COMMANDS", (*overflight.cli.COMMANDS, *made))
    for listed in made:
        monkeypatch.delitem(sys.modules, f"overflight.cli.{listed.name}", raising=False)
        monkeypatch.setitem(overflight.cli._LISTED, listed.name, listed)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "why"),
    [
        (
            "gone_command",
            "its module overflight.cli.gone_command is missing from this installation",
        ),
        (
            "broken_command",
            "its module overflight.cli.broken_command fails to import: ModuleNotFoundError: "
            "No module named 'overflight_no_such_dependency'",
        ),
        ("silent_command", "its module overflight.cli.silent_command does not define it"),
    ],
)
def test_a_command_whose_module_cannot_serve_is_one_error_naming_it(extra_modules, name, why):
    result = CliRunner().invoke(app, [name])
    assert result.exit_code == 70, result.output
    said = " ".join(result.output.split())
    assert f"error: command '{name}' is unavailable: {why} (reinstall overflight)" in said
    assert "Traceback" not in result.output
    assert "No such command" not in result.output
