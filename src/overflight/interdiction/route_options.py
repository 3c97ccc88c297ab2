"""The shortest few feasible routes that differ in the states they touch.

Lawler's scheme over states rather than edges: start with the shortest route; for each route
taken, ask the oracle for the shortest route avoiding, in addition, each one of its states (the
end states excepted, which no route can avoid). Routes come off a queue shortest first, so each
option is the shortest route avoiding some set of states touched by earlier options, and an
option touching exactly the states of an earlier one is skipped.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable

from overflight.errors import InputError, Param
from overflight.interdiction.cancellation import CancelCheck, never_cancelled, stop_if_cancelled
from overflight.interdiction.oracle import FeasibleRoute, RouteOracle

__all__ = ["find_route_options"]

MAX_ORACLE_CALLS = 400
"""Give up looking for more options after this many oracle calls (each one a route search)."""


def find_route_options(
    oracle: RouteOracle,
    count: int,
    *,
    denied: Iterable[str] = (),
    keep_open: Iterable[str] = (),
    is_cancelled: CancelCheck = never_cancelled,
) -> tuple[FeasibleRoute, ...]:
    """Up to ``count`` feasible routes avoiding ``denied``, shortest first, states differing.

    Args:
        oracle: the geography.
        count: how many options to return at most.
        denied: states closed for every option.
        keep_open: states never closed to make a new option (the departure and destination
            states: every route touches them).
        is_cancelled: asked before every oracle call.

    Raises:
        InputError: ``count`` is below 1.
        AnalysisCancelledError: ``is_cancelled()`` turned true.
    """
    if count < 1:
        raise InputError(Param("count"), f"must be at least 1, not {count}")
    base = frozenset(denied)
    fixed = frozenset(keep_open)
    stop_if_cancelled(is_cancelled, "looking for route options")
    first = oracle.find_route(base)
    if first is None:
        return ()
    tie = itertools.count()
    queue: list[tuple[float, int, frozenset[str], FeasibleRoute]] = [
        (first.distance_km, next(tie), base, first)
    ]
    asked = {base}
    calls = 1
    options: list[FeasibleRoute] = []
    seen: set[frozenset[str]] = set()
    while queue and len(options) < count:
        _, _, closed, route = heapq.heappop(queue)
        if route.states not in seen:
            seen.add(route.states)
            options.append(route)
        for state in sorted(route.states - fixed - closed):
            more = closed | {state}
            if more in asked or calls >= MAX_ORACLE_CALLS:
                continue
            asked.add(more)
            calls += 1
            stop_if_cancelled(is_cancelled, "looking for route options")
            found = oracle.find_route(more)
            if found is not None:
                heapq.heappush(queue, (found.distance_km, next(tie), more, found))
    return tuple(options)
