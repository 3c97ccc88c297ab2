import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.errors import InputError
from overflight.interdiction.graph_world import GraphRouteOracle, GraphWorld, WorldEdge, WorldNode

NONE: frozenset[str] = frozenset()


def _line(range_km: float) -> GraphRouteOracle:
    # D(AA) -600- P(PP) -600- T(EE), and a sea detour D -400- w -850- T with no aerodrome on it.
    world = GraphWorld(
        [
            WorldNode("D", "AA"),
            WorldNode("P", "PP"),
            WorldNode("T", "EE"),
            WorldNode("w", "", aerodrome=False),
        ],
        [
            WorldEdge("D", "P", 600),
            WorldEdge("P", "T", 600),
            WorldEdge("D", "w", 400),
            WorldEdge("w", "T", 850),
        ],
    )
    return GraphRouteOracle(world, "D", "T", range_km)


def test_long_range_flies_nonstop_over_the_shortest_way() -> None:
    route = _line(1_300).find_route(NONE)
    assert route is not None
    assert route.stops == ("D", "T")
    assert route.distance_km == 1_200
    assert route.overflown_states == {"PP"}
    assert route.landing_states == {"AA", "EE"}


def test_short_range_must_stop_and_the_stop_state_is_a_landing_state() -> None:
    route = _line(1_000).find_route(NONE)
    assert route is not None
    assert route.stops == ("D", "P", "T")
    assert route.technical_stops == ("P",)
    assert route.landing_states == {"AA", "PP", "EE"}
    assert all(leg.distance_km <= 1_000 for leg in route.legs)


def test_denying_the_overflown_state_sends_the_route_over_the_sea() -> None:
    route = _line(1_300).find_route(frozenset({"PP"}))
    assert route is not None
    assert route.distance_km == 1_250
    assert route.states == {"AA", "EE"}
    assert _line(1_000).find_route(frozenset({"PP"})) is None


def test_no_route_explains_range_and_closed_ends() -> None:
    oracle = _line(500)
    assert oracle.find_route(NONE) is None
    assert "500 km" in oracle.explain_no_route(NONE)
    assert "departure D is in AA" in oracle.explain_no_route(frozenset({"AA"}))
    assert _line(1_300).find_route(frozenset({"EE"})) is None


def test_bad_worlds_are_refused() -> None:
    with pytest.raises(InputError, match="twice"):
        GraphWorld([WorldNode("A", "AA"), WorldNode("A", "BB")], [])
    with pytest.raises(InputError, match="unknown node"):
        GraphWorld([WorldNode("A", "AA")], [WorldEdge("A", "B", 1)])
    world = GraphWorld([WorldNode("A", "AA")], [])
    with pytest.raises(InputError):
        GraphRouteOracle(world, "A", "Z", 100)
    with pytest.raises(InputError):
        GraphRouteOracle(world, "A", "A", 0)


STATES = ("AA", "BB", "CC", "DD", "")


@st.composite
def worlds(draw: st.DrawFn) -> GraphRouteOracle:
    count = draw(st.integers(2, 7))
    nodes = [
        WorldNode(f"n{i}", draw(st.sampled_from(STATES)), aerodrome=draw(st.booleans()))
        for i in range(count)
    ]
    pairs = list(itertools.combinations(range(count), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=12, unique=True))
    edges = [
        WorldEdge(
            f"n{a}",
            f"n{b}",
            draw(st.integers(1, 10)),
            frozenset(draw(st.sets(st.sampled_from(STATES[:-1]), max_size=1))),
        )
        for a, b in chosen
    ]
    return GraphRouteOracle(GraphWorld(nodes, edges), "n0", "n1", draw(st.integers(3, 15)))


@settings(max_examples=200, deadline=None)
@given(worlds(), st.sets(st.sampled_from(STATES[:-1])), st.sets(st.sampled_from(STATES[:-1])))
def test_routes_avoid_denied_states_keep_range_and_denial_is_monotone(
    oracle: GraphRouteOracle, denied: set[str], more: set[str]
) -> None:
    closed = frozenset(denied)
    route = oracle.find_route(closed)
    if route is None:
        assert oracle.find_route(closed | more) is None
        return
    assert not route.states & closed
    assert route.stops[0] == "n0"
    assert route.stops[-1] == "n1"
    assert sum(leg.distance_km for leg in route.legs) == pytest.approx(route.distance_km)
    for leg, (origin, destination) in zip(route.legs, itertools.pairwise(route.stops), strict=True):
        assert leg.distance_km <= oracle.range_km
        assert (leg.origin, leg.destination) == (origin, destination)
    for stop in route.technical_stops:
        assert oracle.world.nodes[stop].aerodrome
