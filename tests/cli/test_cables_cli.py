from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from overflight.cli import app

runner = CliRunner()

NOFORN_CABLE = """\
O 281347Z MAY 08
FM SECSTATE WASHDC
TO AMEMBASSY ANKARA IMMEDIATE

S E C R E T STATE 000001

E.O. 12958: DECL: 05/28/2018

1. (S//REL TO USA, TUR) Post is requested to deliver the points below.

TALKING POINTS

2. (S//REL TO USA, TUR) Releasable point for Ankara.

3. (S/NF) Internal assessment not for Turkish eyes.
"""
NO_POINTS_CABLE = NOFORN_CABLE.split("TALKING POINTS")[0]


def seed_path(shared_dir: Path) -> Path:
    return shared_dir / "seed" / "000_d99df81b5c68d2d0.txt"


def test_parse_json_reports_the_seed(shared_dir: Path) -> None:
    result = runner.invoke(app, ["cable", "parse", str(seed_path(shared_dir)), "--format", "json"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["serial"] == "STATE 56778"
    assert [a["country"] for a in facts["to"]] == ["TR", "TM", "KZ", "KG", "TJ", "AF", "UZ"]
    assert facts["reporting_deadline"] == "2008-06-05"
    assert facts["slugs"] == ["EUR", "ISN", "SCA", "T"]


def test_parse_text_prints_a_table(shared_dir: Path) -> None:
    result = runner.invoke(app, ["cable", "parse", str(seed_path(shared_dir))])
    assert result.exit_code == 0, result.output
    assert "AMEMBASSY ANKARA" in result.stdout
    assert "(S//REL Recipients)" in result.stdout


def test_render_for_turkey_drops_noforn(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_text(NOFORN_CABLE, encoding="utf-8")
    result = runner.invoke(app, ["cable", "render", str(path), "--for", "TUR"])
    assert result.exit_code == 0, result.output
    assert "(S//REL TO USA, TUR) Releasable point for Ankara." in result.stdout
    assert "Internal assessment" not in result.stdout
    assert "Post is requested" not in result.stdout
    assert result.stdout.splitlines()[0] == "SECRET//REL TO USA, TUR"
    assert result.stdout.splitlines()[-1] == "SECRET//REL TO USA, TUR"


def test_render_for_the_seed_gives_turkey_its_points_alone(shared_dir: Path) -> None:
    result = runner.invoke(app, ["cable", "render", str(seed_path(shared_dir)), "--for", "TUR"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "SECRET//REL TO USA, TUR"
    for word in ("KAZ", "Kazakhstan", "Astana", "Tashkent", "slug", "Posts are requested"):
        assert word not in result.stdout


def test_render_for_a_state_with_nothing_releasable_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_text(NOFORN_CABLE, encoding="utf-8")
    result = runner.invoke(app, ["cable", "render", str(path), "--for", "KAZ"])
    assert result.exit_code == 2
    assert "no talking point of STATE 000001 may go to KAZ: of the 2" in result.stderr


def test_render_refuses_a_cable_without_talking_points(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_text(NO_POINTS_CABLE, encoding="utf-8")
    result = runner.invoke(app, ["cable", "render", str(path), "--for", "TUR"])
    assert result.exit_code == 2
    assert "STATE 000001 marks no talking points" in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["cable", "parse", str(tmp_path / "none.txt")])
    assert result.exit_code == 2
    assert "none.txt: cannot read it: No such file" in " ".join(result.stderr.split())


def test_text_without_classification_line_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("just a note\n", encoding="utf-8")
    result = runner.invoke(app, ["cable", "parse", str(path)])
    assert result.exit_code == 2
    assert "note.txt:1:" in result.stderr


def test_parse_reads_many_files_as_json_lines_with_a_problem_summary(
    tmp_path: Path, shared_dir: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(NOFORN_CABLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing here that reads as a telegram\n", encoding="utf-8")
    result = runner.invoke(
        app, ["cable", "parse", str(seed_path(shared_dir)), str(good), str(bad), "--format", "json"]
    )
    assert result.exit_code == 2  # one file could not be read; the others are printed
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(line["file"]).name for line in lines] == [seed_path(shared_dir).name, "good.txt"]
    seed = lines[0]
    assert seed["classified_by"]["reasons"]["section"] == "1.4"
    assert seed["classified_by"]["name"]
    assert seed["point_of_contact"] is not None
    assert seed["point_of_contact"]["email"]
    assert "good.txt: no problems" in result.stderr
    assert "bad.txt: not read" in result.stderr


def test_parse_json_gives_classified_by_name_title_and_reasons(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_text(
        NOFORN_CABLE.replace(
            "E.O. 12958: DECL: 05/28/2018\n",
            "E.O. 12958: DECL: 05/28/2018\nTAGS: PREL PARM TU\nSUBJECT: TRANSIT OF CARGO\n\n"
            "Classified By: ISN Acting DAS Kenneth W. Staley,\nReasons 1.4 (b), (c), and (d)\n",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["cable", "parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["classified_by"] == {
        "by": "ISN Acting DAS Kenneth W. Staley",
        "name": "Kenneth W. Staley",
        "title": "ISN Acting DAS",
        "reasons": {"section": "1.4", "categories": ["b", "c", "d"]},
    }
    assert facts["to"][0]["precedence"] == "IMMEDIATE"
