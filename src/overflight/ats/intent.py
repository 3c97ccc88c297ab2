"""An FPL (or the current state of a linked flight) as the shared ``FlightIntent``."""

from __future__ import annotations

from datetime import UTC, date, datetime

from overflight.ats.field18 import Field18
from overflight.ats.message import AtsMessage
from overflight.model import FlightIntent, Provenance


def eobt_of(message: AtsMessage, dof: date | None) -> datetime | None:
    """EOBT as an aware UTC datetime: ``dof`` at field 13b, or ``None`` without a date or time."""
    if dof is None or message.departure is None or message.departure.time is None:
        return None
    return datetime.combine(dof, message.departure.time, tzinfo=UTC)


def to_flight_intent(
    message: AtsMessage, *, dof: date | None = None, eobt: datetime | None = None
) -> FlightIntent:
    """The flight a message describes, as far as its fields tell.

    ``dof`` stands in when field 18 has no ``DOF/`` (a feed's date, say); ``eobt`` overrides the
    one computed from DOF and field 13b (linking passes the EOBT after delays over midnight).
    """
    other = message.other if message.other is not None else Field18()
    flight_dof = other.dof or dof
    aircraft_type = message.aircraft_type
    type_name = ""
    if aircraft_type is not None:
        type_name = other.typ if aircraft_type.designator == "ZZZZ" else aircraft_type.designator
    origin = message.origin
    return FlightIntent(
        aircraft_id=message.aircraft_id,
        operator=other.opr,
        registration=other.reg,
        aircraft_address=int(other.code, 16) if other.code else None,
        aircraft_type=type_name,
        aircraft_count=(aircraft_type.count or 1) if aircraft_type else 1,
        wake_category=aircraft_type.wake if aircraft_type else None,
        flight_rules=message.rules.rules if message.rules else None,
        flight_type=message.rules.flight_type if message.rules else None,
        eobt=eobt if eobt is not None else eobt_of(message, flight_dof),
        dof=flight_dof,
        departure=message.departure.aerodrome if message.departure else "",
        destination=message.destination.aerodrome if message.destination else "",
        alternates=message.destination.alternates if message.destination else (),
        cruising_speed=message.route.speed if message.route else None,
        cruising_level=message.route.level if message.route else None,
        route_text=message.route.text if message.route else "",
        total_eet_min=message.destination.total_eet_min if message.destination else None,
        eet=other.eet,
        sts=other.sts,
        remarks=other.rmk,
        other_indicators=other.others,
        provenance=Provenance(origin.source, origin.index, origin.line) if origin else None,
    )
