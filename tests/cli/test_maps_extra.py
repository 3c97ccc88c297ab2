"""Maps come with the ``maps`` extra: where matplotlib is not installed, a map asked for is
refused before any work in one line naming the extra (checked in a fresh interpreter in which
importing matplotlib fails, as it does where it is not installed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from overflight.geo.maps import MAPS_EXTRA

_WITHOUT_MATPLOTLIB = """
import json, sys
from importlib.abc import MetaPathFinder


class NotInstalled(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "matplotlib":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NotInstalled())
from typer.testing import CliRunner
from overflight.cli import app

results = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    results.append([result.exit_code, result.output])
print(json.dumps([results, "matplotlib" in sys.modules]))
"""


def test_a_map_without_the_maps_extra_is_one_line_naming_it(tmp_path: Path) -> None:
    commands = [
        ["route", "ZKPY", "OSDI", "--map", str(tmp_path / "route.svg")],
        ["chokepoints", "ZKPY", "OSDI", "--aircraft", "IL76", "--map", str(tmp_path / "c.png")],
    ]
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_MATPLOTLIB, json.dumps(commands)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    results, imported = json.loads(done.stdout.splitlines()[-1])
    for exit_code, output in results:
        assert exit_code == 2, output
        assert output.strip() == (
            f"error: --map: drawing maps needs matplotlib, which is not installed: {MAPS_EXTRA}"
        )
    assert MAPS_EXTRA == "pip install 'overflight[maps]'"
    assert not imported
    assert list(tmp_path.iterdir()) == []  # refused before any work: nothing written


def test_the_demo_without_the_maps_extra_says_which_extra_draws_its_map(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_MATPLOTLIB, json.dumps([["demo", "--out", str(out)]])],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    [[exit_code, output]], _ = json.loads(done.stdout.splitlines()[-1])
    assert exit_code == 0, output
    said = "no map of the filed route: drawing maps needs matplotlib, which is not installed:"
    assert f"{said} {MAPS_EXTRA}" in " ".join(output.split())
    assert not (out / "zkpy-osdi.svg").exists()
