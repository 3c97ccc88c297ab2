"""Permit requests in the store: kept as received, linked to their flight, found again.

A request is stored whole (its text and form) with the keys linking needs: call sign, date of
flight, registration (hyphens dropped), operator. When a plan arrives for that call sign on that
day (or that aircraft that day) the request links to the flight and the flight's cases log it;
a case a request opened follows the flight from then on. Other requests by the same aircraft
or operator, and denials in cases of the same flight or aircraft, are what screening weighs as
``repeated-requests`` and ``denied-elsewhere``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from overflight.ats import parse_message, to_flight_intent
from overflight.cases.casework import attach_flight_to_case
from overflight.cases.columns import digest
from overflight.cases.follow import log_event
from overflight.cases.model import CaseStatus, StateResponse
from overflight.cases.queries import cases_of_flight
from overflight.errors import OverflightError
from overflight.geo import state_name
from overflight.markings import Marking, compute_banner, parse_portion
from overflight.permits import PermitRequest, read_form
from overflight.screening import Denial
from overflight.store import (
    PermitRequestRow,
    Session,
    add,
    case_flights,
    engagements_of,
    find_permit_request,
    flights_by_callsign,
    get_case,
    permit_requests,
    permit_requests_for_flight,
    permit_requests_of_case,
    permit_requests_of_flight,
)

__all__ = [
    "StoredPermit",
    "case_permit_requests",
    "compact_registration",
    "describe_request",
    "link_permit_requests",
    "other_permit_requests",
    "permit_denials",
    "permit_of_flight",
    "record_permit_request",
    "set_permit_case",
]


@dataclass(frozen=True, slots=True)
class StoredPermit:
    """A stored request's id, whether this call added it, and where it came from."""

    id: int
    added: bool
    source: str


def compact_registration(registration: str) -> str:
    """A registration as it is matched: upper case, no hyphens or spaces (``P-912`` → ``P912``)."""
    return registration.replace("-", "").replace(" ", "").upper()


def describe_request(request: PermitRequest) -> str:
    """One line for a timeline: reference, flight, states asked, window."""
    intent = request.intent
    asked = ", ".join(state_name(s) for s in request.requested_states) or "no state named"
    window = ""
    if request.valid_from is not None and request.valid_until is not None:
        window = f", valid {request.valid_from:%d %b %H:%MZ} to {request.valid_until:%d %b %H:%MZ}"
    reference = f"{request.reference}: " if request.reference else ""
    return (
        f"permit request {reference}{intent.aircraft_id} {intent.registration} "
        f"{intent.departure}-{intent.destination}, asks {asked}{window}"
    )


def record_permit_request(
    session: Session,
    request: PermitRequest,
    *,
    text: str,
    form: str,
    source: str,
    at: datetime,
    marking: Marking,
    line: int = 1,
) -> StoredPermit:
    """Store a request as received, with its marking; the same text again is the same request."""
    found = find_permit_request(session, digest(f"{form}\n{text}"))
    if found is not None:
        return StoredPermit(found.id, False, found.source)
    operator = request.operator
    row = add(
        session,
        PermitRequestRow(
            content_hash=digest(f"{form}\n{text}"),
            reference=request.reference[:100],
            form=form,
            text=text,
            source=source[:1000],
            line=line,
            callsign=request.intent.aircraft_id,
            registration=compact_registration(request.intent.registration),
            operator=(operator.name if operator else request.intent.operator)[:200],
            departure=request.intent.departure,
            destination=request.intent.destination,
            dof=request.intent.dof,
            requested_states=list(request.requested_states),
            received_at=at,
            classification=marking.portion(),
        ),
    )
    return StoredPermit(row.id, True, source)


def _covers(within: Marking | None, portion: str, source: str) -> bool:
    """Whether what a portion marked ``portion`` says may go into something marked ``within``."""
    if within is None:
        return True
    return compute_banner([within, parse_portion(portion, source=source)]) == within


def set_permit_case(session: Session, permit_id: int, case_id: int, at: datetime) -> None:
    """A case opened on a request holds it; its timeline says so."""
    row = session.get(PermitRequestRow, permit_id)
    if row is None:
        return
    row.case_id = case_id
    request, _ = read_form(row.text, row.source, row.form)
    detail = describe_request(request) if request is not None else f"permit request {row.id}"
    marking = parse_portion(row.classification, source=f"permit request {row.id}")
    line = f"{detail} (from {row.source})"
    log_event(session, case_id, at, "screening", "permit", line, marking)


def _read(row: PermitRequestRow) -> PermitRequest | None:
    request, _ = read_form(row.text, row.source, row.form)
    return request


def other_permit_requests(
    session: Session,
    request: PermitRequest,
    exclude_id: int | None = None,
    within: Marking | None = None,
) -> tuple[tuple[str, PermitRequest], ...]:
    """Stored requests by the same aircraft or operator as ``request`` (itself left out).

    With ``within``, requests whose marking that one does not cover are left out.
    """
    registration = compact_registration(request.intent.registration)
    operator = request.operator
    rows = permit_requests(
        session,
        registrations=[registration] if registration else [],
        operators=[operator.name] if operator and operator.name else [],
    )
    found = []
    for row in rows:
        if row.id == exclude_id or not _covers(within, row.classification, f"request {row.id}"):
            continue
        other = _read(row)
        if other is not None:
            found.append((f"{row.source}:{row.line}", other))
    return tuple(found)


def _flight_keys(session: Session, case_id: int) -> list[tuple[str, str, date | None, str]]:
    """(call sign, registration, DOF, label) of each flight and request a case holds."""
    keys = []
    for flight in case_flights(session, case_id):
        registration = ""
        try:
            intent = to_flight_intent(parse_message(flight.plan_text), dof=flight.dof)
            registration = compact_registration(intent.registration)
        except OverflightError:
            pass
        label = f"{flight.aircraft_id} {flight.departure}-{flight.destination}"
        keys.append((flight.aircraft_id, registration, flight.dof, label))
    for row in permit_requests_of_case(session, case_id):
        label = f"{row.callsign} {row.departure}-{row.destination}"
        keys.append((row.callsign, row.registration, row.dof, label))
    return keys


def permit_denials(
    session: Session, request: PermitRequest, within: Marking | None = None
) -> tuple[Denial, ...]:
    """States that denied this flight in a case not closed: same aircraft, or call sign and day.

    Only cases holding a flight or request that matches are searched, through the stored
    requests and flights of this call sign or aircraft. With ``within`` (the marking of the
    case the finding will be kept in), a case whose marking that one does not cover is left
    out: a denial never reaches readers of a case who may not read the case it came from.
    """
    registration = compact_registration(request.intent.registration)
    callsign, dof = request.intent.aircraft_id, request.intent.dof
    case_ids: set[int] = set()
    for row in permit_requests_for_flight(session, callsign, None, registration):
        if row.case_id is not None:
            case_ids.add(row.case_id)
    for flight in flights_by_callsign(session, callsign):
        case_ids.update(c.id for c in cases_of_flight(session, flight.id))
    denials = []
    for case_id in sorted(case_ids):
        case = get_case(session, case_id)
        if case is None or case.status == CaseStatus.CLOSED.value:
            continue
        if not _covers(within, case.classification, f"case {case.id}"):
            continue
        labels = [
            label
            for sign, reg, day, label in _flight_keys(session, case_id)
            if (registration and reg == registration) or (sign == callsign and day == dof)
        ]
        if not labels:
            continue
        for engagement in engagements_of(session, case_id):
            if engagement.response == StateResponse.DENIED_OVERFLIGHT.value:
                denials.append(
                    Denial(engagement.state, case_id, labels[0], engagement.responded_on)
                )
    return tuple(denials)


def link_permit_requests(
    session: Session,
    flight_id: int,
    *,
    callsign: str,
    dof: date | None,
    registration: str,
    at: datetime,
) -> tuple[int, ...]:
    """Link the stored requests for this flight to it; the flight's cases log each one.

    A case a request opened follows the flight from now on. Returns the ids linked now.
    """
    linked = []
    for row in permit_requests_for_flight(
        session, callsign, dof, compact_registration(registration)
    ):
        if row.flight_id is not None:
            continue
        row.flight_id = flight_id
        linked.append(row.id)
        request = _read(row)
        detail = describe_request(request) if request is not None else f"permit request {row.id}"
        marking = parse_portion(row.classification, source=f"permit request {row.id}")
        if row.case_id is not None:
            following = {c.id for c in cases_of_flight(session, flight_id)}
            if row.case_id not in following:
                attach_flight_to_case(session, row.case_id, flight_id, at=at, actor="screening")
        for case in cases_of_flight(session, flight_id):
            line = f"{detail} linked to the flight plan"
            log_event(session, case.id, at, "screening", "permit", line, marking)
    return tuple(linked)


def case_permit_requests(session: Session, case_id: int) -> tuple[PermitRequest, ...]:
    """The requests a case holds (it opened on them), read again, oldest first."""
    found = (_read(row) for row in permit_requests_of_case(session, case_id))
    return tuple(request for request in found if request is not None)


def permit_of_flight(
    session: Session, flight_id: int, within: Marking | None = None
) -> PermitRequest | None:
    """The newest stored request linked to a flight, read again, if any.

    With ``within``, only a request whose marking that one covers, and every case following
    the flight covers: what screening under it finds goes to those cases.
    """
    following = cases_of_flight(session, flight_id)
    for row in reversed(permit_requests_of_flight(session, flight_id)):
        where = f"request {row.id}"
        if not _covers(within, row.classification, where) or not all(
            _covers(case.marking, row.classification, where) for case in following
        ):
            continue
        request = _read(row)
        if request is not None:
            return request
    return None
