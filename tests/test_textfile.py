"""Reading the user's text files and making output folders, with errors that say which and where."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from overflight.cli import app
from overflight.errors import InputError, ParseError
from overflight.permits.reader import read_permit
from overflight.services.desk import read_desk
from overflight.services.partners import read_partners
from overflight.textfile import decode_utf8, make_folder, read_text_file, yaml_data


def test_utf8_reads_and_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    path.write_bytes("\ufeffZKPY,OSDI\nLTAC,UBBB — Baku\n".encode())
    assert read_text_file(path) == "ZKPY,OSDI\nLTAC,UBBB — Baku\n"


def test_a_bad_byte_is_found_at_its_line_and_column() -> None:
    body = b"(FPL-KOR151-IN\n-IL76/H-S\n-ZKPY0200 caf" + b"\xe9\n"
    with pytest.raises(ParseError) as refused:
        decode_utf8(body, "feed.txt")
    assert (refused.value.source, refused.value.line, refused.value.column) == ("feed.txt", 3, 14)
    assert "byte 0xe9" in str(refused.value)


@pytest.mark.parametrize("name", ["missing.txt", "."])
def test_a_file_that_cannot_be_read_is_named(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="cannot read it"):
        read_text_file(tmp_path / name)


def test_an_output_folder_under_a_file_is_refused_naming_the_option(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert make_folder(tmp_path / "out" / "drafts", "--drafts").is_dir()
    with pytest.raises(InputError, match="--drafts: cannot make the folder"):
        make_folder(blocker / "drafts", "--drafts")


@pytest.mark.parametrize(
    "args",
    [
        ["cable", "parse", "{bad}"],
        ["cable", "render", "{bad}", "--for", "TUR"],
        ["route", "--batch", "{bad}"],
        ["ats", "parse", "{bad}"],
        ["demo", "--out", "{blocker}/out"],
        ["run", "{bad}", "--drafts", "{blocker}/drafts", "--db", "{db}"],
    ],
)
def test_the_cli_says_what_is_wrong_in_one_line(tmp_path: Path, args: list[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not text")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    filled = [a.format(bad=bad, blocker=blocker, db=tmp_path / "o.db") for a in args]
    result = CliRunner().invoke(app, filled)
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "error:" in result.output
    assert not (tmp_path / "o.db").exists()  # a run refused up front stores nothing


def test_json_pairs_of_surrogates_are_characters_lone_ones_are_refused() -> None:
    from overflight.textfile import parse_json

    assert parse_json('["\\ud83d\\ude00", "\\\\ud800"]', "s") == ["😀", "\\ud800"]
    with pytest.raises(ParseError, match=r"s:3:2: \\udc00 is a lone"):
        parse_json('[\n"x",\n"\\udc00\\ud800"]', "s")
    with pytest.raises(ParseError, match="s:9:5: not JSON"):
        parse_json("[1,\n  2 x]", "s", line=8)


YAML_BOMB = (
    'permit_type: overflight\na: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 8)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
)  # 8^9 = 134 million strings once expanded


def test_yaml_aliases_are_refused_where_they_stand_before_any_expansion() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml_data(YAML_BOMB)
    assert "an alias (*a) is not read" in str(caught.value)
    assert caught.value.problem_mark.line + 1 == 3  # type: ignore[attr-defined]
    assert yaml_data("a: &x 1\nb: 2\n") == {"a": 1, "b": 2}  # an anchor alone is harmless


def test_a_yaml_bomb_in_a_permit_request_is_a_located_error(tmp_path: Path) -> None:
    request, errors = read_permit(YAML_BOMB, "bomb.yaml")
    assert request is None
    assert [(e.line, e.column) for e in errors] == [(3, 8)]  # b: &b [*a
    assert "alias (*a) is not read" in str(errors[0])


def test_desk_and_partners_files_refuse_aliases(tmp_path: Path) -> None:
    desk = tmp_path / "desk.yaml"
    desk.write_text("drafting: &d {signature: RICE}\nasks: *d\n")
    with pytest.raises(InputError, match=r"alias \(\*d\) is not read"):
        read_desk(desk, {})
    partners = tmp_path / "partners.yaml"
    partners.write_text("partners:\n  - &p {name: USA, clearance: TS, nationality: USA}\n  - *p\n")
    with pytest.raises(ParseError, match=r"partners.yaml:3:5: .*alias \(\*p\)"):
        read_partners(partners)


def test_a_command_that_reads_no_yaml_does_not_import_pyyaml() -> None:
    # PyYAML costs ~50 ms of start-up; route reads no YAML, so textfile imports it only when
    # YAML is read (yaml_data, YamlLoader).
    script = (
        "import sys\n"
        "from overflight.cli import main\n"
        "sys.argv = ['overflight', 'route', 'ZKPY', 'OSDI']\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "print('yaml' in sys.modules)\n"
        "from overflight.textfile import YamlLoader\n"
        "print('yaml' in sys.modules, YamlLoader.__name__)\n"
    )
    src = str(Path(__file__).parents[1] / "src")
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": src},
    )
    assert done.stdout.splitlines()[-2:] == ["False", "True YamlLoader"]
