"""Interdiction use cases: who can stop a flight, how it can fly, and what each state will do.

The CLI (``overflight chokepoints`` / ``routes``), the web's background jobs (planned in
``services.case_map``) and the case map call these. Each builds an
:class:`~overflight.interdiction.AirspaceRouteOracle` for the flight (sovereign airspace,
candidate stops, the aircraft's loaded range) and takes stances from the PSI prior
(``default_stance_table``) as of a day, with the caller's overrides on top. The U.S. posts
covering each state come from the cables post table: the lookup lives here because
``interdiction`` sits below ``cables`` and may not import it.

A flight's route graph is kept in the user's cache (``interdiction.graph_cache``) once built,
so a second analysis of the same flight, the CLI's or a web job's, only reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from overflight.cables import POSTS
from overflight.errors import InputError, Param
from overflight.geo import load_airspace, parse_state
from overflight.interdiction import (
    DEFAULT_MAX_SIZE,
    AirspaceRouteOracle,
    CancelCheck,
    ChokepointAnalysis,
    CorridorSettings,
    FeasibleRoute,
    FlownRoute,
    Stance,
    StanceSnapshot,
    aircraft_performance,
    default_graph_cache,
    default_stance_table,
    find_chokepoints,
    find_route_options,
    never_cancelled,
)

if TYPE_CHECKING:
    from overflight.store import Session

__all__ = [
    "ROUTE_OPTIONS",
    "ChokepointStudy",
    "RouteOptionsStudy",
    "case_chokepoint_record",
    "chokepoint_analysis",
    "chokepoint_record",
    "flight_oracle",
    "parse_stance_overrides",
    "posts_for",
    "record_case_chokepoints",
    "route_options",
    "stance_by_state",
    "stances_on",
    "stored_chokepoints",
]

_RANGE_SOURCE = "given by the user"
_STANCE_BASIS = "given by the user"
ROUTE_OPTIONS = 3  # route options kept with a case's chokepoint result


@dataclass(frozen=True, slots=True)
class ChokepointStudy:
    """A chokepoint analysis with the geography and the stances it ran on."""

    oracle: AirspaceRouteOracle
    stances: StanceSnapshot
    analysis: ChokepointAnalysis


@dataclass(frozen=True, slots=True)
class RouteOptionsStudy:
    """Route options for a flight, with the geography and the states closed for every option.

    ``no_route_reason`` says why there is none when ``options`` is empty ("" otherwise).
    """

    oracle: AirspaceRouteOracle
    denied: frozenset[str]
    options: tuple[FeasibleRoute, ...]
    no_route_reason: str


def flight_oracle(
    departure: str,
    destination: str,
    aircraft: str,
    *,
    range_km: float | None = None,
    grid_deg: float = 1.5,
    detour: float = 1.5,
    range_source: str = _RANGE_SOURCE,
    is_cancelled: CancelCheck = never_cancelled,
) -> AirspaceRouteOracle:
    """The route oracle for one flight: legs up to the aircraft's loaded range (or ``range_km``).

    ``is_cancelled`` is asked while its graph is built and before each route search. The graph
    comes from the user's cache when this flight's was kept (``interdiction.graph_cache``).

    Raises:
        UnknownAircraftError: ``aircraft`` is not a known ICAO type designator (close ones named).
        MissingFigureError: no published range for the type, and no ``range_km`` given.
        InputError: an unknown aerodrome, the same aerodrome at both ends, a bad range.
        AnalysisCancelledError: ``is_cancelled()`` turned true.
    """
    performance = aircraft_performance(aircraft)
    if range_km is not None:
        performance = performance.with_range(range_km, range_source)
    settings = CorridorSettings(grid_deg=grid_deg, detour=detour)
    return AirspaceRouteOracle(
        departure,
        destination,
        performance.loaded_range_km(),
        settings=settings,
        is_cancelled=is_cancelled,
        graph_cache=default_graph_cache(),
    )


def parse_stance_overrides(given: Iterable[str], what: str = Param("stance")) -> dict[str, Stance]:
    """``STATE=STANCE`` items (``TR=cooperating``) as a mapping; a state given twice: the last.

    Raises:
        InputError: an item without ``=``, an unknown state or an unknown stance (naming ``what``).
    """
    overrides: dict[str, Stance] = {}
    for item in given:
        state_text, sep, value = item.partition("=")
        if not sep:
            raise InputError(what, f"{item!r}: write STATE=STANCE, e.g. TR=cooperating")
        try:
            chosen = Stance(value.strip().lower())
        except ValueError:
            known = ", ".join(s.value for s in Stance)
            raise InputError(what, f"{value!r} is not a stance ({known})") from None
        overrides[parse_state(state_text, what)] = chosen
    return overrides


def stances_on(
    day: date | None = None,
    overrides: Mapping[str, Stance] | None = None,
    *,
    basis: str = _STANCE_BASIS,
) -> StanceSnapshot:
    """Every state's stance on ``day`` (default today): the PSI prior, then ``overrides``.

    An override is the case's own view of that state on ``day``: it wins over every dated
    change of the prior up to that day.
    """
    on = day or date.today()
    table = default_stance_table()
    for state, stance in (overrides or {}).items():
        table = table.override(state, stance, basis, effective=on)
    return table.as_of(on)


def chokepoint_analysis(
    departure: str,
    destination: str,
    aircraft: str,
    *,
    range_km: float | None = None,
    stances: Mapping[str, Stance] | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    grid_deg: float = 1.5,
    detour: float = 1.5,
    day: date | None = None,
    range_source: str = _RANGE_SOURCE,
    stance_basis: str = _STANCE_BASIS,
    is_cancelled: CancelCheck = never_cancelled,
) -> ChokepointStudy:
    """Minimal sets of states whose denial leaves the flight no feasible route, with proofs.

    Args:
        departure: departure aerodrome (ICAO or IATA).
        destination: destination aerodrome.
        aircraft: ICAO type designator, optionally with a variant (``IL76/TD``).
        range_km: leg range replacing the table's figure.
        stances: per-state stances replacing the PSI prior (ISO alpha-2 codes).
        max_size: largest set of states looked for.
        include: states to try even if permissive or at an end of the flight.
        exclude: states never to ask.
        grid_deg: waypoint grid spacing of the route graph, degrees.
        detour: longest route looked for, times the direct distance.
        day: the day the stances are taken on (default today).
        range_source: where ``range_km`` came from (kept with the figure).
        stance_basis: why the ``stances`` given hold (kept with each override).
        is_cancelled: asked while the route graph is built and between route searches (see
            ``overflight.interdiction.cancellation``); the CLI's analyses are never cancelled.

    Raises:
        InputError: an unknown aircraft or aerodrome, or a bad setting (see ``flight_oracle``).
        MissingFigureError: no published range for the type, and no ``range_km`` given.
        AnalysisCancelledError: ``is_cancelled()`` turned true.
    """
    oracle = flight_oracle(
        departure,
        destination,
        aircraft,
        range_km=range_km,
        grid_deg=grid_deg,
        detour=detour,
        range_source=range_source,
        is_cancelled=is_cancelled,
    )
    snapshot = stances_on(day, stances, basis=stance_basis)
    analysis = find_chokepoints(
        oracle,
        snapshot,
        departure_state=oracle.departure.country,
        destination_state=oracle.destination.country,
        max_size=max_size,
        include=include,
        exclude=exclude,
        is_cancelled=is_cancelled,
    )
    return ChokepointStudy(oracle, snapshot, analysis)


def route_options(
    departure: str,
    destination: str,
    aircraft: str,
    *,
    range_km: float | None = None,
    deny: Iterable[str] = (),
    count: int = 3,
    grid_deg: float = 1.5,
    detour: float = 1.5,
    range_source: str = _RANGE_SOURCE,
) -> RouteOptionsStudy:
    """The shortest few feasible routes that differ in the states they touch.

    The departure and destination states are never closed to find an alternative.

    Raises:
        InputError: ``count`` below 1, an unknown aircraft or aerodrome, a bad setting.
        MissingFigureError: no published range for the type, and no ``range_km`` given.
    """
    denied = frozenset(deny)
    oracle = flight_oracle(
        departure,
        destination,
        aircraft,
        range_km=range_km,
        grid_deg=grid_deg,
        detour=detour,
        range_source=range_source,
    )
    options = find_route_options(
        oracle,
        count,
        denied=denied,
        keep_open=oracle.departure_states | oracle.destination_states,
    )
    reason = "" if options else oracle.explain_no_route(denied)
    return RouteOptionsStudy(oracle, denied, tuple(options), reason)


@cache
def _posts_by_state() -> dict[str, tuple[str, ...]]:
    """U.S. posts by host state, embassies first."""
    found: dict[str, list[str]] = {}
    for post in POSTS:
        if post.country:
            found.setdefault(post.country, []).append(post.name)
    return {
        state: tuple(sorted(names, key=lambda n: (not n.startswith("AMEMBASSY"), n)))
        for state, names in found.items()
    }


def posts_for(state: str) -> tuple[str, ...]:
    """The U.S. posts (plain language addresses) in ``state``, embassies first."""
    return _posts_by_state().get(state, ())


def stance_by_state(day: date | None = None) -> dict[str, str]:
    """The prior stance (``Stance`` value) of every state in the packaged airspace on ``day``."""
    return _stance_values(stances_on(day))


def _stance_values(snapshot: StanceSnapshot) -> dict[str, str]:
    return {code: snapshot.stance(code).value for code in sorted(set(load_airspace().codes))}


def case_chokepoint_record(
    study: ChokepointStudy, aircraft: str, is_cancelled: CancelCheck = never_cancelled
) -> dict[str, Any]:
    """A chokepoint result as a case keeps it, with the route options the denying states leave.

    The route options are the shortest that the states now denying leave open
    (``ROUTE_OPTIONS`` of them); finding them takes more route searches, each preceded by
    ``is_cancelled``.

    Raises:
        AnalysisCancelledError: ``is_cancelled()`` turned true.
    """
    oracle, analysis = study.oracle, study.analysis
    options = find_route_options(
        oracle,
        ROUTE_OPTIONS,
        denied=analysis.denying,
        keep_open=oracle.departure_states | oracle.destination_states,
        is_cancelled=is_cancelled,
    )
    return chokepoint_record(study, aircraft, options)


def chokepoint_record(
    study: ChokepointStudy, aircraft: str, options: Sequence[FeasibleRoute] = ()
) -> dict[str, Any]:
    """A chokepoint result as a case keeps it (JSON).

    The sets, the stances they assumed, and the route options with their paths (``[lon, lat]``
    waypoints) for the map.
    """
    oracle, analysis = study.oracle, study.analysis
    return {
        "aircraft": aircraft.upper(),
        "departure": oracle.departure.icao,
        "destination": oracle.destination.icao,
        "range_km": oracle.range_km,
        "max_size": analysis.max_size,
        "feasible": analysis.feasible,
        "sets": [list(answer.states) for answer in analysis.answers],
        "unavoidable": list(analysis.unavoidable_states),
        "stances": _stance_values(study.stances),
        "stances_as_of": study.stances.day.isoformat(),
        "routes": [_route_option(route) for route in options],
    }


def _route_option(route: FeasibleRoute) -> dict[str, Any]:
    path = (
        [[round(p.position.lon, 4), round(p.position.lat, 4)] for p in route.flight_path().points]
        if isinstance(route, FlownRoute)
        else []
    )
    return {
        "stops": list(route.stops),
        "distance_km": round(route.distance_km, 1),
        "states": sorted(route.states),
        "path": path,
    }


def record_case_chokepoints(
    session: Session,
    case_id: int,
    study: ChokepointStudy,
    aircraft: str,
    *,
    at: datetime | None = None,
    actor: str = "analysis",
) -> int:
    """Keep a chokepoint study with a case; returns the result's id.

    The route options kept are the shortest that the states now denying leave open
    (``case_chokepoint_record``).
    """
    from overflight.cases import record_chokepoints  # the store: only where a case is kept

    record = case_chokepoint_record(study, aircraft)
    return record_chokepoints(session, case_id, record, at=at, actor=actor)


def stored_chokepoints(session: Session, case_id: int) -> dict[str, Any] | None:
    """The latest chokepoint result kept with a case, for the map, or ``None``.

    No access check: the caller has already let the reader see the case.

    Returns:
        ``sets`` (each a list of states, best first), ``unavoidable`` states, ``states`` (every
        state in some set, sorted), ``recorded_at`` (ISO 8601), and, where the result kept them,
        ``stances`` with ``stances_as_of`` and the route options ``routes``.
    """
    from overflight.store import latest_chokepoint_result

    row = latest_chokepoint_result(session, case_id)
    if row is None or not isinstance(row.result, dict):
        return None
    result = row.result
    sets = [
        [str(state) for state in found]
        for found in result.get("sets", ())
        if isinstance(found, list)
    ]
    unavoidable = [str(s) for s in result.get("unavoidable", ()) if isinstance(s, str)]
    stances = result.get("stances")
    return {
        "sets": sets,
        "unavoidable": unavoidable,
        "states": sorted({state for found in sets for state in found}),
        "recorded_at": row.created_at.isoformat(),
        "aircraft": str(result.get("aircraft", "")),
        "stances": stances if isinstance(stances, dict) else None,
        "stances_as_of": str(result.get("stances_as_of", "")) or None,
        "routes": [r for r in result.get("routes", ()) if isinstance(r, dict)],
    }
