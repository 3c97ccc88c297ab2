"""Fixtures shared by the command tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from overflight.cli import app


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """One ``overflight demo`` run (the story takes seconds: run it once): its folder and result.

    160 columns wide, so that no line of its output is wrapped.
    """
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(
        app, ["demo", "--out", str(out)], catch_exceptions=False, env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def demo_out(demo_run: tuple[Path, Result]) -> Path:
    """The folder the one ``overflight demo`` run filled."""
    return demo_run[0]
