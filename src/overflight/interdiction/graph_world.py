"""A synthetic geography: a graph of aerodromes and waypoints, for tests and benchmarks.

Nodes are aerodromes (where a technical stop is possible) or waypoints, each tagged with the
state whose sovereign airspace it is in (``""`` for international airspace over the high seas).
Edges are flyable segments with a length and the states they cross on the way. A route never
enters a denied state; it may stop only at aerodromes of states not denied, and each leg
between stops must be within the aircraft's range (a stop refuels: range starts again).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from overflight.errors import InputError
from overflight.interdiction.oracle import FeasibleRoute, RouteLeg

__all__ = ["GraphRouteOracle", "GraphWorld", "WorldEdge", "WorldNode"]


@dataclass(frozen=True, slots=True)
class WorldNode:
    """An aerodrome or waypoint in ``state`` (ISO alpha-2, ``""`` for international airspace)."""

    name: str
    state: str
    aerodrome: bool = True


@dataclass(frozen=True, slots=True)
class WorldEdge:
    """A segment flown between two nodes (either way), and the states it crosses between them."""

    a: str
    b: str
    distance_km: float
    crosses: frozenset[str] = frozenset()


class GraphWorld:
    """An undirected graph of nodes and segments; build once, query with :class:`GraphRouteOracle`.

    Raises:
        InputError: a duplicate node, an edge naming an unknown node, or a negative length.
    """

    __slots__ = ("adjacency", "edges", "nodes")

    def __init__(self, nodes: Iterable[WorldNode], edges: Iterable[WorldEdge]) -> None:
        self.nodes: dict[str, WorldNode] = {}
        for node in nodes:
            if node.name in self.nodes:
                raise InputError("nodes", f"node {node.name!r} is given twice")
            self.nodes[node.name] = node
        self.edges: tuple[WorldEdge, ...] = tuple(edges)
        self.adjacency: dict[str, list[tuple[str, float, frozenset[str]]]] = {
            name: [] for name in self.nodes
        }
        for edge in self.edges:
            for end in (edge.a, edge.b):
                if end not in self.nodes:
                    raise InputError("edges", f"edge {edge.a}–{edge.b} names unknown node {end!r}")
            if not edge.distance_km >= 0:
                raise InputError("edges", f"edge {edge.a}–{edge.b} has length {edge.distance_km}")
            touched = edge.crosses | {self.nodes[edge.a].state, self.nodes[edge.b].state}
            touched = touched - {""}
            self.adjacency[edge.a].append((edge.b, edge.distance_km, touched))
            self.adjacency[edge.b].append((edge.a, edge.distance_km, touched))

    @property
    def states(self) -> frozenset[str]:
        """Every state named by a node or crossed by an edge."""
        named = {node.state for node in self.nodes.values()}
        for edge in self.edges:
            named |= edge.crosses
        return frozenset(named - {""})

    def node(self, name: str) -> WorldNode:
        """The node called ``name``.

        Raises:
            InputError: no such node.
        """
        if name not in self.nodes:
            raise InputError("node", f"{name!r} is not in this world")
        return self.nodes[name]


class GraphRouteOracle:
    """Shortest range-feasible route in a :class:`GraphWorld` that enters no denied state."""

    __slots__ = ("departure", "destination", "range_km", "world")

    def __init__(
        self, world: GraphWorld, departure: str, destination: str, range_km: float
    ) -> None:
        world.node(departure)
        world.node(destination)
        if not range_km > 0:
            raise InputError("range_km", f"must be a positive distance, not {range_km!r}")
        self.world = world
        self.departure = departure
        self.destination = destination
        self.range_km = range_km

    def find_route(self, denied: frozenset[str]) -> FeasibleRoute | None:
        """The shortest feasible route avoiding ``denied``, or ``None``.

        Dijkstra over stops: from each stop, the legs within range to every other usable
        aerodrome are found by a bounded Dijkstra through nodes and edges touching no denied
        state. A route made of each leg's shortest version is as short as any feasible route.
        """
        nodes = self.world.nodes
        if nodes[self.departure].state in denied or nodes[self.destination].state in denied:
            return None
        best: dict[str, float] = {self.departure: 0.0}
        came_from: dict[str, tuple[str, RouteLeg]] = {}
        done: set[str] = set()
        tie = itertools.count()
        queue: list[tuple[float, int, str]] = [(0.0, next(tie), self.departure)]
        while queue:
            total_km, _order, stop = heapq.heappop(queue)
            if stop in done:
                continue
            done.add(stop)
            if stop == self.destination:
                return self._route(came_from, total_km)
            for leg in self._legs_from(stop, denied):
                if leg.destination in done:
                    continue
                candidate = total_km + leg.distance_km
                if candidate < best.get(leg.destination, math.inf):
                    best[leg.destination] = candidate
                    came_from[leg.destination] = (stop, leg)
                    heapq.heappush(queue, (candidate, next(tie), leg.destination))
        return None

    def explain_no_route(self, denied: frozenset[str]) -> str:
        """Why no route avoids ``denied``: a closed end, or how far the aircraft can get."""
        nodes = self.world.nodes
        for role, name in (("departure", self.departure), ("destination", self.destination)):
            state = nodes[name].state
            if state in denied:
                return f"the {role} {name} is in {state}, which is denied"
        reachable = self._reachable_stops(denied)
        closed = ", ".join(sorted(denied)) or "no state"
        return (
            f"no route from {self.departure} to {self.destination} with legs of at most "
            f"{self.range_km:,.0f} km avoiding {closed}: technical stops reachable are "
            f"{', '.join(sorted(reachable - {self.departure})) or 'none'}"
        )

    def _reachable_stops(self, denied: frozenset[str]) -> set[str]:
        seen = {self.departure}
        todo = [self.departure]
        while todo:
            stop = todo.pop()
            for leg in self._legs_from(stop, denied):
                if leg.destination not in seen:
                    seen.add(leg.destination)
                    todo.append(leg.destination)
        return seen

    def _legs_from(self, origin: str, denied: frozenset[str]) -> list[RouteLeg]:
        """Shortest legs within range from ``origin`` to each usable stop (aerodrome or end)."""
        nodes = self.world.nodes
        adjacency = self.world.adjacency
        best: dict[str, float] = {origin: 0.0}
        states_on: dict[str, frozenset[str]] = {origin: frozenset({nodes[origin].state}) - {""}}
        tie = itertools.count()
        queue: list[tuple[float, int, str]] = [(0.0, next(tie), origin)]
        done: set[str] = set()
        legs: list[RouteLeg] = []
        while queue:
            distance_km, _order, name = heapq.heappop(queue)
            if name in done:
                continue
            done.add(name)
            if name != origin and (nodes[name].aerodrome or name == self.destination):
                legs.append(RouteLeg(origin, name, distance_km, states_on[name]))
            for neighbour, length_km, touched in adjacency[name]:
                reach_km = distance_km + length_km
                if reach_km > self.range_km or touched & denied or neighbour in done:
                    continue
                if reach_km < best.get(neighbour, math.inf):
                    best[neighbour] = reach_km
                    states_on[neighbour] = states_on[name] | touched
                    heapq.heappush(queue, (reach_km, next(tie), neighbour))
        return legs

    def _route(self, came_from: dict[str, tuple[str, RouteLeg]], total_km: float) -> FeasibleRoute:
        legs: list[RouteLeg] = []
        stop = self.destination
        while stop != self.departure:
            stop, leg = came_from[stop]
            legs.append(leg)
        legs.reverse()
        stops = (self.departure, *(leg.destination for leg in legs))
        nodes = self.world.nodes
        overflown: frozenset[str] = frozenset().union(*(leg.states for leg in legs))
        landing = frozenset(nodes[name].state for name in stops) - {""}
        return FeasibleRoute(
            stops=stops,
            legs=tuple(legs),
            distance_km=total_km,
            overflown_states=overflown - landing,
            landing_states=landing,
        )
