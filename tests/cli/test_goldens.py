"""Golden outputs: what a reader of overflight's output meets, checked in under ``tests/goldens/``
and compared byte for byte.

- ``demo/``: the demo's telegrams (``drafts/``) and its non-paper for Turkey. The story's steps
  are dated and its desk is its own (no ``OVERFLIGHT_*`` setting is read), so the dates, serials
  and signatures are the same on every run.
- ``route/``: ``overflight route --format json`` for ZKPY-OSDI at a given time and speed, and for
  the story's filed plan (``--fpl``, field 15 resolved and EET/ checked).

After a deliberate change, regenerate them with one command and review the diff:

    PYTHONPATH=src .venv/bin/python tests/cli/test_goldens.py && git diff tests/goldens
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app

GOLDENS = Path(__file__).resolve().parents[1] / "goldens"
STORY = Path(__file__).resolve().parents[2] / "src" / "overflight" / "story"
DEMO_FILES = ("drafts/*.txt", "non-paper-*.txt")
ROUTES = {
    "zkpy-osdi.json": [
        "route", "ZKPY", "OSDI", "--departure", "2008-06-01T01:00Z", "--speed", "N0430",
        "--format", "json",
    ],
    "kor7717-filed.json": ["route", "--fpl", str(STORY / "01-fpl.txt"), "--format", "json"],
}  # fmt: skip


def demo_files(out: Path) -> dict[str, str]:
    """The demo's outputs a reader keeps, by path under ``out``."""
    return {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
        for pattern in DEMO_FILES
        for path in sorted(out.glob(pattern))
    }


def route_output(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _same(name: str, actual: str, golden: Path) -> None:
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"golden/{name}",
            f"now/{name}",
        )
        pytest.fail(f"{name} differs from its golden file:\n{''.join(diff)}", pytrace=False)


def test_demo_writes_the_golden_telegrams_and_non_paper(demo_out: Path) -> None:
    made = demo_files(demo_out)
    golden = demo_files(GOLDENS / "demo")
    assert sorted(made) == sorted(golden)
    assert len(golden) >= 6  # five telegrams and the non-paper
    for name, text in made.items():
        _same(name, text, GOLDENS / "demo" / name)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_json_is_the_golden_one(name: str) -> None:
    _same(name, route_output(ROUTES[name]), GOLDENS / "route" / name)


def write_goldens() -> None:
    """Run the demo and the route commands again and write what they print over the goldens."""
    demo = GOLDENS / "demo"
    shutil.rmtree(demo, ignore_errors=True)  # a telegram no longer drafted goes too
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        result = CliRunner().invoke(app, ["demo", "--out", str(out)])
        assert result.exit_code == 0, result.output
        for name, text in demo_files(out).items():
            (demo / name).parent.mkdir(parents=True, exist_ok=True)
            (demo / name).write_text(text, encoding="utf-8")
            print(f"wrote {demo / name}")
    (GOLDENS / "route").mkdir(parents=True, exist_ok=True)
    for name, args in ROUTES.items():
        (GOLDENS / "route" / name).write_text(route_output(args), encoding="utf-8")
        print(f"wrote {GOLDENS / 'route' / name}")


if __name__ == "__main__":
    write_goldens()
