"""Stored permit requests: add one, find them by aircraft or flight, link them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select

from overflight.store.schema import FlightRow, PermitRequestRow
from overflight.store.sql import Session

__all__ = [
    "find_permit_request",
    "flights_by_callsign",
    "permit_requests",
    "permit_requests_for_flight",
    "permit_requests_of_case",
    "permit_requests_of_flight",
]


def find_permit_request(session: Session, content_hash: str) -> PermitRequestRow | None:
    """The stored request with this content hash, if any."""
    return session.scalars(
        select(PermitRequestRow).where(PermitRequestRow.content_hash == content_hash)
    ).first()


def permit_requests(
    session: Session, *, registrations: Sequence[str] = (), operators: Sequence[str] = ()
) -> list[PermitRequestRow]:
    """Requests by any of these aircraft (hyphen-free registrations) or operators, oldest first."""
    terms = []
    if registrations:
        terms.append(PermitRequestRow.registration.in_(list(registrations)))
    if operators:
        terms.append(PermitRequestRow.operator.in_(list(operators)))
    if not terms:
        return []
    query = select(PermitRequestRow).where(or_(*terms)).order_by(PermitRequestRow.id)
    return list(session.scalars(query))


def permit_requests_for_flight(
    session: Session, callsign: str, dof: date | None, registration: str = ""
) -> list[PermitRequestRow]:
    """Requests for a flight: its call sign on its date of flight, or its aircraft that day."""
    terms = [PermitRequestRow.callsign == callsign]
    if registration:
        terms.append(PermitRequestRow.registration == registration)
    query = select(PermitRequestRow).where(or_(*terms)).order_by(PermitRequestRow.id)
    return [row for row in session.scalars(query) if dof is None or row.dof in (None, dof)]


def permit_requests_of_case(session: Session, case_id: int) -> list[PermitRequestRow]:
    """The requests a case holds, oldest first."""
    query = (
        select(PermitRequestRow)
        .where(PermitRequestRow.case_id == case_id)
        .order_by(PermitRequestRow.id)
    )
    return list(session.scalars(query))


def permit_requests_of_flight(session: Session, flight_id: int) -> list[PermitRequestRow]:
    """The requests linked to a flight, oldest first."""
    query = (
        select(PermitRequestRow)
        .where(PermitRequestRow.flight_id == flight_id)
        .order_by(PermitRequestRow.id)
    )
    return list(session.scalars(query))


def flights_by_callsign(session: Session, callsign: str) -> list[FlightRow]:
    """Flights filed under this aircraft id, in filing order."""
    query = select(FlightRow).where(FlightRow.aircraft_id == callsign).order_by(FlightRow.id)
    return list(session.scalars(query))
