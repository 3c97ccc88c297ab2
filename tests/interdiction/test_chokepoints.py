import itertools
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.errors import InputError
from overflight.interdiction import FeasibleRoute
from overflight.interdiction.chokepoints import (
    OracleContractError,
    find_blocking_sets,
    verify_blocking_set,
)
from overflight.interdiction.graph_world import GraphRouteOracle, GraphWorld, WorldEdge, WorldNode
from overflight.interdiction.oracle import CachedRouteOracle


def _world(
    nodes: Iterable[tuple[str, str] | tuple[str, str, bool]],
    edges: Iterable[tuple[str, str, float]],
    range_km: float = 1_000,
) -> GraphRouteOracle:
    world = GraphWorld(
        [WorldNode(*node) for node in nodes], [WorldEdge(a, b, km) for a, b, km in edges]
    )
    return GraphRouteOracle(world, "D", "T", range_km)


def _not_ends(state: str) -> bool:
    return state not in {"AA", "EE"}


def _sets(oracle: GraphRouteOracle, max_size: int = 4) -> set[frozenset[str]]:
    search = find_blocking_sets(oracle, _not_ends, max_size=max_size)
    for blocking in search.sets:
        assert verify_blocking_set(oracle, blocking)
    return {frozenset(blocking.states) for blocking in search.sets}


def test_chain_every_state_on_the_only_path_is_a_chokepoint() -> None:
    oracle = _world(
        [("D", "AA"), ("X", "BB"), ("Y", "CC"), ("T", "EE")],
        [("D", "X", 100), ("X", "Y", 100), ("Y", "T", 100)],
    )
    assert _sets(oracle) == {frozenset({"BB"}), frozenset({"CC"})}


def test_diamond_needs_one_state_from_each_corridor() -> None:
    oracle = _world(
        [("D", "AA"), ("N1", "BB"), ("N2", "CC"), ("S1", "FF"), ("S2", "GG"), ("T", "EE")],
        [
            ("D", "N1", 100), ("N1", "N2", 100), ("N2", "T", 100),
            ("D", "S1", 100), ("S1", "S2", 100), ("S2", "T", 100),
        ],
    )  # fmt: skip
    expected = {frozenset(pair) for pair in itertools.product(("BB", "CC"), ("FF", "GG"))}
    assert _sets(oracle) == expected
    assert _sets(oracle, max_size=1) == set()


def test_sea_route_around_a_ring_of_denying_neighbours_cannot_be_blocked() -> None:
    oracle = _world(
        [
            ("D", "AA"), ("T", "EE"),
            ("R1", "R1"), ("R2", "R2"), ("R3", "R3"),
            ("s1", "", False), ("s2", "", False),
        ],
        [
            ("D", "R1", 100), ("R1", "T", 100), ("D", "R2", 100), ("R2", "T", 100),
            ("R3", "T", 100), ("D", "s1", 300), ("s1", "s2", 300), ("s2", "T", 300),
        ],
    )  # fmt: skip
    search = find_blocking_sets(oracle, _not_ends, base_denied={"R1", "R2", "R3"})
    assert search.route is not None
    assert search.route.states == {"AA", "EE"}
    assert search.sets == ()
    with_destination = find_blocking_sets(
        oracle, lambda state: state != "AA", base_denied={"R1", "R2", "R3"}
    )
    assert [blocking.states for blocking in with_destination.sets] == [("EE",)]


def test_range_limit_forces_a_stop_that_becomes_the_chokepoint() -> None:
    nodes: list[tuple[str, str] | tuple[str, str, bool]] = [
        ("D", "AA"), ("P", "PP"), ("T", "EE"), ("w", "", False)
    ]  # fmt: skip
    edges: list[tuple[str, str, float]] = [
        ("D", "P", 600),
        ("P", "T", 600),
        ("D", "w", 400),
        ("w", "T", 850),
    ]
    assert _sets(_world(nodes, edges, range_km=1_300)) == set()
    short = _world(nodes, edges, range_km=1_000)
    search = find_blocking_sets(short, _not_ends)
    assert [blocking.states for blocking in search.sets] == [("PP",)]
    (reopened,) = search.sets[0].reopened
    assert reopened.state == "PP"
    assert reopened.route.technical_stops == ("P",)


def test_impossible_request_gives_no_route_and_the_reason() -> None:
    oracle = _world([("D", "AA"), ("X", "BB"), ("T", "EE")], [("D", "X", 900), ("X", "T", 900)])
    tight = GraphRouteOracle(oracle.world, "D", "T", 500)
    search = find_blocking_sets(tight, _not_ends)
    assert search.route is None
    assert search.sets == ()
    assert "500 km" in search.no_route_reason
    assert "D" in search.no_route_reason
    closed = find_blocking_sets(oracle, _not_ends, base_denied={"BB"})
    assert closed.route is None
    assert "BB" in closed.no_route_reason


def test_proof_routes_avoid_every_other_member() -> None:
    oracle = _world(
        [("D", "AA"), ("N1", "BB"), ("S1", "FF"), ("T", "EE")],
        [("D", "N1", 100), ("N1", "T", 100), ("D", "S1", 100), ("S1", "T", 100)],
    )
    (blocking,) = find_blocking_sets(oracle, _not_ends).sets
    assert blocking.states == ("BB", "FF")
    assert oracle.find_route(blocking.denied) is None
    for reopened in blocking.reopened:
        assert reopened.state in reopened.route.states
        assert not reopened.route.states & (blocking.denied - {reopened.state})


class _CountingOracle:
    def __init__(self, inner: GraphRouteOracle) -> None:
        self.inner = inner
        self.asked: list[frozenset[str]] = []

    def find_route(self, denied: frozenset[str]) -> FeasibleRoute | None:
        self.asked.append(denied)
        return self.inner.find_route(denied)


def test_oracle_is_asked_once_per_denied_set() -> None:
    counting = _CountingOracle(
        _world(
            [("D", "AA"), ("N1", "BB"), ("S1", "FF"), ("T", "EE")],
            [("D", "N1", 100), ("N1", "T", 100), ("D", "S1", 100), ("S1", "T", 100)],
        )
    )
    cached = CachedRouteOracle(counting)
    search = find_blocking_sets(cached, _not_ends)
    assert len(counting.asked) == len(set(counting.asked)) == search.oracle_calls
    assert cached.lookups >= cached.calls


class _LeakyOracle:
    def find_route(self, denied: frozenset[str]) -> FeasibleRoute | None:
        return FeasibleRoute(("D", "T"), (), 1.0, frozenset({"BB"}), frozenset({"AA", "EE"}))


def test_a_route_through_a_denied_state_breaks_the_contract() -> None:
    with pytest.raises(OracleContractError, match="BB"):
        find_blocking_sets(_LeakyOracle(), _not_ends, base_denied={"BB"})


def test_negative_max_size_is_refused() -> None:
    with pytest.raises(InputError):
        find_blocking_sets(_LeakyOracle(), _not_ends, max_size=-1)


STATES = ("AA", "BB", "CC", "DD", "FF", "EE", "")


@st.composite
def oracles(draw: st.DrawFn) -> GraphRouteOracle:
    count = draw(st.integers(3, 8))
    names = ["D", "T", *(f"n{i}" for i in range(count - 2))]
    nodes = [WorldNode("D", "AA"), WorldNode("T", "EE")] + [
        WorldNode(name, draw(st.sampled_from(STATES)), aerodrome=draw(st.booleans()))
        for name in names[2:]
    ]
    pairs = list(itertools.combinations(names, 2))
    chosen = draw(
        st.lists(st.sampled_from(pairs), min_size=min(4, len(pairs)), max_size=16, unique=True)
    )
    edges = [
        WorldEdge(
            a,
            b,
            draw(st.integers(1, 10)),
            frozenset(draw(st.sets(st.sampled_from(STATES[1:5]), max_size=1))),
        )
        for a, b in chosen
    ]
    return GraphRouteOracle(GraphWorld(nodes, edges), "D", "T", draw(st.integers(5, 25)))


def _brute_force(oracle: GraphRouteOracle, max_size: int) -> set[frozenset[str]]:
    candidates = sorted(state for state in oracle.world.states if _not_ends(state))
    blocking = {
        frozenset(subset)
        for size in range(max_size + 1)
        for subset in itertools.combinations(candidates, size)
        if oracle.find_route(frozenset(subset)) is None
    }
    return {found for found in blocking if not any(other < found for other in blocking)}


@settings(max_examples=150, deadline=None)
@given(oracles(), st.integers(0, 3))
def test_search_finds_exactly_the_minimal_sets_brute_force_finds(
    oracle: GraphRouteOracle, max_size: int
) -> None:
    search = find_blocking_sets(oracle, _not_ends, max_size=max_size)
    expected = _brute_force(oracle, max_size)
    if search.route is None:
        assert expected == {frozenset()}
        assert search.sets == ()
        return
    assert {frozenset(blocking.states) for blocking in search.sets} == expected
    for blocking in search.sets:
        assert oracle.find_route(blocking.denied) is None
        for state in blocking.states:
            assert oracle.find_route(blocking.denied - {state}) is not None
    sizes = [blocking.size for blocking in search.sets]
    assert sizes == sorted(sizes)


class _NowhereOracle:
    def find_route(self, denied: frozenset[str]) -> FeasibleRoute | None:
        return None


def test_an_oracle_without_explanations_still_gets_a_reason() -> None:
    search = find_blocking_sets(_NowhereOracle(), _not_ends, base_denied={"ZZ", "BB"})
    assert search.route is None
    assert search.no_route_reason == "with BB, ZZ denied, the route oracle finds no feasible route"
    assert search.oracle_calls == 1
