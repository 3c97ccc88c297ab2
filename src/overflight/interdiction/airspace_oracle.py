"""The route oracle on real geography: sovereign airspace, aerodromes, aircraft range.

A feasible route never enters the sovereign airspace (land + 12 NM) of a denied state;
international airspace is always open; technical stops are made only at candidate aerodromes
(:mod:`~overflight.interdiction.aerodrome_choice`) in states not denied; every leg between
landings is at most the aircraft's range. Legs follow the :class:`SkyGraph` of one corridor, so
they bend around states over the sea.

Two levels: from a stop, one range-bounded Dijkstra over the masked graph gives the open-air
distance to every other aerodrome; over stops, A* (geodesic distance to the destination as the
bound) finds the shortest chain of legs. A leg's distances depend only on the denied states
within range of its stop, so they are cached per stop and *those* states: the search's many
similar denied sets mostly reuse them.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from overflight.errors import InputError
from overflight.geo import (
    Airspace,
    find_aerodrome,
    load_airspace,
    packaged_airspace_digest,
    plan_route,
)
from overflight.interdiction.aerodrome_choice import choose_stops
from overflight.interdiction.cancellation import CancelCheck, never_cancelled, stop_if_cancelled
from overflight.interdiction.graph_cache import GraphCache, graph_key
from overflight.interdiction.oracle import FeasibleRoute, RouteLeg
from overflight.interdiction.sky_graph import GEOD, Corridor, SkyGraph, build_sky_graph
from overflight.model import Aerodrome, GeoPoint, Route, RoutePoint

__all__ = ["AirspaceRouteOracle", "CorridorSettings", "FlownRoute"]

_CACHE_LIMIT = 20_000
_GRAPH_CACHE_LIMIT = 64
_EARTH_KM = 6371.0
_BALL_MARGIN = 1.01
_MERGE_KM = 15.0


@dataclass(frozen=True, slots=True)
class CorridorSettings:
    """How much sky the oracle models (see ``docs/interdiction.md``, real geography).

    Attributes:
        grid_deg: waypoint spacing; an international gap narrower than about this is missed.
        detour: longest route looked for, as a multiple of the direct distance.
        min_slack_km: for short flights, at least this much longer than direct.
        stop_cell_deg: one candidate stop per country per cell of this size.
    """

    grid_deg: float = 1.5
    detour: float = 1.5
    min_slack_km: float = 800.0
    stop_cell_deg: float = 2.0


@dataclass(frozen=True, slots=True)
class FlownRoute(FeasibleRoute):
    """A feasible route with the positions each leg flies through (stops included at both ends)."""

    paths: tuple[tuple[GeoPoint, ...], ...] = ()

    def flight_path(self) -> Route:
        """The whole route as geodesics through its waypoints; stops are named, waypoints not.

        A waypoint within ``_MERGE_KM`` of the point before it or of the next stop is left out
        (an aerodrome next to a grid point): the geodesic sampler needs legs of some length.
        """
        points = [RoutePoint(self.stops[0], self.paths[0][0])]
        for stop, path in zip(self.stops[1:], self.paths, strict=True):
            end = path[-1]
            for position in path[1:-1]:
                if min(_km(points[-1].position, position), _km(position, end)) >= _MERGE_KM:
                    points.append(RoutePoint("", position))
            points.append(RoutePoint(stop, end))
        return plan_route(points)


class AirspaceRouteOracle:
    """Shortest range-feasible route between two aerodromes avoiding denied states' airspace.

    States are ISO 3166-1 alpha-2 codes as the packaged airspace has them: a territory with its
    own code (GL, HK, GF) is its own unit, so denying FR does not close French Guiana. An
    aerodrome's landing states are its airportsdata country and the airspace it lies in.

    ``is_cancelled`` is asked while the graph is built (or before a kept one is read) and before
    every fresh route search, so an analysis cancelled part-way stops within a fraction of a
    second.

    With a ``graph_cache``, the graph is read from it when one was kept for the same inputs
    (aerodromes, range, settings, stops, the packaged airspace), and kept in it once built; an
    oracle given its own ``airspace`` builds its graph every time.

    Raises:
        AerodromeNotFound: an unknown departure, destination or stop code.
        InputError: a non-positive range, or departure equal to destination.
        AnalysisCancelledError: ``is_cancelled()`` turned true (while building or searching).
    """

    def __init__(
        self,
        departure: str | Aerodrome,
        destination: str | Aerodrome,
        range_km: float,
        *,
        settings: CorridorSettings | None = None,
        stops: Iterable[str] | None = None,
        airspace: Airspace | None = None,
        is_cancelled: CancelCheck = never_cancelled,
        graph_cache: GraphCache | None = None,
    ) -> None:
        self.departure = _aerodrome(departure, "DEPARTURE")
        self.destination = _aerodrome(destination, "DESTINATION")
        if self.departure.icao == self.destination.icao:
            raise InputError("DESTINATION", "is the departure aerodrome itself")
        if not range_km > 0:
            raise InputError("range_km", f"must be a positive distance, not {range_km!r}")
        self.range_km = float(range_km)
        self.settings = settings or CorridorSettings()
        self._is_cancelled = is_cancelled
        s = self.settings
        corridor = Corridor.around(
            self.departure.position, self.destination.position, s.detour, s.min_slack_km
        )
        only = None if stops is None else tuple(stops)
        cache = graph_cache if airspace is None else None
        key = self._graph_key(only) if cache is not None else ""
        kept = None
        if cache is not None:
            stop_if_cancelled(is_cancelled, "building the route graph")
            kept = cache.load(key)
        if kept is not None and kept.corridor == corridor:
            self.graph: SkyGraph = kept
        else:
            chosen = choose_stops(
                corridor,
                cell_deg=s.stop_cell_deg,
                only=only,
                leave_out=(self.departure.icao, self.destination.icao),
            )
            self.graph = build_sky_graph(
                (self.departure, self.destination, *chosen),
                corridor,
                airspace or load_airspace(),
                grid_deg=s.grid_deg,
                direct_km=self.range_km,
                is_cancelled=is_cancelled,
            )
            if cache is not None:
                cache.save(key, self.graph)
        self._prepare()

    # -- the protocol ----------------------------------------------------------------------

    @property
    def departure_states(self) -> frozenset[str]:
        """The states the departure aerodrome lies in (landing states; normally one)."""
        return self.graph.node_states[0]

    @property
    def destination_states(self) -> frozenset[str]:
        """The states the destination aerodrome lies in."""
        return self.graph.node_states[1]

    @property
    def stop_count(self) -> int:
        """How many candidate technical stops the graph holds."""
        return len(self.graph.aerodromes) - 2

    def find_route(self, denied: frozenset[str]) -> FlownRoute | None:
        """The shortest feasible route touching no state of ``denied``, or ``None``."""
        if (self.departure_states | self.destination_states) & denied:
            return None
        key = self._key(denied)
        best, parent = self._search(key)
        if parent is None:
            return None
        return self._route(key, best, parent)

    def explain_no_route(self, denied: frozenset[str]) -> str:
        """Why no route avoids ``denied``: a closed end, every way closed, or range."""
        for role, aerodrome, states in (
            ("departure", self.departure, self.departure_states),
            ("destination", self.destination, self.destination_states),
        ):
            if states & denied:
                closed_end = ", ".join(sorted(states & denied))
                return f"the {role} {aerodrome.icao} is in {closed_end}, which is denied"
        key = self._key(denied)
        closed = ", ".join(sorted(denied)) or "no state"
        open_km = float(dijkstra(self._masked(key), indices=0)[1])
        if not np.isfinite(open_km):
            return (
                f"with {closed} denied, every way from {self.departure.icao} to "
                f"{self.destination.icao} inside the modelled corridor (up to "
                f"{self.graph.corridor.limit_km:,.0f} km) enters a denied state"
            )
        reached = self._reachable(key)
        nearest = min(reached, key=lambda i: self._to_destination_km[i])
        name = self.graph.aerodromes[nearest].icao
        return (
            f"with {closed} denied, the shortest open way is {open_km:,.0f} km but legs are at "
            f"most {self.range_km:,.0f} km; {len(reached) - 1} candidate stops can be reached, "
            f"the closest to {self.destination.icao} being {name} "
            f"({self._to_destination_km[nearest]:,.0f} km direct), with no open leg onward"
        )

    def clear_caches(self) -> None:
        """Forget cached legs and masked graphs (for benchmarks that must start cold)."""
        self._ball.clear()
        self._legs.clear()
        self._graphs.clear()

    # -- internals -------------------------------------------------------------------------

    def _graph_key(self, stops: tuple[str, ...] | None) -> str:
        """The graph cache's key for this flight's graph on the packaged airspace."""
        return graph_key(
            {
                "departure": repr(self.departure),
                "destination": repr(self.destination),
                "range_km": self.range_km,
                "settings": dataclasses.asdict(self.settings),
                "stops": stops,
                "airspace": packaged_airspace_digest(),
            }
        )

    def _prepare(self) -> None:
        g = self.graph
        n = g.node_count
        edges = np.arange(len(g.edge_km))
        rows = np.concatenate([g.edge_a, g.edge_b])
        cols = np.concatenate([g.edge_b, g.edge_a])
        ids = np.concatenate([edges, edges]).astype(np.float64) + 1
        structure = csr_array((ids, (rows, cols)), shape=(n, n))
        self._n = n
        self._csr_edge = structure.data.astype(np.int64) - 1  # CSR slot -> edge
        self._indices = structure.indices
        self._indptr = structure.indptr
        self._edge_of = {
            (int(a), int(b)): k for k, (a, b) in enumerate(zip(g.edge_a, g.edge_b, strict=True))
        }
        self._state_id = {state: i for i, state in enumerate(g.states)}
        lon = np.radians([p.lon for p in g.positions])
        lat = np.radians([p.lat for p in g.positions])
        self._xyz = np.column_stack(
            [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]
        )
        counts = np.array([len(states) for states in g.edge_states])
        self._incidence_edge = np.repeat(edges, counts)
        self._incidence_state = np.array(
            [s for states in g.edge_states for s in states], dtype=np.int64
        )
        stops = len(g.aerodromes)
        dest = g.positions[1]
        self._to_destination_km = (
            np.asarray(
                GEOD.inv(
                    np.degrees(lon[:stops]), np.degrees(lat[:stops]),
                    np.full(stops, dest.lon), np.full(stops, dest.lat),
                )[2]
            )
            / 1000
        )  # fmt: skip
        self._ball: dict[int, frozenset[int]] = {}
        self._legs: dict[tuple[int, frozenset[int]], NDArray[np.float64]] = {}
        self._graphs: dict[frozenset[int], csr_array] = {}

    def _key(self, denied: frozenset[str]) -> frozenset[int]:
        return frozenset(self._state_id[s] for s in denied if s in self._state_id)

    def _masked(self, key: frozenset[int]) -> csr_array:
        graph = self._graphs.get(key)
        if graph is None:
            weights = self.graph.edge_km.copy()
            for state in key:
                weights[self.graph.state_edges[state]] = np.inf
            data = weights[self._csr_edge]
            graph = csr_array((data, self._indices, self._indptr), shape=(self._n, self._n))
            if len(self._graphs) >= _GRAPH_CACHE_LIMIT:
                self._graphs.pop(next(iter(self._graphs)))
            self._graphs[key] = graph
        return graph

    def _ball_states(self, stop: int) -> frozenset[int]:
        """States on edges whose ends both lie within range of ``stop`` (all a leg can meet).

        "Within range" is tested on the sphere with a margin larger than the sphere's error
        against the ellipsoid (under 0.6 %), so the ball is never too small.
        """
        found = self._ball.get(stop)
        if found is None:
            g = self.graph
            cos_angle = self._xyz @ self._xyz[stop]
            near = cos_angle >= np.cos(min(self.range_km * _BALL_MARGIN / _EARTH_KM, np.pi))
            inside = near[g.edge_a] & near[g.edge_b]
            found = frozenset(
                np.unique(self._incidence_state[inside[self._incidence_edge]]).tolist()
            )
            self._ball[stop] = found
        return found

    def _legs_from(self, stop: int, key: frozenset[int]) -> NDArray[np.float64]:
        """Open-air km from ``stop`` to every aerodrome within range (``inf`` beyond or closed)."""
        local = (stop, key & self._ball_states(stop))
        legs = self._legs.get(local)
        if legs is None:
            stop_if_cancelled(self._is_cancelled, "searching for routes")
            distances = dijkstra(self._masked(key), indices=stop, limit=self.range_km)
            legs = np.asarray(distances[: len(self.graph.aerodromes)])
            if len(self._legs) >= _CACHE_LIMIT:
                self._legs.clear()
            self._legs[local] = legs
        return legs

    def _search(self, key: frozenset[int]) -> tuple[NDArray[np.float64], NDArray[np.int64] | None]:
        """A* over stops from the departure (0) to the destination (1).

        The bound is the open-air distance to the destination under the same denials (one
        Dijkstra from the destination, range ignored): never more than the remaining route, and
        infinite for stops from which every way is closed, which are never expanded. Routes
        longer than the corridor's limit are not looked for.
        """
        count = len(self.graph.aerodromes)
        stop_if_cancelled(self._is_cancelled, "searching for routes")
        bound = np.asarray(dijkstra(self._masked(key), indices=1)[:count])
        best = np.full(count, np.inf)
        parent = np.full(count, -1, dtype=np.int64)
        if not np.isfinite(bound[0]):
            return best, None
        limit = self.graph.corridor.limit_km
        done = np.zeros(count, dtype=bool)
        best[0] = 0.0
        queue = [(float(bound[0]), 0)]
        while queue:
            estimate, stop = heapq.heappop(queue)
            if done[stop]:
                continue
            if estimate > limit:
                break
            done[stop] = True
            if stop == 1:
                return best, parent
            reach = best[stop] + self._legs_from(stop, key)
            better = np.flatnonzero((reach < best) & ~done & (reach + bound <= limit))
            best[better] = reach[better]
            parent[better] = stop
            for nxt in better.tolist():
                heapq.heappush(queue, (float(best[nxt] + bound[nxt]), nxt))
        return best, None

    def _reachable(self, key: frozenset[int]) -> list[int]:
        seen = {0}
        todo = [0]
        while todo:
            stop = todo.pop()
            for nxt in np.flatnonzero(np.isfinite(self._legs_from(stop, key))).tolist():
                if nxt not in seen and nxt != 1:
                    seen.add(nxt)
                    todo.append(nxt)
        return sorted(seen)

    def _route(
        self, key: frozenset[int], best: NDArray[np.float64], parent: NDArray[np.int64]
    ) -> FlownRoute:
        g = self.graph
        chain = [1]
        while chain[-1] != 0:
            chain.append(int(parent[chain[-1]]))
        chain.reverse()
        graph = self._masked(key)
        legs: list[RouteLeg] = []
        paths: list[tuple[GeoPoint, ...]] = []
        for origin, end in pairwise(chain):
            _, previous = dijkstra(
                graph, indices=origin, limit=self.range_km, return_predecessors=True
            )
            nodes = [end]
            while nodes[-1] != origin:
                nodes.append(int(previous[nodes[-1]]))
            nodes.reverse()
            touched = set(g.node_states[origin] | g.node_states[end])
            for a, b in pairwise(nodes):
                edge = self._edge_of[(min(a, b), max(a, b))]
                touched.update(g.states[s] for s in g.edge_states[edge])
            legs.append(
                RouteLeg(
                    g.aerodromes[origin].icao,
                    g.aerodromes[end].icao,
                    float(best[end] - best[origin]),
                    frozenset(touched),
                )
            )
            paths.append(tuple(g.positions[i] for i in nodes))
        landing = frozenset().union(*(g.node_states[i] for i in chain))
        overflown = frozenset().union(*(leg.states for leg in legs))
        return FlownRoute(
            stops=tuple(g.aerodromes[i].icao for i in chain),
            legs=tuple(legs),
            distance_km=float(best[1]),
            overflown_states=overflown - landing,
            landing_states=landing,
            paths=tuple(paths),
        )


def _km(a: GeoPoint, b: GeoPoint) -> float:
    return float(GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2]) / 1000


def _aerodrome(code: str | Aerodrome, what: str) -> Aerodrome:
    return code if isinstance(code, Aerodrome) else find_aerodrome(code, what)
