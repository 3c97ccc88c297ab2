"""The one thing a chokepoint search needs from geography: a feasible route avoiding some states."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["CachedRouteOracle", "ExplainingRouteOracle", "FeasibleRoute", "RouteLeg", "RouteOracle"]


@dataclass(frozen=True, slots=True)
class RouteLeg:
    """One flown leg between two stops (aerodromes), with the states it crosses."""

    origin: str
    destination: str
    distance_km: float
    states: frozenset[str]


@dataclass(frozen=True, slots=True)
class FeasibleRoute:
    """A route the aircraft can fly: stops in order, legs, and every state it touches.

    ``overflown_states`` and ``landing_states`` are ISO 3166-1 alpha-2 codes (international
    airspace is not a state and never appears). ``stops`` and ``legs`` are for display and proof;
    the search reads only the states.
    """

    stops: tuple[str, ...]
    legs: tuple[RouteLeg, ...]
    distance_km: float
    overflown_states: frozenset[str]
    landing_states: frozenset[str]

    @property
    def states(self) -> frozenset[str]:
        """Every state the route crosses or lands in: denying any one of them blocks it."""
        return self.overflown_states | self.landing_states

    @property
    def technical_stops(self) -> tuple[str, ...]:
        """The stops between departure and destination."""
        return self.stops[1:-1]


@runtime_checkable
class RouteOracle(Protocol):
    """Finds a feasible route that enters none of the ``denied`` states, or ``None``.

    Contract the chokepoint search relies on:

    * a route it returns touches no denied state (``route.states & denied`` is empty);
    * denial is monotone: if it finds no route with ``denied``, it finds none with any superset;
    * a route is blocked by a set of states exactly when it touches one of them.
    """

    def find_route(self, denied: frozenset[str]) -> FeasibleRoute | None:
        """A feasible route avoiding ``denied``, or ``None`` if there is none."""
        ...


@runtime_checkable
class ExplainingRouteOracle(RouteOracle, Protocol):
    """A route oracle that can also say why there is no route."""

    def explain_no_route(self, denied: frozenset[str]) -> str:
        """Why no feasible route avoids ``denied``, in a sentence a desk officer can read."""
        ...


class CachedRouteOracle:
    """Wraps a route oracle and remembers its answer for each denied set (pure oracles only).

    ``calls`` counts the calls that reached the wrapped oracle; ``lookups`` counts all requests.
    """

    __slots__ = ("_answers", "calls", "inner", "lookups")

    def __init__(self, inner: RouteOracle) -> None:
        self.inner = inner
        self._answers: dict[Hashable, FeasibleRoute | None] = {}
        self.calls = 0
        self.lookups = 0

    def find_route(self, denied: frozenset[str]) -> FeasibleRoute | None:
        """The wrapped oracle's answer for ``denied``, computed once."""
        self.lookups += 1
        if denied not in self._answers:
            self.calls += 1
            self._answers[denied] = self.inner.find_route(denied)
        return self._answers[denied]

    def explain_no_route(self, denied: frozenset[str]) -> str:
        """The wrapped oracle's explanation where it has one, else a generic sentence."""
        if isinstance(self.inner, ExplainingRouteOracle):
            return self.inner.explain_no_route(denied)
        listed = ", ".join(sorted(denied)) or "no state"
        return f"with {listed} denied, the route oracle finds no feasible route"
