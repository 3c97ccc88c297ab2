"""``overflight chokepoints`` and ``overflight routes`` through the real CLI.

Cairo (HECA) to Damascus (OSDI) keeps each run to a second or so: a short flight over the
eastern Mediterranean, whose geography gives the answers (reasoning in each test).
"""

import json
from pathlib import Path

from typer.testing import CliRunner

from overflight.cables.posts import post_named
from overflight.cli import app

runner = CliRunner()
SMALL = ("--aircraft", "IL76", "--grid-deg", "0.5", "--detour", "2.0")
RING = ("TR", "IQ", "JO", "IL", "LB")  # Syria's land neighbours


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_chokepoints_cairo_damascus_nothing_blocks_the_sea_approach():
    # Egypt to Syria can be flown over the Mediterranean (international beyond 12 NM) into
    # Syria's own sea: a route touching only the end states, so no candidate set blocks it.
    result = run("chokepoints", "HECA", "OSDI", *SMALL, "--as-of", "2026-11-29",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["route"]["stops"][0] == "HECA"
    assert data["route"]["stops"][-1] == "OSDI"
    assert data["answers"] == []
    assert data["unavoidable_states"] == []
    assert data["stances_as_of"] == "2026-11-29"


def test_chokepoints_including_the_destination_finds_it_alone_with_its_posts():
    # Denying the destination state closes its aerodromes and airspace: {SY} blocks every route
    # by itself, and the post covering Syria is the embassy the cables table files under SY.
    result = run("chokepoints", "HECA", "OSDI", *SMALL, "--include", "Syria", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [a["states"] for a in data["answers"]] == [["SY"]]
    assert data["unavoidable_states"] == ["SY"]
    assert post_named("AMEMBASSY DAMASCUS").name in data["answers"][0]["posts"]["SY"]
    proof = data["answers"][0]["proof"]
    assert [p["reopened"] for p in proof] == ["SY"]


def test_chokepoints_table_names_the_states_and_the_proof():
    result = run("chokepoints", "HECA", "OSDI", *SMALL, "--include", "SY", "--stance",
                 "SY=cooperating")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Syria" in result.stdout
    assert "DAMASCUS" in result.stdout  # the table may wrap the post name
    assert "every route must cross or land in: SY" in result.stdout


def test_routes_with_the_ring_denied_avoid_it(tmp_path: Path):
    denials = [arg for state in RING for arg in ("--deny", state)]
    out = tmp_path / "ring.svg"
    result = run("routes", "HECA", "OSDI", *SMALL, *denials, "--count", "2", "--format", "json",
                 "--map", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert 1 <= len(data["options"]) <= 2
    for option in data["options"]:
        touched = set(option["overflown_states"]) | set(option["landing_states"])
        assert not touched & set(RING)
    distances = [o["distance_km"] for o in data["options"]]
    assert distances == sorted(distances)
    assert out.read_text().lstrip().startswith("<")


def test_routes_table_lists_options():
    result = run("routes", "HECA", "OSDI", *SMALL, "--count", "1")
    assert result.exit_code == 0, result.output
    assert "HECA → OSDI" in result.stdout
    assert "1 route options" in result.stdout


def test_routes_with_the_departure_state_denied_says_no_route_and_why():
    result = run("routes", "HECA", "OSDI", *SMALL, "--deny", "EG")
    assert result.exit_code == 0, result.output
    assert "no route" in result.stdout
    assert "departure HECA is in EG" in result.stdout


def test_bad_input_is_one_line_and_exit_code_2():
    cases = [
        (("routes", "HECA", "OSDI", "--aircraft", "IL67"), "IL67"),
        (("routes", "HECX", "OSDI", "--aircraft", "IL76"), "HECX"),
        (("chokepoints", "HECA", "OSDI", "--aircraft", "IL76", "--stance", "TR=friendly"),
         "friendly"),
        (("chokepoints", "HECA", "OSDI", "--aircraft", "IL76", "--stance", "TR"), "STATE=STANCE"),
        (("chokepoints", "HECA", "OSDI", "--aircraft", "IL76", "--include", "Narnia"), "Narnia"),
        (("routes", "HECA", "OSDI", "--aircraft", "IL76", "--count", "0"), "--count"),
        (("routes", "HECA", "OSDI", "--aircraft", "IL76/MD"), "IL76/MD"),
    ]  # fmt: skip
    for args, word in cases:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 2, (args, result.output)
        assert word in result.stderr, (args, result.stderr)
