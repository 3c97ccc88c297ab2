"""Minimal sets of states whose denial leaves no feasible route, each with its proof.

The search treats geography as a black box (:class:`RouteOracle`): it asks for a route avoiding a
set of denied states and branches on the states that route touches. Any set that blocks every
route must contain at least one state of each route found, so the routes returned are the
constraints of an implicit hitting-set problem, and only those states are ever branched on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from overflight.errors import InputError, OverflightError
from overflight.interdiction.cancellation import CancelCheck, never_cancelled, stop_if_cancelled
from overflight.interdiction.oracle import CachedRouteOracle, FeasibleRoute, RouteOracle

__all__ = [
    "BlockingSearch",
    "BlockingSet",
    "OracleContractError",
    "ReopenedRoute",
    "find_blocking_sets",
    "verify_blocking_set",
]

DEFAULT_MAX_SIZE = 4


class OracleContractError(OverflightError):
    """The route oracle broke its contract (a route through a denied state, or non-monotone)."""


@dataclass(frozen=True, slots=True)
class ReopenedRoute:
    """Proof of minimality for one member: with ``state`` re-opened, this route is feasible."""

    state: str
    route: FeasibleRoute


@dataclass(frozen=True, slots=True)
class BlockingSet:
    """States whose joint denial leaves no feasible route, and no smaller subset does.

    ``denied`` is the exact set the oracle was asked with and answered "no route" (the states
    already denying plus ``states``). ``reopened`` holds, for each member, the route the oracle
    found with every other state of ``denied`` still closed.
    """

    states: tuple[str, ...]
    denied: frozenset[str]
    reopened: tuple[ReopenedRoute, ...]

    @property
    def size(self) -> int:
        """How many states must be persuaded."""
        return len(self.states)


@dataclass(frozen=True, slots=True)
class BlockingSearch:
    """The outcome of :func:`find_blocking_sets`.

    ``route`` is the route found with only ``base_denied`` closed; when it is ``None`` the flight
    is impossible already and ``no_route_reason`` says why. ``sets`` are every minimal blocking
    set of at most ``max_size`` candidate states, smallest first. ``candidates_seen`` are the
    candidate states on the routes the search met (the only ones it could branch on).
    """

    route: FeasibleRoute | None
    no_route_reason: str
    base_denied: frozenset[str]
    sets: tuple[BlockingSet, ...]
    max_size: int
    candidates_seen: frozenset[str]
    routes_seen: int
    oracle_calls: int


def find_blocking_sets(
    oracle: RouteOracle,
    is_candidate: Callable[[str], bool],
    *,
    base_denied: Iterable[str] = (),
    max_size: int = DEFAULT_MAX_SIZE,
    is_cancelled: CancelCheck = never_cancelled,
) -> BlockingSearch:
    """Every minimal set of at most ``max_size`` candidate states that blocks all routes.

    Breadth first over denied sets ``D`` (size 0, 1, 2, ...): ask the oracle for a route avoiding
    ``base_denied | D``. With no route, ``D`` blocks; since every smaller blocking set was found
    at an earlier level and supersets of found sets are skipped, ``D`` is minimal. With a route
    ``r``, any blocking superset of ``D`` must contain a candidate state of ``r``, so only
    ``D | {s}`` for those states is explored. A route already found that avoids ``D`` is reused
    instead of calling the oracle (denial only removes routes), and ``D`` is dropped when the
    known routes avoiding it need more disjoint denials than the size limit allows.

    Args:
        oracle: the geography; wrapped in a :class:`CachedRouteOracle` unless it is one.
        is_candidate: whether a state may be asked to deny (cooperating or unknown, not the
            departure or destination state, unless the user says otherwise).
        base_denied: states that deny already; always closed, never part of an answer.
        max_size: the largest set to look for.
        is_cancelled: asked before every denied set is looked at and every oracle call.

    Raises:
        InputError: ``max_size`` is negative.
        OracleContractError: the oracle returned a route through a denied state, or a set found
            minimal turned out not to be (the oracle is not monotone).
        AnalysisCancelledError: ``is_cancelled()`` turned true.
    """
    if max_size < 0:
        raise InputError("max_size", f"must be 0 or more, not {max_size}")
    cached = oracle if isinstance(oracle, CachedRouteOracle) else CachedRouteOracle(oracle)
    base = frozenset(base_denied)
    search = _Search(cached, is_candidate, base, is_cancelled)
    first = search.route_avoiding(frozenset())
    if first is None:
        return BlockingSearch(
            route=None,
            no_route_reason=cached.explain_no_route(base),
            base_denied=base,
            sets=(),
            max_size=max_size,
            candidates_seen=frozenset(),
            routes_seen=0,
            oracle_calls=cached.calls,
        )
    minimal = search.run(max_size)
    sets = tuple(search.prove(states) for states in minimal)
    return BlockingSearch(
        route=first,
        no_route_reason="",
        base_denied=base,
        sets=sets,
        max_size=max_size,
        candidates_seen=search.candidates_seen,
        routes_seen=len(search.routes),
        oracle_calls=cached.calls,
    )


def verify_blocking_set(oracle: RouteOracle, blocking: BlockingSet) -> bool:
    """Re-check a blocking set's proof against ``oracle`` (for audits and tests).

    True when the oracle finds no route with ``blocking.denied`` and, for each member, finds a
    route touching none of the other denied states.
    """
    if oracle.find_route(blocking.denied) is not None:
        return False
    for state in blocking.states:
        opened = blocking.denied - {state}
        route = oracle.find_route(opened)
        if route is None or route.states & opened:
            return False
    return True


class _Search:
    """State of one breadth-first hitting-set search (routes met, candidates met)."""

    def __init__(
        self,
        oracle: CachedRouteOracle,
        is_candidate: Callable[[str], bool],
        base: frozenset[str],
        is_cancelled: CancelCheck,
    ) -> None:
        self.oracle = oracle
        self.is_candidate = is_candidate
        self.base = base
        self.is_cancelled = is_cancelled
        # Each route met, as the candidate states that would block it, with the route itself.
        self.routes: list[tuple[frozenset[str], FeasibleRoute]] = []
        self.candidates_seen: frozenset[str] = frozenset()

    def route_avoiding(self, denied: frozenset[str]) -> FeasibleRoute | None:
        """Ask the oracle (not the known routes) for a route avoiding ``base | denied``."""
        closed = self.base | denied
        stop_if_cancelled(self.is_cancelled, "searching for blocking sets")
        route = self.oracle.find_route(closed)
        if route is None:
            return None
        if route.states & closed:
            touched = ", ".join(sorted(route.states & closed))
            raise OracleContractError(f"the route oracle returned a route through denied {touched}")
        hits = frozenset(state for state in route.states if self.is_candidate(state)) - self.base
        self.routes.append((hits, route))
        self.candidates_seen |= hits
        return route

    def _known_hits(self, denied: frozenset[str]) -> list[frozenset[str]]:
        """Candidate sets of the known routes that avoid ``denied`` (still open under it)."""
        return [hits for hits, _route in self.routes if not hits & denied]

    def run(self, max_size: int) -> list[frozenset[str]]:
        """Every minimal blocking set up to ``max_size``, level by level."""
        found: list[frozenset[str]] = []
        frontier: set[frozenset[str]] = {frozenset()}
        for level in range(max_size + 1):
            blocking_here: list[frozenset[str]] = []
            following: set[frozenset[str]] = set()
            for denied in frontier:
                stop_if_cancelled(self.is_cancelled, "searching for blocking sets")
                if any(known <= denied for known in found):
                    continue
                open_routes = self._known_hits(denied)
                if not open_routes:
                    if self.route_avoiding(denied) is None:
                        blocking_here.append(denied)
                        continue
                    open_routes = self._known_hits(denied)
                if level == max_size or _disjoint_lower_bound(open_routes) > max_size - level:
                    continue
                branch = min(open_routes, key=len)
                following.update(denied | {state} for state in branch)
            found.extend(blocking_here)
            frontier = following
        return sorted(found, key=lambda states: (len(states), sorted(states)))

    def prove(self, states: frozenset[str]) -> BlockingSet:
        """The proof for a minimal blocking set: a route for each member re-opened."""
        reopened = []
        for state in sorted(states):
            stop_if_cancelled(self.is_cancelled, "proving the blocking sets")
            route = self.oracle.find_route(self.base | (states - {state}))
            if route is None:
                raise OracleContractError(
                    f"{sorted(states)} was found minimal but still blocks without {state}: "
                    "the route oracle is not monotone in the denied set"
                )
            reopened.append(ReopenedRoute(state, route))
        return BlockingSet(
            states=tuple(sorted(states)), denied=self.base | states, reopened=tuple(reopened)
        )


def _disjoint_lower_bound(open_routes: list[frozenset[str]]) -> int:
    """How many more states any blocking set needs at least: a greedy count of disjoint routes.

    Routes with pairwise disjoint candidate states each need their own denial. An open route with
    no candidate state at all can never be blocked: the bound is then infinite.
    """
    used: set[str] = set()
    count = 0
    for hits in sorted(open_routes, key=len):
        if not hits:
            return 1 << 30
        if used.isdisjoint(hits):
            used |= hits
            count += 1
    return count
