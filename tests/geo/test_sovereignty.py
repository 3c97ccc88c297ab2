"""``states_at`` checked against shapely point-in-polygon and against route transits."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from overflight.geo import find_transits, load_airspace, parse_point, plan_route, sample_route
from overflight.geo.sovereignty import locate_regions, states_at


@pytest.fixture(scope="module")
def airspace():
    return load_airspace()


def shapely_states(airspace, lon, lat) -> list[set[str]]:
    """Every state whose region contains each point (boundary included), by shapely alone."""
    which, region = airspace.tree.query(shapely.points(lon, lat), predicate="intersects")
    found: list[set[str]] = [set() for _ in lon]
    for i, k in zip(which.tolist(), region.tolist(), strict=True):
        found[i].add(airspace.codes[k])
    return found


def disagreements(lon, lat, ours, expected) -> list[tuple[float, float, str, set[str]]]:
    """Points where ours is not one of the states shapely finds ("" where it finds none)."""
    return [
        (x, y, s, e)
        for x, y, s, e in zip(lon, lat, ours, expected, strict=True)
        if (s not in e if e else s != "")
    ]


@pytest.mark.parametrize(
    ("lon", "lat", "state"),
    [
        (2.35, 48.85, "FR"),  # Paris
        (-30.0, 40.0, ""),  # mid-Atlantic
        (23.98, 49.67, "UA"),  # Lviv oblast, where the spoofed THY9BP "flew"
        (28.97, 41.0, "TR"),  # Istanbul
        (5.0, 53.5, "NL"),  # territorial sea north of the Wadden islands
        (5.0, 54.5, ""),  # North Sea beyond 12 NM
        (179.9, 65.0, "RU"),  # next to the antimeridian cut
        (-179.9, 65.5, "RU"),
        (0.0, -85.0, ""),  # Antarctica is international
    ],
)
def test_known_points(airspace, lon, lat, state):
    assert states_at([lon], [lat], airspace).tolist() == [state]


@pytest.mark.parametrize(
    ("box", "seed"),
    [
        ((-12.0, 34.0, 45.0, 72.0), 1),  # Europe: many borders and fjords
        ((25.0, 10.0, 65.0, 45.0), 2),  # Middle East, Gulf, Red Sea, Caspian
        ((95.0, -12.0, 140.0, 25.0), 3),  # South-East Asian islands and straits
        ((-180.0, -90.0, 180.0, 90.0), 4),  # the whole globe
    ],
)
def test_random_points_agree_with_shapely(airspace, box, seed):
    rng = np.random.default_rng(seed)
    lon = rng.uniform(box[0], box[2], 20_000)
    lat = rng.uniform(box[1], box[3], 20_000)
    ours = states_at(lon, lat, airspace).tolist()
    expected = shapely_states(airspace, lon, lat)
    wrong = disagreements(lon, lat, ours, expected)
    assert wrong == []


def test_points_just_off_boundaries_agree_with_shapely(airspace):
    """Points 1–500 m either side of real boundary vertices, where the exact test does the work."""
    rng = np.random.default_rng(5)
    edges = airspace.edges[rng.choice(len(airspace.edges), 20_000, replace=False)]
    mid_x, mid_y = (edges[:, 0] + edges[:, 2]) / 2, (edges[:, 1] + edges[:, 3]) / 2
    offset = rng.uniform(1e-5, 5e-3, len(edges)) * rng.choice([-1, 1], len(edges))
    angle = rng.uniform(0, 2 * np.pi, len(edges))
    lon, lat = mid_x + offset * np.cos(angle), mid_y + offset * np.sin(angle)
    lon = np.clip(lon, -180, 180)
    ours = states_at(lon, lat, airspace).tolist()
    expected = shapely_states(airspace, lon, lat)
    wrong = disagreements(lon, lat, ours, expected)
    assert wrong == []


@pytest.mark.parametrize(
    "ends",
    [
        ("LTFM", "ENGM"),  # Istanbul to Oslo (THY9BP)
        ("UUEE", "OSDI"),  # Moscow to Damascus
        ("OIII", "LATI"),  # Tehran to Tirana
        ("ZKPY", "OSDI"),
        ("WSSS", "RJTT"),  # Singapore to Tokyo, over the South China Sea
        ("EKCH", "EFHK"),  # Copenhagen to Helsinki over the Baltic
    ],
)
def test_points_answer_as_the_route_through_them(airspace, ends):
    route = plan_route([parse_point(e) for e in ends])
    transits = find_transits(route, airspace)
    lon, lat, along = sample_route(route, spacing_m=2_000.0)
    bounds = np.array([t.entry_m for t in transits[1:]])
    index = np.searchsorted(bounds, along, side="right")
    expected = np.array([t.state for t in transits])[index]
    far = np.min(np.abs(along[:, None] - np.append(bounds, -1e9)[None, :]), axis=1) > 150.0
    ours = states_at(lon, lat, airspace)
    assert far.sum() > 0.95 * len(far)
    assert ours[far].tolist() == expected[far].tolist()


def test_one_point_and_sea_regions(airspace):
    (region,) = locate_regions(5.0, 53.5, airspace)
    assert airspace.codes[region] == "NL"
    assert bool(airspace.is_sea[region])
    assert locate_regions([], [], airspace).tolist() == []
