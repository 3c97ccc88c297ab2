"""The fast paths of transits give exactly what the plain ones give, bit for bit.

Batch sampling against ``sample_route`` one route at a time; the chord cull and the edge blocks
against testing every chord of every route against every edge of its cells; the whole-array
walk against the walk one crossing at a time. The routes: seeded pairs of international
airports, and routes chosen for their edge cases (many legs, a repeated point, ±180°, the
poles, a coast, points on cell corners).
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from overflight.geo import chords as chords_module
from overflight.geo import (
    find_transit_table,
    find_transits_many,
    load_airspace,
    parse_point,
    plan_route,
)
from overflight.geo.aerodromes import _codes
from overflight.geo.chords import (
    Chords,
    _cut_to_cells,
    _split_at_antimeridian,
    find_crossings,
    route_chords,
)
from overflight.geo.sampling import sample_route, sample_routes
from overflight.geo.transit_table import transits_of_table
from overflight.geo.transits import _transits_of_chunk
from overflight.model.geo import Route, RoutePoint

EDGE_CASES = [
    ("ZKPY", "UHHH", "UUEE", "OSDI"),  # several legs
    ("ZKPY", "ZKPY", "OSDI"),  # a leg of length zero
    ("NFFN", "NSFA"),  # Fiji to Samoa across ±180°
    ("UHMA", "PANC"),  # Chukotka to Alaska across ±180°
    ("PHNL", "RJTT", "ZKPY"),
    ("ENSB", "PABR"),  # Svalbard to Utqiagvik, over the Arctic
    ("SCCI", "NZCH"),  # the far south
    ("LMML", "LICC"),  # a short hop between islands
    ("41N069E", "42N070E"),  # points on cell corners
    ("41.25,69.5", "41.25,72.5"),  # along a row of cells
    ("40N030E", "40N030E", "45N035E"),
]


@pytest.fixture(scope="module")
def airspace():
    return load_airspace()


@pytest.fixture(scope="module")
def routes() -> list[Route]:
    airports = sorted(
        (a for a in _codes().by_icao.values() if a.iata and "International" in a.name),
        key=lambda a: a.icao,
    )
    rng = random.Random(17)
    pairs = [rng.sample(airports, 2) for _ in range(250)]
    seeded = [
        plan_route([RoutePoint(a.icao, a.position), RoutePoint(b.icao, b.position)])
        for a, b in pairs
    ]
    special = [plan_route([parse_point(p) for p in points]) for points in EDGE_CASES]
    return special + seeded


def _same_arrays(a, b) -> bool:
    return all(
        np.array_equal(getattr(a, name), getattr(b, name))
        and getattr(a, name).dtype == getattr(b, name).dtype
        for name in a.__slots__
    )


def test_batch_sampling_gives_each_routes_points_bit_for_bit(routes):
    batch = sample_routes(routes)
    one_by_one = [sample_route(route) for route in routes]
    assert np.array_equal(batch.lon, np.concatenate([s[0] for s in one_by_one]))
    assert np.array_equal(batch.lat, np.concatenate([s[1] for s in one_by_one]))
    assert np.array_equal(batch.along, np.concatenate([s[2] for s in one_by_one]))
    sizes = [len(s[0]) for s in one_by_one]
    assert np.array_equal(batch.route, np.repeat(np.arange(len(routes)), sizes))
    route_ends = np.cumsum(sizes)[:-1] - 1
    assert not batch.joined[route_ends].any()
    assert batch.joined.sum() == len(batch.lon) - len(routes)


def _every_chord(routes: list[Route]) -> Chords:
    """Every chord of every route, uncut by any test of nearness: the plain way."""
    points = sample_routes(routes)
    keep = points.joined
    return _cut_to_cells(
        _split_at_antimeridian(
            Chords(
                points.route[:-1][keep],
                points.lon[:-1][keep],
                points.lat[:-1][keep],
                points.lon[1:][keep],
                points.lat[1:][keep],
                points.along[:-1][keep],
                (points.along[1:] - points.along[:-1])[keep],
                np.zeros(int(keep.sum()), dtype=bool),
            )
        )
    )


def test_culled_chords_and_edge_blocks_find_every_crossing_bit_for_bit(
    routes, airspace, monkeypatch
):
    for start in range(0, len(routes), 64):
        chunk = routes[start : start + 64]
        fast = find_crossings(route_chords(chunk, airspace), airspace)
        with monkeypatch.context() as plain:
            plain.setattr(chords_module, "_BLOCKS_FROM", 10**12)  # every edge of every cell
            slow = find_crossings(_every_chord(chunk), airspace)
        assert len(slow.route) > 0
        assert _same_arrays(fast, slow)


def test_the_cull_keeps_few_chords(routes, airspace):
    kept = route_chords(routes[len(EDGE_CASES) :], airspace)
    every = _every_chord(routes[len(EDGE_CASES) :])
    assert len(kept.x0) < len(every.x0) / 2


def test_whole_array_walk_equals_the_walk_one_crossing_at_a_time(routes, airspace):
    for start in range(0, len(routes), 64):
        chunk = routes[start : start + 64]
        assert _transits_of_chunk(chunk, airspace) == _transits_of_chunk(
            chunk, airspace, whole_arrays=False
        )


def test_batches_of_any_size_agree(routes, airspace):
    assert find_transits_many(routes[:40], airspace) == [
        find_transits_many([route], airspace)[0] for route in routes[:40]
    ]


def test_the_table_of_many_chunks_gives_the_transits_of_each_route(routes, airspace):
    table = find_transit_table(routes, airspace)  # several chunks, joined
    assert len(table.start) == len(routes) + 1
    assert transits_of_table(routes, table) == find_transits_many(routes, airspace)
