"""Repository functions for ATS messages and flights (each takes the caller's ``Session``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from overflight.store.schema import AtsMessageRow, CaseMessageRow, CaseRow, FlightRow

__all__ = [
    "add",
    "case_statuses_of_flights",
    "count_flights",
    "count_messages",
    "find_message",
    "flight_messages",
    "flights_on_route",
    "flights_on_routes",
    "get_flight",
    "insert_messages",
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


def flights_on_routes(
    session: Session, routes: Collection[tuple[str, str, str]]
) -> list[FlightRow]:
    """Flights on any of ``routes`` (aircraft id, departure, destination), in filing order.

    One query per 500 aircraft ids (the route index's first column); the departure and
    destination are checked here, which keeps the query the same on every backend.
    """
    wanted = set(routes)
    aircraft_ids = sorted({route[0] for route in wanted})
    found: list[FlightRow] = []
    for start in range(0, len(aircraft_ids), 500):
        chunk = aircraft_ids[start : start + 500]
        found.extend(
            row
            for row in session.scalars(select(FlightRow).where(FlightRow.aircraft_id.in_(chunk)))
            if (row.aircraft_id, row.departure, row.destination) in wanted
        )
    return sorted(found, key=lambda row: row.id)


def case_statuses_of_flights(session: Session, flight_ids: Sequence[int]) -> list[tuple[int, str]]:
    """``(flight id, case status)`` for every case that holds a message of one of the flights.

    A flight with no such pair is followed by no case (one query per 500 flight ids).
    """
    pairs: set[tuple[int, str]] = set()
    for start in range(0, len(flight_ids), 500):
        chunk = flight_ids[start : start + 500]
        rows = session.execute(
            select(AtsMessageRow.flight_id, CaseRow.status)
            .join(CaseMessageRow, CaseMessageRow.message_id == AtsMessageRow.id)
            .join(CaseRow, CaseRow.id == CaseMessageRow.case_id)
            .where(AtsMessageRow.flight_id.in_(chunk))
            .distinct()
        )
        pairs.update((flight_id, status) for flight_id, status in rows if flight_id is not None)
    return sorted(pairs)


def insert_messages(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert message rows (column name -> value) in one bulk statement, in the order given.

    The session is flushed first, so flights the rows refer to are written; no ORM objects are
    made for the messages (ids are assigned in order, as one ``add`` each would do).
    """
    if rows:
        # With NULLs rendered, every row has the same columns: one batched statement, not one
        # per run of rows that happen to leave the same columns empty.
        session.execute(insert(AtsMessageRow).execution_options(render_nulls=True), list(rows))
