"""overflight installed, not only checked out: the wheel carries the story and the demo replays
it from another folder, with nothing of the checkout on the path; `--examples` still takes a
user's folder; without the postgres extra a PostgreSQL URL is one line naming it; psycopg and
matplotlib are required only by their extras."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app

REPO = Path(__file__).resolve().parents[2]
STORY = REPO / "src" / "overflight" / "story"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel .` builds from the checkout (offline: hatchling must be installed)."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("building the wheel offline needs hatchling (the test extra pins it)")
    folder = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps"]
    command += ["--no-build-isolation", "--no-index", "-q", "-w", str(folder)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert built.returncode == 0, built.stderr
    (found,) = folder.glob("overflight-*.whl")
    return found


def test_the_wheel_carries_every_story_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    story = sorted(path.name for path in STORY.iterdir())
    assert "story.yaml" in story
    assert len(story) >= 2  # the story and the files its steps run on
    assert {f"overflight/story/{name}" for name in story} <= names
    assert not any(name.startswith(("examples/", "tests/")) for name in names)


@pytest.mark.parametrize(("package", "extra"), [("psycopg", "postgres"), ("matplotlib", "maps")])
def test_the_wheel_needs_an_extras_package_only_with_that_extra(
    wheel: Path, package: str, extra: str
) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        requires = [
            line.removeprefix("Requires-Dist: ")
            for line in archive.read(metadata).decode().splitlines()
            if line.startswith(f"Requires-Dist: {package}")
        ]
    assert requires
    assert all(f"extra == '{extra}'" in r or "extra == 'test'" in r for r in requires), requires
    assert any(f"extra == '{extra}'" in r for r in requires), requires


@pytest.mark.slow
def test_demo_runs_from_the_installed_copy_elsewhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # a pure-Python wheel installs as its unpacked files
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    where = python("-c", "import overflight; print(overflight.__file__)")
    assert where.stdout.strip() == str(site / "overflight" / "__init__.py"), where.stderr
    played = python("-m", "overflight.cli", "demo", "--out", "out")
    assert played.returncode == 0, played.stderr
    assert "Traceback" not in played.stderr
    drafts = sorted(path.name for path in (elsewhere / "out" / "drafts").glob("*.txt"))
    assert "case-1-STATE-056778.txt" in drafts, drafts


def test_examples_takes_a_users_folder(tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "story"
    shutil.copytree(STORY, mine)  # a user's copy of the story, retitled
    told = (mine / "story.yaml").read_text(encoding="utf-8")
    (mine / "story.yaml").write_text(
        told.replace("title: Air Koryo charter", "title: My own charter"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["demo", "--examples", str(tmp_path / "mine"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "My own charter" in result.output
    assert (out / "overflight.db").is_file()


def test_examples_without_a_story_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--examples", str(tmp_path), "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "--examples" in result.output
    assert f"no story/story.yaml in {tmp_path}" in result.output.replace("\n", "")
    assert "Traceback" not in result.output


def test_without_the_postgres_extra_a_postgresql_url_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    result = CliRunner().invoke(
        app, ["case", "list", "--db", "postgresql://postgres@127.0.0.1:5432/test"]
    )
    assert result.exit_code == 2, result.output
    assert "pip install 'overflight[postgres]'" in " ".join(result.output.split())
    assert "Traceback" not in result.output
