"""Fixtures shared by the command tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder one ``overflight demo`` run filled (the story takes seconds: run it once)."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
