"""The rows ``overflight route`` writes: one pass over many routes gives, row for row, what
the general JSON rule gives for each route and transit, and the batch file holds exactly them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from overflight.cli import app
from overflight.errors import ParseError
from overflight.model.jsonable import json_line, to_jsonable
from overflight.services.routes import (
    RouteRequest,
    batch_rows,
    batch_transits,
    read_route_batch,
    route_rows,
    route_transits,
)

ROUTES = [
    RouteRequest(("ZKPY", "OSDI"), "2008-06-01T22:00Z", "N0430"),
    RouteRequest(("NFFN", "NSFA"), "2008-06-01T06:00Z", "M082"),
    RouteRequest(("LMML", "LICC")),
    RouteRequest(("41N069E", "UBBB", "UTAK"), "2008-06-01T00:00Z", "K0800"),
]


def _by_the_general_rule(result) -> dict:
    transits = [{**to_jsonable(t), "distance_m": round(t.distance_m, 1)} for t in result.transits]
    return {"route": to_jsonable(result.route), "transits": transits}


def test_rows_of_many_routes_equal_the_general_rule_route_by_route():
    results = [route_transits(request) for request in ROUTES]
    assert route_rows(results) == [_by_the_general_rule(r) for r in results]
    assert route_rows([]) == []


def test_kept_times_are_the_same_times():
    results = [route_transits(request) for request in ROUTES]
    kept = route_rows(results, keep_times=True)
    first = kept[0]["transits"][0]
    assert first["entered_at"] == results[0].transits[0].entered_at
    assert kept[2]["transits"][0]["entered_at"] is None


def test_the_batch_file_holds_the_rows_of_its_routes(tmp_path: Path):
    batch = tmp_path / "routes.csv"
    lines = ["departure,destination,via,departure_time,speed"]
    lines += [
        f"{r.points[0]},{r.points[-1]},{' '.join(r.points[1:-1])},{r.departure_time},{r.speed}"
        for r in ROUTES
    ] * 20  # more than one group of rows written together
    batch.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["route", "--batch", str(batch), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    requests, errors = read_route_batch(batch)
    assert errors == []
    expected = [
        {"line": request.line, **_by_the_general_rule(found)}
        for request, found in zip(requests, batch_transits(requests, batch), strict=True)
    ]
    assert written == expected
    assert len(written) == 80


def test_batch_rows_write_the_bytes_of_route_rows_and_keep_errors_in_place(tmp_path: Path):
    bad = RouteRequest(("ZKPY", "NOWHERE"))
    requests = [
        RouteRequest(r.points, r.departure_time, r.speed, n)
        for n, r in enumerate([*ROUTES, bad, *ROUTES], start=1)
    ]
    rows = list(batch_rows(requests, tmp_path / "routes.csv"))
    assert isinstance(rows[len(ROUTES)], ParseError)
    assert rows[len(ROUTES)].line == len(ROUTES) + 1
    found = [r for r in rows if not isinstance(r, ParseError)]
    good = [r for r in requests if r.points != bad.points]
    results = [route_transits(r) for r in good]
    rows_by_rule = route_rows(results, keep_times=True)
    expected = [{"line": r.line, **row} for r, row in zip(good, rows_by_rule, strict=True)]
    assert [json_line(row) for row in found] == [json_line(row) for row in expected]
