"""Cancelling an analysis part-way: the search, the route options and the real oracle stop at
their next check with ``AnalysisCancelledError``, and ask no more of the geography after it."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from overflight.errors import OverflightError
from overflight.interdiction import (
    AirspaceRouteOracle,
    CorridorSettings,
    FeasibleRoute,
    default_stance_table,
    find_chokepoints,
    find_route_options,
    never_cancelled,
)
from overflight.interdiction.cancellation import AnalysisCancelledError
from overflight.interdiction.chokepoints import find_blocking_sets
from overflight.interdiction.graph_world import GraphRouteOracle, GraphWorld, WorldEdge, WorldNode

DAY = date(2026, 11, 29)


class CountingOracle:
    """A graph oracle that counts its calls, and cancels the analysis after ``stop_after``."""

    def __init__(self, inner: GraphRouteOracle, stop_after: int) -> None:
        self.inner = inner
        self.stop_after = stop_after
        self.calls = 0

    def find_route(self, denied: frozenset[str]) -> FeasibleRoute | None:
        self.calls += 1
        return self.inner.find_route(denied)

    def is_cancelled(self) -> bool:
        return self.calls >= self.stop_after


def _ladder() -> GraphRouteOracle:
    """Three parallel corridors from D (AA) to T (EE), each through two states of its own."""
    nodes = [WorldNode("D", "AA"), WorldNode("T", "EE")]
    edges = []
    for rung, (first, second) in enumerate((("BB", "CC"), ("FF", "GG"), ("HH", "JJ"))):
        a, b = f"{first}{rung}", f"{second}{rung}"
        nodes += [WorldNode(a, first), WorldNode(b, second)]
        edges += [WorldEdge("D", a, 100 + rung), WorldEdge(a, b, 100), WorldEdge(b, "T", 100)]
    return GraphRouteOracle(GraphWorld(nodes, edges), "D", "T", 1_000)


def _not_ends(state: str) -> bool:
    return state not in {"AA", "EE"}


def test_never_cancelled_changes_nothing() -> None:
    plain = find_blocking_sets(_ladder(), _not_ends, max_size=3)
    checked = find_blocking_sets(_ladder(), _not_ends, max_size=3, is_cancelled=never_cancelled)
    assert [b.states for b in checked.sets] == [b.states for b in plain.sets]
    assert len(plain.sets) == 8  # one state of each corridor: 2 × 2 × 2


@pytest.mark.parametrize("stop_after", [1, 2, 5])
def test_the_search_asks_no_more_routes_once_cancelled(stop_after: int) -> None:
    oracle = CountingOracle(_ladder(), stop_after)
    with pytest.raises(AnalysisCancelledError) as stopped:
        find_blocking_sets(oracle, _not_ends, max_size=3, is_cancelled=oracle.is_cancelled)
    assert oracle.calls == stop_after
    assert isinstance(stopped.value, OverflightError)  # the interfaces' one error tree
    assert "analysis cancelled while" in str(stopped.value)


def test_chokepoints_pass_the_check_down() -> None:
    oracle = CountingOracle(_ladder(), 3)
    stances = default_stance_table().as_of(DAY)
    with pytest.raises(AnalysisCancelledError):
        find_chokepoints(
            oracle,
            stances,
            departure_state="AA",
            destination_state="EE",
            max_size=3,
            include=["BB", "CC", "FF", "GG", "HH", "JJ"],
            is_cancelled=oracle.is_cancelled,
        )
    assert oracle.calls == 3


def test_route_options_stop_when_cancelled() -> None:
    oracle = CountingOracle(_ladder(), 2)
    with pytest.raises(AnalysisCancelledError) as stopped:
        find_route_options(oracle, 3, keep_open={"AA", "EE"}, is_cancelled=oracle.is_cancelled)
    assert oracle.calls == 2
    assert "route options" in str(stopped.value)


def test_the_route_graph_build_stops_when_cancelled() -> None:
    asked: list[int] = []

    def second_time() -> bool:
        asked.append(1)
        return len(asked) >= 2  # let the build start, then cancel it

    with pytest.raises(AnalysisCancelledError) as stopped:
        AirspaceRouteOracle(
            "UBBB",
            "UTAK",
            5_000,
            settings=CorridorSettings(grid_deg=1.0),
            is_cancelled=second_time,
        )
    assert "building the route graph" in str(stopped.value)
    assert len(asked) == 2


def test_the_real_oracle_stops_before_a_route_search() -> None:
    stop = threading.Event()
    oracle = AirspaceRouteOracle(
        "UBBB", "UTAK", 5_000, settings=CorridorSettings(grid_deg=1.0), is_cancelled=stop.is_set
    )
    assert oracle.find_route(frozenset()) is not None
    stop.set()
    with pytest.raises(AnalysisCancelledError) as stopped:
        oracle.find_route(frozenset({"GE"}))
    assert "searching for routes" in str(stopped.value)
