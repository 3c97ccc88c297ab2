"""Repository functions for ATS messages and flights (each takes the caller's ``Session``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from overflight.store.schema import AtsMessageRow, FlightRow

__all__ = [
    "add",
    "count_flights",
    "count_messages",
    "find_message",
    "flight_messages",
    "flights_on_route",
    "get_flight",
    "known_hashes",
    "list_flights",
]

Row = TypeVar("Row")


def add(session: Session, row: Row) -> Row:
    """Add a new row and flush, so that its id is known."""
    session.add(row)
    session.flush()
    return row


def find_message(session: Session, content_hash: str) -> AtsMessageRow | None:
    """The stored message with this content hash, if any."""
    return session.scalars(
        select(AtsMessageRow).where(AtsMessageRow.content_hash == content_hash)
    ).first()


def known_hashes(session: Session, content_hashes: Sequence[str]) -> set[str]:
    """Which of ``content_hashes`` are already stored (one query per 500 hashes)."""
    found: set[str] = set()
    for start in range(0, len(content_hashes), 500):
        chunk = content_hashes[start : start + 500]
        found.update(
            session.scalars(
                select(AtsMessageRow.content_hash).where(AtsMessageRow.content_hash.in_(chunk))
            )
        )
    return found


def flights_on_route(
    session: Session, aircraft_id: str, departure: str, destination: str
) -> list[FlightRow]:
    """Flights with this aircraft id, departure and destination, in filing order."""
    return list(
        session.scalars(
            select(FlightRow)
            .where(
                FlightRow.aircraft_id == aircraft_id,
                FlightRow.departure == departure,
                FlightRow.destination == destination,
            )
            .order_by(FlightRow.id)
        )
    )


def get_flight(session: Session, flight_id: int) -> FlightRow | None:
    """The flight with this id, if any."""
    return session.get(FlightRow, flight_id)


def list_flights(session: Session) -> list[FlightRow]:
    """Every flight, in filing order."""
    return list(session.scalars(select(FlightRow).order_by(FlightRow.id)))


def flight_messages(session: Session, flight_id: int) -> list[AtsMessageRow]:
    """The messages linked to a flight, in the order they were ingested (its history)."""
    return list(
        session.scalars(
            select(AtsMessageRow)
            .where(AtsMessageRow.flight_id == flight_id)
            .order_by(AtsMessageRow.id)
        )
    )


def count_messages(session: Session) -> int:
    """How many messages are stored."""
    return session.scalar(select(func.count()).select_from(AtsMessageRow)) or 0


def count_flights(session: Session) -> int:
    """How many flights are stored."""
    return session.scalar(select(func.count()).select_from(FlightRow)) or 0
