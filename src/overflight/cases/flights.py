"""Stored flights as values: link key, status, EOBT and the history of messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from overflight.ats import FlightStatus
from overflight.cases.records import case_row, flight_row
from overflight.store import FlightRow, Session, case_flights, flight_messages, list_flights

__all__ = ["FlightHistoryEntry", "StoredFlight", "flight_history", "stored_flights"]


@dataclass(frozen=True, slots=True)
class FlightHistoryEntry:
    """One message applied to a stored flight."""

    title: str
    status: FlightStatus
    changes: tuple[str, ...]
    source: str
    position: int


@dataclass(frozen=True, slots=True)
class StoredFlight:
    """A flight as stored: link key (aircraft id, departure, destination, DOF) and status."""

    id: int
    aircraft_id: str
    departure: str
    destination: str
    dof: date | None
    eobt: datetime | None
    status: FlightStatus
    plan_text: str

    @property
    def key(self) -> tuple[str, str, str, date | None]:
        """The ICAO FITS link key."""
        return self.aircraft_id, self.departure, self.destination, self.dof


def _flight_of(row: FlightRow) -> StoredFlight:
    return StoredFlight(
        id=row.id,
        aircraft_id=row.aircraft_id,
        departure=row.departure,
        destination=row.destination,
        dof=row.dof,
        eobt=row.eobt,
        status=FlightStatus(row.status),
        plan_text=row.plan_text,
    )


def stored_flights(session: Session, case_id: int | None = None) -> tuple[StoredFlight, ...]:
    """Every stored flight in filing order, or those a case follows."""
    if case_id is None:
        rows = list_flights(session)
    else:
        case_row(session, case_id)
        rows = case_flights(session, case_id)
    return tuple(_flight_of(row) for row in rows)


def flight_history(session: Session, flight_id: int) -> tuple[FlightHistoryEntry, ...]:
    """The messages applied to a flight, in ingest order."""
    flight_row(session, flight_id)
    return tuple(
        FlightHistoryEntry(
            row.title,
            FlightStatus(row.flight_status or "filed"),
            tuple(row.changes),
            row.source,
            row.position,
        )
        for row in flight_messages(session, flight_id)
    )
