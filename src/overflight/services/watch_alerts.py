"""Alerts: what an analyst (and a partner) is told about a watched aircraft, and their record.

``judge`` turns one watch event of an aircraft of concern into alerts: for a filed flight of a
case, against what was filed and asked (departed; entered a state not on the filed route, or
one asked to deny; landed where asked, or diverted; went quiet near a border); for other
aircraft of concern, their entries, departures, landings and gaps. Each alert is marked like
its concern (a case's marking, or UNCLASSIFIED), and has an id made from what it says, so that
a replay of the same positions makes the same ids.

``record_alerts`` files them: a line on the case's timeline (marked with the case's marking)
and an audit row, once per alert id (an alert about no case: the audit row alone).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from overflight.cases import log_event
from overflight.geo import state_name
from overflight.markings import Marking
from overflight.observed import EventKind, TrackEvent
from overflight.services.audit import AUDIT_ROWS_MAX, audit_trail, record_audit
from overflight.services.watch_concern import Concern
from overflight.services.watch_flights import WatchedFlight
from overflight.store import Session, events_of

__all__ = ["DIVERSION_KM", "Alert", "AlertKind", "judge", "record_alerts"]

DIVERSION_KM = 30.0
"""A landing farther than this from the filed destination is a diversion."""
_TIMELINE_KIND = "observed"


class AlertKind(StrEnum):
    """What an alert reports."""

    OBSERVED = "observed"  # first seen
    DEPARTED = "departed"
    ENTERED = "entered"
    ENTERED_UNFILED = "entered-unfiled"  # a state the filed route does not cross
    ENTERED_DENIED = "entered-denied"  # a state that was asked to deny, and did
    LANDED = "landed"
    LANDED_AS_ASKED = "landed-as-asked"  # in a state that said it would require a landing
    DIVERTED = "diverted"
    GAP = "gap"
    IMPLAUSIBLE = "implausible"  # positions dropped as impossible motion (spoofing?)


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert about one aircraft, marked, with the case it is filed to (if any)."""

    id: str
    kind: AlertKind
    icao24: str
    callsign: str
    at: datetime
    lat: float
    lon: float
    state: str  # the airspace it concerns ("" international)
    text: str
    marking: Marking
    case_id: int | None = None
    flight_id: int | None = None

    @property
    def subject_state(self) -> str:
        """The state token of the alert's subject (``XX`` for international airspace)."""
        return self.state or "XX"


def judge(event: TrackEvent, concerns: Sequence[Concern]) -> list[Alert]:
    """The alerts one watch event raises for an aircraft with these concerns."""
    alerts: list[Alert] = []
    for concern in concerns:
        found = _alert_for(event, concern)
        if found is None:
            continue
        kind, text = found
        case_id = concern.case.id if concern.case is not None else None
        alerts.append(
            Alert(
                id=_alert_id(kind, event, case_id),
                kind=kind,
                icao24=event.icao24,
                callsign=event.callsign,
                at=event.at,
                lat=event.lat,
                lon=event.lon,
                state=event.state,
                text=f"{text} — {concern.why}",
                marking=concern.marking,
                case_id=case_id,
                flight_id=concern.flight.flight_id if concern.flight is not None else None,
            )
        )
    return alerts


def _alert_for(event: TrackEvent, concern: Concern) -> tuple[AlertKind, str] | None:
    who = f"{event.callsign or event.icao24} ({event.icao24})"
    when = f"{event.at:%Y-%m-%d %H:%MZ}"
    where = _airspace(event.state)
    flight = concern.flight
    if event.kind is EventKind.FIRST_SEEN:
        return AlertKind.OBSERVED, f"{who} first observed over {where} at {when}"
    if event.kind is EventKind.DEPARTED:
        eobt = f" (EOBT {flight.eobt:%H:%MZ})" if flight and flight.eobt else ""
        return AlertKind.DEPARTED, f"{who} observed departing in {where} at {when}{eobt}"
    if event.kind is EventKind.ENTERED:
        if not event.state:
            return AlertKind.ENTERED, f"{who} left {_airspace(event.previous)} at {when}"
        if flight is not None and event.state in flight.denied:
            return AlertKind.ENTERED_DENIED, (
                f"{who} entered {where} at {when}, though {event.state} denied overflight"
            )
        if flight is not None and flight.filed_states and event.state not in flight.filed_states:
            return AlertKind.ENTERED_UNFILED, (
                f"{who} entered {where} at {when}, which its filed route does not cross"
            )
        return AlertKind.ENTERED, f"{who} entered {where} at {when}"
    if event.kind is EventKind.LANDED:
        return _landing(event, flight, who, where, when)
    if event.kind is EventKind.GAP:
        return AlertKind.GAP, f"{who} not seen since {when} over {where}: {event.detail}"
    if event.kind is EventKind.REJECTED:
        return AlertKind.IMPLAUSIBLE, (
            f"{who}: positions over {where} from {when} dropped: {event.detail}"
        )
    return None


def _landing(
    event: TrackEvent, flight: WatchedFlight | None, who: str, where: str, when: str
) -> tuple[AlertKind, str]:
    if flight is None:
        return AlertKind.LANDED, f"{who} landed in {where} at {when}"
    if event.state in flight.require_landing:
        return AlertKind.LANDED_AS_ASKED, (
            f"{who} landed in {where} at {when}, as {event.state} said it would require"
        )
    place = flight.destination_place
    if place is not None:
        away_km = _distance_km(event.lat, event.lon, place.lat, place.lon)
        if away_km > DIVERSION_KM:
            return AlertKind.DIVERTED, (
                f"{who} landed in {where} at {when}, {away_km:,.0f} km from its filed "
                f"destination {flight.destination}: diverted"
            )
    return AlertKind.LANDED, f"{who} landed at {flight.destination} at {when}"


def _airspace(state: str) -> str:
    return f"{state_name(state)} ({state})" if state else "international airspace"


def _alert_id(kind: AlertKind, event: TrackEvent, case_id: int | None) -> str:
    key = f"{kind.value}|{event.icao24}|{event.at.isoformat()}|{event.state}|{case_id or ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def record_alerts(
    session: Session, alerts: Iterable[Alert], *, actor: str = "watch", now: datetime | None = None
) -> list[Alert]:
    """File alerts not filed before: a case timeline line and an audit row each.

    Returns the alerts that were new. The timeline line is marked with the alert's marking
    (the case's), and ends with ``[alert ID]`` so that a replay adds nothing.
    """
    when = now or datetime.now(UTC)
    seen: dict[int | str, set[str]] = {}
    new: list[Alert] = []
    for alert in alerts:
        key: int | str = alert.case_id if alert.case_id is not None else alert.icao24
        known = seen.get(key)
        if known is None:
            known = seen[key] = _filed_ids(session, alert)
        if alert.id in known:
            continue
        known.add(alert.id)
        line = f"{alert.kind.value}: {alert.text} [alert {alert.id}]"
        if alert.case_id is not None:
            log_event(session, alert.case_id, alert.at, actor, _TIMELINE_KIND, line, alert.marking)
        record_audit(
            session,
            actor,
            "alert",
            "case" if alert.case_id is not None else "aircraft",
            key,
            line,
            marking=alert.marking,
            at=when,
        )
        new.append(alert)
    return new


def _filed_ids(session: Session, alert: Alert) -> set[str]:
    """Ids of the alerts already filed about the same case (timeline) or aircraft (audit)."""
    if alert.case_id is not None:
        details = [e.detail for e in events_of(session, alert.case_id) if e.kind == _TIMELINE_KIND]
    else:
        rows = audit_trail(
            session, action="alert", object_kind="aircraft", object_id=alert.icao24,
            limit=AUDIT_ROWS_MAX,
        )  # fmt: skip
        details = [row.detail for row in rows]
    return {d.rsplit("[alert ", 1)[-1].rstrip("]") for d in details if "[alert " in d}
