"""A flight, drafting particulars and asks for the drafting tests (real aerodromes, real codes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from overflight.cables.compose import Drafting, FlightOfConcern
from overflight.cables.model import Serial
from overflight.geo import find_aerodrome
from overflight.interdiction.asks import AskKind, Crossing, StateAsk
from overflight.interdiction.inspection import InspectionSite
from overflight.interdiction.stance import Stance
from overflight.model.geo import GeoPoint, Transit

DEPARTS = datetime(2008, 2, 1, 1, 0, tzinfo=UTC)
FLIGHT = FlightOfConcern(
    operator="Air Koryo",
    origin="Pyongyang, North Korea",
    destination="Damascus, Syria",
    concern="missile-related items",
    callsign="KOR7717",
    registration="P912",
    address="72100F",
    aircraft_type="IL76",
    operator_code="KOR",
    origin_code="ZKPY",
    destination_code="OSDI",
    origin_state="North Korea",
    destination_state="Syria",
    departs_at=DEPARTS,
    arrives_at=DEPARTS + timedelta(hours=11),
    charter=True,
    tracked_since="February",
    history="has been rescheduled multiple times",
)
DRAFTING = Drafting(
    released_at=datetime(2008, 2, 1, 0, 30, tzinfo=UTC),
    serial=Serial("STATE", 43804),
    classified_by="ISN Acting Assistant Secretary",
    point_of_contact="ISN/CPI, (202) 647-0000",
    slugs=("EUR", "ISN", "SCA", "T"),
    signature="RICE",
)
# Entry hours after departure and length of each state's crossing (km), as the story's route.
PASSAGES = {
    "CN": (0.2, 3540.0),
    "KZ": (4.8, 468.0),
    "KG": (5.4, 381.0),
    "UZ": (5.8, 146.0),
    "TJ": (5.9, 392.0),
    "AF": (6.5, 288.0),
    "TM": (6.9, 627.0),
    "TR": (9.2, 622.0),
    "LB": (10.5, 1.0),
}


def crossing(state: str, *, departs: datetime = DEPARTS) -> Crossing:
    """A one-stretch crossing of ``state`` with the story's timing."""
    hours, km = PASSAGES[state]
    entered = departs + timedelta(hours=hours)
    transit = Transit(
        state=state,
        name=state,
        entry=GeoPoint(40.0 + hours / 10, 80.0 - hours * 3),
        exit=GeoPoint(40.0 + hours / 10, 79.0 - hours * 3),
        entry_m=hours * 800_000.0,
        exit_m=hours * 800_000.0 + km * 1000.0,
        entered_at=entered,
        exited_at=entered + timedelta(hours=km / 800.0),
        territorial_sea_only=False,
    )
    return Crossing.of([transit])


def ask(
    state: str,
    kind: AskKind,
    *,
    aerodrome: str = "",
    departs: datetime = DEPARTS,
    on_route: bool = True,
) -> StateAsk:
    """An ask as ``plan_asks`` makes them, with a real aerodrome for a landing."""
    sites = ()
    if aerodrome:
        found = find_aerodrome(aerodrome)
        sites = (InspectionSite(found, 120.0, 3750.0, "ASP", True, True),)
    where = crossing(state, departs=departs) if on_route else None
    return StateAsk(state, kind, "test", where, Stance.COOPERATING, sites)
