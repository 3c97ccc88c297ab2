import json
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_route_prints_a_table_of_transits():
    result = run("route", "ZKPY", "OSDI", "--departure", "2008-06-01T01:00Z", "--speed", "N0430")
    assert result.exit_code == 0, result.output
    for name in ("North Korea", "Mongolia", "Kazakhstan", "Azerbaijan", "Türkiye", "Syria"):
        assert name in result.stdout
    assert "01:00" in result.stdout


def test_route_table_times_carry_their_date():
    # ZKPY-OSDI leaves at 22:00 UTC and lands the next day: each time says which day it is
    result = runner.invoke(
        app,
        ["route", "ZKPY", "OSDI", "--departure", "2008-06-01T22:00Z", "--speed", "N0430"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "off blocks 2008-06-01 22:00Z" in result.stdout
    assert "06-01 22:00Z" in result.stdout
    assert "06-02 " in result.stdout


def test_route_json_lists_transits_in_order_with_times():
    result = run("route", "ZKPY", "OSDI", "--departure", "2008-06-01T01:00Z", "--speed", "N0430",
                 "--format", "json")  # fmt: skip
    data = json.loads(result.stdout)
    transits = data["transits"]
    assert transits[0]["state"] == "KP"
    assert transits[-1]["state"] == "SY"
    assert transits[0]["entered_at"] == "2008-06-01T01:00:00+00:00"
    assert sum(t["distance_m"] for t in transits) == pytest.approx(
        data["route"]["distance_m"], rel=1e-6
    )


def test_route_geojson_is_a_feature_collection_split_at_the_antimeridian():
    result = run("route", "NFFN", "NSFA", "--format", "geojson")
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    lines = [f for f in data["features"] if f["properties"]["role"] == "transit"]
    assert lines[0]["properties"]["state"] == "FJ"
    for feature in lines:
        for line in feature["geometry"]["coordinates"]:
            lons = [x for x, _ in line]
            assert all(-180 <= x <= 180 for x in lons)
            assert max(abs(a - b) for a, b in pairwise(lons)) < 10


def test_route_via_points_are_visited_in_order():
    result = run("route", "ZKPY", "OSDI", "--via", "UHHH", "--via", "UUEE", "--format", "json")
    names = [p["name"] for p in json.loads(result.stdout)["route"]["points"]]
    assert names == ["ZKPY", "UHHH", "UUEE", "OSDI"]


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_route_draws_a_map(tmp_path, suffix):
    path = tmp_path / f"route.{suffix}"
    result = run("route", "ZKPY", "OSDI", "--map", str(path))
    assert result.exit_code == 0, result.output
    content = path.read_bytes()
    if suffix == "svg":
        text = content.decode()
        assert text.lstrip().startswith("<?xml")
        for name in ("Mongolia", "Kazakhstan", "Syria", "ZKPY", "OSDI"):
            assert name in text
    else:
        assert content[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ZKPP", "OSDI"], "DEPARTURE: "),
        (["ZKPY", "XXXX"], "DESTINATION: "),
        (["ZKPY", "OSDI", "--speed", "N45"], "--speed: 'N45' is not a speed"),
        (["ZKPY", "OSDI", "--departure", "1 June", "--speed", "N0450"], "--departure: "),
        (["ZKPY", "OSDI", "--departure", "2008-06-01T01:00Z"], "--speed: "),
        (["ZKPY", "OSDI", "--via", "99N000E"], "--via: "),
        (["ZKPY"], "give DEPARTURE and DESTINATION"),
        (["ZKPY", "OSDI", "--map", "route.txt"], "--map: "),
    ],
)
def test_route_bad_input_is_one_clear_line_and_exit_code_2(args, message):
    result = run("route", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unknown_aerodrome_error_offers_close_matches():
    result = run("route", "ZKPP", "OSDI")
    assert "ZKPY" in result.stderr


def test_batch_goes_on_past_bad_lines_and_reports_them_at_the_end(tmp_path):
    batch = tmp_path / "routes.csv"
    batch.write_text(
        "departure,destination,via,departure_time,speed\n"
        "ZKPY,OSDI,,2008-06-01T01:00Z,N0450\n"
        "ZKPY,QQQQ,,,\n"
        "# a comment\n"
        "UBBB,UTAK,,,\n"
        "LFPG,RJBB,,yesterday,M083\n"
        "ZKPY\n"
        "NFFN,NSFA,,,,,\n"
    )
    out = tmp_path / "out.jsonl"
    result = run("route", "--batch", str(batch), "--out", str(out))
    assert result.exit_code == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["line"] for row in rows] == [2, 5]
    assert rows[1]["transits"][1]["state"] == ""
    # a row names its column, as the file does (the command line names its flags)
    bad = {3: "destination: ", 6: "departure_time: ", 7: "a route needs a departure", 8: "7 cells"}
    said = " ".join(result.stderr.split())
    for line, what in bad.items():
        assert f"routes.csv:{line}: {what}" in said
    assert "2 routes written, 4 bad lines" in result.stderr


def test_batch_writes_json_lines_to_stdout_by_default(tmp_path):
    batch = tmp_path / "routes.csv"
    batch.write_text("UBBB,UTAK\nLMML,LICC\n")
    result = run(
        "route", "--batch", str(batch), "--speed", "N0400", "--departure", "2008-06-01T06:00Z"
    )
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["transits"][0]["state"] for row in rows] == ["AZ", "MT"]
    assert rows[0]["transits"][0]["entered_at"] == "2008-06-01T06:00:00+00:00"


def test_batch_file_that_does_not_exist_is_an_error(tmp_path):
    result = run("route", "--batch", str(tmp_path / "none.csv"))
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())
    assert "none.csv: cannot read it: No such file or directory" in said


STORY = Path(__file__).parents[2] / "src" / "overflight" / "story"


def test_fpl_routes_the_filed_plan_and_checks_its_eet_firs():
    result = run("route", "--fpl", str(STORY / "01-fpl.txt"),
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    states = [t["state"] for t in plan["transits"] if t["state"]]
    # The filed points run from China through Kazakhstan, Kyrgyzstan, the Fergana valley
    # (Uzbekistan, Tajikistan), Afghanistan, Turkmenistan, Iran (over a corner of the Caspian)
    # and Turkey: every FIR declared in EET/ is entered.
    assert is_subsequence(
        ["KP", "CN", "KZ", "KG", "UZ", "TJ", "AF", "TM", "IR", "TR", "SY"], states
    )
    assert plan["crossed_undeclared"] == []
    assert plan["declared_uncrossed"] == []
    assert plan["transits"][0]["entered_at"] == "2008-02-01T01:00:00+00:00"
    assert "1 flight plans routed, 0 problems" in result.stderr


def test_fpl_flags_states_crossed_without_an_eet_fir(tmp_path):
    plan = tmp_path / "fpl.txt"
    # Tashkent to Ashgabat direct crosses Turkmenistan only after Uzbekistan; declaring only
    # Ashgabat FIR is right, but a route bent north through 4330N06000E enters Kazakhstan.
    plan.write_text(
        "(FPL-TEST1-IN-IL76/H-S/C-UTTT0100-N0430F330 DCT 4330N06000E DCT-UTAA0300"
        "-DOF/080201 EET/UTAA0100)\n"
        "(FPL-BROKEN-IN-IL76/H-S/C-UTTT0100-N0430F330 DCT-QQQQ0300-DOF/080201)\n"
    )
    result = run("route", "--fpl", str(plan), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["crossed_undeclared"] == ["KZ"]
    assert "fpl.txt" in result.stderr
    assert "field 16" in result.stderr


def is_subsequence(wanted, seen):
    it = iter(seen)
    return all(state in it for state in wanted)


def test_fpl_places_a_bad_route_point_at_its_line_and_column_once(tmp_path):
    # Field 15 runs over five lines; the bad point is on the second. The error names the field
    # once, at the point's place in the file (it used to read "111: field 15: …", a column in
    # the folded field that looked like a second field number).
    text = (STORY / "01-fpl.txt").read_text().replace("4017N06937E", "4017N6937E")
    plan = tmp_path / "fpl.txt"
    plan.write_text(text)
    start = text.index("4017N6937E")
    line = text.count("\n", 0, start) + 1
    column = start - text.rindex("\n", 0, start)
    result = run("route", "--fpl", str(plan))
    assert result.exit_code == 1
    assert " ".join(result.stderr.split()).startswith(
        f"not routed {plan}:{line}:{column}: message 1: field 15: '4017N6937E' is not a point,"
    )
