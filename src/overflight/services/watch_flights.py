"""The filed flights a watch looks for: every flight a case follows, with what the case asked.

For each stored flight of each case (open or closed) the watch needs the link key (aircraft
id, registration, aerodromes, EOBT), the states the filed route crosses, and the states that
answered a demarche: those that denied overflight, and those that will require it to land.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from overflight.ats import eobt_of, parse_message, resolve_route
from overflight.cases import (
    CaseStatus,
    StateResponse,
    StoredFlight,
    case_engagements,
    case_of,
    stored_flights,
)
from overflight.errors import OverflightError
from overflight.geo import Airspace, NavData, find_aerodrome, find_transits, plan_route
from overflight.markings import Marking
from overflight.model import GeoPoint
from overflight.store import Session, list_case_rows

__all__ = ["CaseRef", "WatchedFlight", "load_watched_flights", "normal_tail"]

LINK_BEFORE = timedelta(hours=3)
"""How long before its EOBT a filed flight may already be seen (early departures, taxiing)."""
LINK_AFTER = timedelta(hours=20)
"""How long after its EOBT a filed flight may still be seen (delays, long legs)."""


@dataclass(frozen=True, slots=True)
class CaseRef:
    """The case an observation is filed to: its id, title and marking."""

    id: int
    title: str
    marking: Marking
    closed: bool


@dataclass(frozen=True, slots=True)
class WatchedFlight:
    """A filed flight some case follows, as the watch matches and judges it."""

    flight_id: int
    aircraft_id: str
    registration: str  # REG/, normalised (no dash, upper case); "" when not filed
    departure: str
    destination: str
    destination_place: GeoPoint | None
    eobt: datetime | None
    filed_states: frozenset[str]  # every state the filed route crosses ("" excluded)
    cases: tuple[CaseRef, ...]
    denied: frozenset[str]  # states that answered DENIED_OVERFLIGHT
    require_landing: frozenset[str]  # states that answered WILL_REQUIRE_LANDING

    def in_window(self, at: datetime) -> bool:
        """Whether an observation at ``at`` may be this flight (no EOBT: any time)."""
        if self.eobt is None:
            return True
        return self.eobt - LINK_BEFORE <= at <= self.eobt + LINK_AFTER


def normal_tail(text: str) -> str:
    """A registration or callsign as compared: upper case, without dashes and spaces."""
    return text.upper().replace("-", "").replace(" ", "")


def load_watched_flights(
    session: Session, airspace: Airspace, navdata: NavData | None = None
) -> tuple[WatchedFlight, ...]:
    """Every flight any case follows, with its filed states and the answers to its demarches.

    A plan that no longer parses or routes is still watched by its link key, with no filed
    states (so no entry is called unfiled on its account).
    """
    navdata = navdata or NavData()
    by_flight: dict[int, list[CaseRef]] = {}
    denied: dict[int, set[str]] = {}
    landing: dict[int, set[str]] = {}
    flights: dict[int, StoredFlight] = {}
    for row in list_case_rows(session):
        case = case_of(row)
        ref = CaseRef(case.id, case.title, case.marking, case.status is CaseStatus.CLOSED)
        answers = case_engagements(session, case.id)
        for flight in stored_flights(session, case.id):
            flights[flight.id] = flight
            by_flight.setdefault(flight.id, []).append(ref)
            for engagement in answers:
                if engagement.response is StateResponse.DENIED_OVERFLIGHT:
                    denied.setdefault(flight.id, set()).add(engagement.state)
                elif engagement.response is StateResponse.WILL_REQUIRE_LANDING:
                    landing.setdefault(flight.id, set()).add(engagement.state)
    return tuple(
        _watched(flight, tuple(by_flight[fid]), denied.get(fid, set()), landing.get(fid, set()),
                 airspace, navdata)
        for fid, flight in sorted(flights.items())
    )  # fmt: skip


def _watched(
    flight: StoredFlight,
    cases: Sequence[CaseRef],
    denied: set[str],
    landing: set[str],
    airspace: Airspace,
    navdata: NavData,
) -> WatchedFlight:
    registration, states, eobt = "", frozenset[str](), flight.eobt
    try:
        message = parse_message(flight.plan_text, f"flight {flight.id}")
        if message.other is not None:
            registration = normal_tail(message.other.reg)
            eobt = eobt or eobt_of(message, message.other.dof)
        route = plan_route(resolve_route(message, navdata).points)
        states = frozenset(t.state for t in find_transits(route, airspace) if t.state)
    except OverflightError:
        pass
    try:
        destination = find_aerodrome(flight.destination).position
    except OverflightError:
        destination = None
    return WatchedFlight(
        flight_id=flight.id,
        aircraft_id=normal_tail(flight.aircraft_id),
        registration=registration,
        departure=flight.departure,
        destination=flight.destination,
        destination_place=destination,
        eobt=eobt,
        filed_states=states,
        cases=tuple(cases),
        denied=frozenset(denied),
        require_landing=frozenset(landing),
    )
