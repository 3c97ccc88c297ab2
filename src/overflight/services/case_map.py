"""The case map, and chokepoint analyses planned at once and run later (for a case or none).

The map of a case is its latest flight's route as filed with the states it crosses, the latest
chokepoint result kept with the case (its blocking sets and route options), and every state's
stance: the stances that analysis assumed, or the PSI prior today when there is none.

A chokepoint analysis takes seconds to minutes, so it is planned and checked at once
(``plan_chokepoint_analysis``: the aircraft, the aerodromes; ``plan_case_chokepoints`` adds the
reader and the case's flight) and run later, in a background job that may be cancelled part-way
(``run_chokepoint_analysis``; ``run_case_chokepoints`` keeps its result with the case).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from overflight.ats import parse_message, to_flight_intent
from overflight.cases import record_chokepoints
from overflight.errors import InputError, OverflightError
from overflight.geo import (
    find_aerodrome,
    find_transits,
    load_airspace,
    load_navdata,
    path_geometry,
    route_geojson,
)
from overflight.interdiction import (
    CancelCheck,
    Stance,
    aircraft_performance,
    never_cancelled,
    stop_if_cancelled,
)
from overflight.model import FlightIntent
from overflight.screening import flight_route
from overflight.services.accounts import Account
from overflight.services.interdiction import (
    ChokepointStudy,
    case_chokepoint_record,
    chokepoint_analysis,
    stance_by_state,
    stored_chokepoints,
)
from overflight.services.web import visible_case
from overflight.store import Session, Store, latest_case_flight

__all__ = [
    "CASE_CHOKEPOINT_MAX_SIZE",
    "CaseChokepointRequest",
    "ChokepointRequest",
    "case_map_geojson",
    "case_route_geojson",
    "plan_case_chokepoints",
    "plan_chokepoint_analysis",
    "run_case_chokepoints",
    "run_chokepoint_analysis",
]

CASE_CHOKEPOINT_MAX_SIZE = 3  # a background run may look for sets of three (minutes, not hours)


@lru_cache(maxsize=256)
def _route_geojson(plan_text: str) -> dict[str, Any] | None:
    """The plan's route with its transits, cached per plan.

    As filed (field 15 through navigation data) where it resolves, else the geodesic between
    its aerodromes.
    """
    route = flight_route(_intent(plan_text), (), load_navdata())
    if route is None:
        return None
    return route_geojson(route, find_transits(route, load_airspace()))


def _intent(plan_text: str) -> FlightIntent:
    return to_flight_intent(parse_message(plan_text))


def case_route_geojson(session: Session, account: Account, case_id: int) -> dict[str, Any] | None:
    """The route of the case's latest flight as filed, with its transits (GeoJSON), or ``None``.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    visible_case(session, account, case_id)
    flight = latest_case_flight(session, case_id)
    if flight is None:
        return None
    try:
        return _route_geojson(flight.plan_text)
    except OverflightError:
        return None


def case_map_geojson(
    session: Session, account: Account, case_id: int, day: date | None = None
) -> dict[str, Any]:
    """What the case map draws: the filed route, the route options, stances, chokepoints.

    A FeatureCollection: the case's route as ``case_route_geojson`` gives it, then one
    ``option`` feature per route option of the latest chokepoint result kept with the case.
    Foreign members: ``stances`` (state → stance) with ``stances_as_of`` and ``stances_basis``
    (``analysis``: the stances the kept result assumed; ``prior``: the PSI prior on ``day``,
    default today), and ``chokepoints``: the kept result's ``sets``, ``unavoidable``,
    ``states``, ``aircraft`` and ``recorded_at``, or ``None``.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    found = case_route_geojson(session, account, case_id)
    features = list(found["features"]) if found else []
    stored = stored_chokepoints(session, case_id)
    stances: dict[str, str] | None = None
    if stored is not None:
        features.extend(_option_features(stored.pop("routes")))
        stances, as_of = stored.pop("stances"), stored.pop("stances_as_of")
    if stances:
        basis = "analysis"
    else:
        on = day or date.today()
        stances, as_of, basis = stance_by_state(on), on.isoformat(), "prior"
    return {
        "type": "FeatureCollection",
        "features": features,
        "stances": stances,
        "stances_as_of": as_of,
        "stances_basis": basis,
        "chokepoints": stored,
    }


def _option_features(routes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Route options as GeoJSON lines along their geodesics (those kept without a path skipped)."""
    features = []
    for rank, option in enumerate(routes, start=1):
        path = option.get("path") or []
        if len(path) < 2:
            continue
        properties = {key: option.get(key) for key in ("stops", "distance_km", "states")}
        features.append(
            {
                "type": "Feature",
                "geometry": path_geometry(path),
                "properties": {"role": "option", "rank": rank, **properties},
            }
        )
    return features


@dataclass(frozen=True, slots=True)
class ChokepointRequest:
    """A checked chokepoint analysis of a flight (for no case), ready to run in the background."""

    departure: str  # ICAO
    destination: str  # ICAO
    aircraft: str  # ICAO type designator, optionally /variant, upper case
    max_size: int
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the audit log and the job list."""
        return f"{self.departure}-{self.destination} {self.aircraft} sets of up to {self.max_size}"


def plan_chokepoint_analysis(
    departure: str,
    destination: str,
    aircraft: str,
    *,
    max_size: int,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> ChokepointRequest:
    """Check a chokepoint analysis before it runs: what a user can get wrong, found at once.

    The aircraft must have a range and the aerodromes must exist and differ; what takes time
    (the route graph, the search: ``chokepoint_analysis``) is left for later.

    Raises:
        UnknownAircraftError: ``aircraft`` is not a known ICAO type designator (close ones named).
        MissingFigureError: no published range for the type.
        InputError: an unknown aerodrome (``dep``, ``dest``), the same one at both ends, or
            ``max_size`` below 1.
    """
    if max_size < 1:
        raise InputError("max_size", f"must be at least 1, not {max_size}")
    aircraft_performance(aircraft).loaded_range_km()
    start = find_aerodrome(departure, "dep")
    end = find_aerodrome(destination, "dest")
    if start.icao == end.icao:
        raise InputError("dest", f"{end.icao} is the departure aerodrome itself")
    return ChokepointRequest(
        start.icao,
        end.icao,
        aircraft.strip().upper(),
        max_size,
        tuple(include),
        tuple(exclude),
    )


def run_chokepoint_analysis(
    request: ChokepointRequest, day: date, is_cancelled: CancelCheck = never_cancelled
) -> ChokepointStudy:
    """Run a planned chokepoint analysis (stances: the PSI prior on ``day``).

    Raises:
        AnalysisCancelledError: ``is_cancelled()`` turned true part-way.
    """
    return chokepoint_analysis(
        request.departure,
        request.destination,
        request.aircraft,
        max_size=request.max_size,
        include=request.include,
        exclude=request.exclude,
        day=day,
        is_cancelled=is_cancelled,
    )


@dataclass(frozen=True, slots=True)
class CaseChokepointRequest:
    """A checked chokepoint analysis for a case, ready to run."""

    case_id: int
    departure: str  # ICAO
    destination: str  # ICAO
    aircraft: str  # ICAO type designator, optionally /variant
    max_size: int
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    stances: tuple[tuple[str, Stance], ...] = ()  # the case's own view of states, on the prior

    def describe(self) -> str:
        """One line for the audit log and the job list."""
        line = f"{self.departure}-{self.destination} {self.aircraft} sets of up to {self.max_size}"
        given = ", ".join(f"{state}={stance.value}" for state, stance in self.stances)
        return f"{line} ({given})" if given else line


def plan_case_chokepoints(
    session: Session,
    account: Account,
    case_id: int,
    *,
    aircraft: str = "",
    departure: str = "",
    destination: str = "",
    max_size: int = 2,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    stances: Mapping[str, Stance] | None = None,
) -> CaseChokepointRequest:
    """Check a chokepoint analysis for a case before it runs.

    The aerodromes and the aircraft type default to the case's latest flight plan; ``stances``
    override the PSI prior for this analysis (what the case knows of those states).

    Raises:
        NotVisibleError: no such case for this reader.
        InputError: no flight to take what is missing from, an unknown aerodrome, the same
            aerodrome at both ends, a set size out of range.
        UnknownAircraftError, MissingFigureError: no such aircraft type, or no range for it.
    """
    visible_case(session, account, case_id)
    if not 1 <= max_size <= CASE_CHOKEPOINT_MAX_SIZE:
        raise InputError("max_size", f"must be 1 to {CASE_CHOKEPOINT_MAX_SIZE}, not {max_size}")
    flight = latest_case_flight(session, case_id)
    intent = _intent(flight.plan_text) if flight is not None else None
    given = {
        "aircraft": aircraft.strip() or (intent.aircraft_type if intent else ""),
        "dep": departure.strip() or (intent.departure if intent else ""),
        "dest": destination.strip() or (intent.destination if intent else ""),
    }
    for what, value in given.items():
        if not value or value == "ZZZZ":
            raise InputError(what, f"case {case_id} has no flight plan that gives it: give {what}")
    checked = plan_chokepoint_analysis(
        given["dep"], given["dest"], given["aircraft"], max_size=max_size
    )
    return CaseChokepointRequest(
        case_id,
        checked.departure,
        checked.destination,
        checked.aircraft,
        max_size,
        tuple(include),
        tuple(exclude),
        tuple(sorted((stances or {}).items())),
    )


def run_case_chokepoints(
    store: Store,
    request: CaseChokepointRequest,
    account: Account,
    now: datetime,
    is_cancelled: CancelCheck = never_cancelled,
) -> int:
    """Run a planned chokepoint analysis and keep it with its case; returns the result's id.

    Stances are the PSI prior on ``now``'s day, with the case's own on top. The analysis and its
    route options are computed before the store is written to (no write lock held meanwhile).
    The write passes the same gate as a read, again: a case ``account`` may no longer see (it
    was marked higher meanwhile) is not changed. ``is_cancelled`` is asked throughout, and once
    more inside the writing transaction, so a cancelled analysis keeps nothing.

    Raises:
        NotVisibleError: the case is no longer visible to ``account``; nothing was stored.
        AnalysisCancelledError: ``is_cancelled()`` turned true; nothing was stored.
    """
    actor = account.username
    study = chokepoint_analysis(
        request.departure,
        request.destination,
        request.aircraft,
        max_size=request.max_size,
        include=request.include,
        exclude=request.exclude,
        stances=dict(request.stances),
        day=now.date(),
        stance_basis=f"given for case {request.case_id} by {actor}",
        is_cancelled=is_cancelled,
    )
    record = case_chokepoint_record(study, request.aircraft, is_cancelled)
    with store.session(writing=True) as session, session.begin():
        stop_if_cancelled(is_cancelled, "keeping the result")
        visible_case(session, account, request.case_id)
        result_id = record_chokepoints(session, request.case_id, record, at=now, actor=actor)
        stop_if_cancelled(is_cancelled, "keeping the result")  # rolls the result back
        return result_id
