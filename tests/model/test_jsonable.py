"""JSON data of domain values: the converters written out for routes and transits give what
the general rule gives, floats are rounded as ``round`` rounds them, and JSON lines write times
as ``isoformat`` does."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from overflight.geo import find_transits_many, load_airspace, parse_point, parse_time, plan_route
from overflight.model.geo import Aerodrome, GeoPoint, Route, RoutePoint, Transit
from overflight.model.jsonable import _FAST, _reflected, json_line, round_floats, to_jsonable
from overflight.model.speed import parse_speed

PLUS_2_30 = timezone(timedelta(hours=2, minutes=30))
ROUTES = [("ZKPY", "OSDI"), ("NFFN", "NSFA"), ("LMML", "LICC"), ("41N069E", "UBBB", "UTAK")]


@pytest.fixture(scope="module")
def values() -> list[object]:
    timed = [
        plan_route(
            [parse_point(p) for p in points],
            departure=parse_time("2008-06-01T22:17Z", "--departure"),
            speed=parse_speed("N0450", "--speed"),
        )
        for points in ROUTES
    ]
    untimed = [plan_route([parse_point(p) for p in points]) for points in ROUTES]
    routes = timed + untimed
    transits = [t for found in find_transits_many(routes, load_airspace()) for t in found]
    points = [p for route in routes for p in route.points]
    aerodromes = [p.aerodrome for p in points if p.aerodrome]
    odd = [
        GeoPoint(39, -125),  # ints where floats are annotated
        RoutePoint("X", GeoPoint(1.0, 2.0), 0, datetime(2008, 1, 1, tzinfo=PLUS_2_30)),
        dataclasses.replace(transits[0], entered_at=None, exited_at=None),
    ]
    return [*routes, *transits, *points, *aerodromes, *odd]


def test_every_written_out_converter_gives_what_the_general_rule_gives(values):
    kinds = {type(v) for v in values}
    assert kinds == {Route, Transit, RoutePoint, Aerodrome, GeoPoint}
    for value in values:
        for keep in (False, True):
            assert _FAST[type(value)](value, keep) == _reflected(value, (), keep), value


def test_the_written_out_converters_name_every_field_in_order(values):
    for value in values:
        fields = [f.name for f in dataclasses.fields(value)]
        assert list(_FAST[type(value)](value, False)) == fields


def test_leave_out_takes_the_general_rule(values):
    route = next(v for v in values if isinstance(v, Route))
    assert to_jsonable(route, leave_out=("points",)) == {"distance_m": round(route.distance_m, 6)}


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=50))
def test_round_floats_rounds_as_round_does(values):
    for digits in (6, 1):
        got = round_floats(values, digits)
        for x, y in zip(got, (round(v, digits) for v in values), strict=True):
            assert (math.isnan(x) and math.isnan(y)) or (
                x == y and math.copysign(1, x) == math.copysign(1, y)
            )


@pytest.mark.parametrize(
    "value",
    [5e-7, -5e-7, 2.5e-6, 0.0078125, 1 / 3, 123456.1234565, 1e9, -0.0, 1e-300, 2.0**52 + 0.5],
)
def test_round_floats_on_halves_and_edges(value):
    assert round_floats([value]) == [round(value, 6)]


def test_json_lines_write_times_as_isoformat_does_naive_ones_as_utc():
    times = [
        datetime(2008, 6, 1, 1, 0, tzinfo=UTC),
        datetime(2008, 6, 1, 1, 0, 0, 500, tzinfo=UTC),
        datetime(2008, 6, 1, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
        datetime(2008, 6, 1, 1, 2, 3),
    ]
    line = json_line({"times": times, "name": "Türkiye", "x": 0.1})
    assert line.endswith(b"\n")
    assert json.loads(line) == {
        "times": [t.isoformat() for t in times[:3]] + ["2008-06-01T01:02:03+00:00"],
        "name": "Türkiye",
        "x": 0.1,
    }
    assert orjson.loads(line) == json.loads(line)
