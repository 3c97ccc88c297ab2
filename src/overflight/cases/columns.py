"""Messages and flights as stored columns: a message's hash, route and row, a flight's row."""

from __future__ import annotations

import hashlib
from datetime import datetime

from overflight.ats import AtsMessage, Flight, format_message
from overflight.model import to_jsonable
from overflight.store import FlightRow

__all__ = ["RouteKey", "content_hash", "digest", "message_fields", "route_key", "write_flight"]

RouteKey = tuple[str, str, str]
"""Aircraft id, departure and destination: the key flights are looked up by."""


def content_hash(message: AtsMessage) -> str:
    """SHA-256 of the message's canonical text: equal messages hash equal whatever their file."""
    return digest(format_message(message))


def digest(canonical: str) -> str:
    """SHA-256 of a message's canonical text (``format_message``), in hex."""
    return hashlib.sha256(canonical.encode()).hexdigest()


def route_key(message: AtsMessage) -> RouteKey:
    """The message's aircraft id, departure and destination (or arrival) aerodromes."""
    departure = message.departure.aerodrome if message.departure else ""
    if message.destination is not None:
        destination = message.destination.aerodrome
    else:
        destination = message.arrival.aerodrome if message.arrival else ""
    return message.aircraft_id, departure, destination


def message_fields(
    message: AtsMessage, content_digest: str, raw_text: str, at: datetime
) -> dict[str, object]:
    """The columns of a message's row, before it is linked."""
    aircraft_id, departure, destination = route_key(message)
    origin = message.origin
    return {
        "content_hash": content_digest,
        "title": message.title.value,
        "aircraft_id": aircraft_id,
        "departure": departure,
        "destination": destination,
        "raw_text": raw_text,
        "source": origin.source if origin else "",
        "position": origin.index if origin else 0,
        "line": origin.line if origin else 1,
        "parsed": to_jsonable(message, leave_out=("origin",)),  # not the source's lines
        "flight_id": None,
        "flight_status": None,
        "changes": [],
        "link_note": "",
        "ingested_at": at,
    }


def write_flight(
    row: FlightRow, flight: Flight, at: datetime, plan_text: str | None = None
) -> None:
    """Set a flight row's columns (``plan_text``: the plan's canonical text, if known)."""
    row.aircraft_id, row.departure, row.destination = route_key(flight.plan)
    row.dof = flight.dof
    row.eobt = flight.eobt
    row.status = flight.status.value
    row.plan_text = plan_text if plan_text is not None else format_message(flight.plan)
    row.updated_at = at
