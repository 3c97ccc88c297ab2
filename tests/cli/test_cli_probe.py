"""Every command that reads a file, on every class of bad file: a non-zero exit, no traceback.

A refusal (exit 2) is one line on stderr saying what and where; a file read with problems
(exit 1) names the file. Exit 70 (an error overflight did not foresee) fails the probe.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import EXIT_INPUT, EXIT_SOFTWARE, app

runner = CliRunner()

BAD_FILES: dict[str, bytes | None] = {
    "missing": None,
    "folder": None,
    "not-utf8": b"(FPL-KOR7717-IN\n-IL76/H-S/C\n-ZKPY0400\n-N0450F330 DCT\n-OSDI0930\n\xff)\n",
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "csv": b"a,b,c\n1,2,3\n",
    "dtd-xml": b'<!DOCTYPE r [<!ENTITY e "x">]>\n<sdnList>&e;</sdnList>\n',
    "huge-json": b'{"id": ' + b"9" * 5000 + b"}\n",
    "surrogate-json": b'{"id": "a", "schema": "Person", "properties": {"name": ["\\ud800"]}}\n',
    "deep-yaml": b"a: " + b"[" * 5000 + b"\n",
}

# Each command with FILE where the bad file goes; {tmp} is the test's folder.
COMMANDS = [
    ("run", "FILE", "--db", "{tmp}/o.db", "--drafts", "{tmp}/drafts", "--now", "2008-02-01T00:30Z"),
    ("run", "{story}", "--db", "{tmp}/o.db", "--drafts", "{tmp}/drafts", "--desk", "FILE"),
    ("run", "{story}", "--db", "{tmp}/o.db", "--drafts", "{tmp}/drafts", "--policy", "FILE"),
    ("screen", "FILE"),
    ("screen", "{story}", "--lists", "FILE"),
    ("ats", "parse", "FILE"),
    ("ats", "flights", "FILE"),
    ("route", "--batch", "FILE"),
    ("route", "--fpl", "FILE"),
    ("lists", "import", "FILE"),
    ("lists", "search", "Kim", "--list", "FILE"),
    ("cable", "parse", "FILE"),
    ("cable", "render", "FILE", "--for", "TUR"),
    ("track", "FILE"),
    ("watch", "--feed", "FILE", "--db", "{tmp}/o.db"),
]
STORY = Path(__file__).parents[2] / "src" / "overflight" / "story" / "01-fpl.txt"


def _bad_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"bad-{kind}.txt"
    body = BAD_FILES[kind]
    if kind == "folder":
        path.mkdir()
    elif body is not None:
        path.write_bytes(body)
    return path


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:3]))
def test_every_command_refuses_every_bad_file_without_a_traceback(tmp_path, command, kind):
    bad = _bad_file(tmp_path, kind)
    args = [str(bad) if a == "FILE" else a.format(tmp=tmp_path, story=STORY) for a in command]
    result = runner.invoke(app, args, catch_exceptions=False, env={"COLUMNS": "300"})
    assert "Traceback" not in result.output
    assert result.exit_code != EXIT_SOFTWARE, result.output
    if result.exit_code == 0:
        # Only a file that is simply not the command's kind may pass, and only where the
        # command's job is to report what it found (a list file with no rows, say).
        assert (command[:2], kind) in PASSING, result.output
        return
    assert result.exit_code in (1, EXIT_INPUT), result.output
    if result.exit_code == EXIT_INPUT:  # one line; a command of many files sums them up too
        lines = result.stderr.strip().splitlines()
        assert 1 <= len(lines) <= 2, result.stderr
        assert lines[0].startswith("error: ") or bad.name in lines[0]
    assert bad.name in "".join(result.output.split()), result.output


PASSING = {
    (("run", "{story}"), "empty"),  # an empty desk file: no settings, the environment's
}
