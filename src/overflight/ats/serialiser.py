"""Write ATS messages canonically, so that ``parse_message(format_message(m)) == m``.

Canonical form: field 3 with its numbering glued to the title; fields 7 and 8 on the first line;
every other field on its own line; lines longer than 69 characters (the AFTN limit) wrapped at
spaces; field 18 in Doc 4444 order with ``RMK/`` last.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import time
from typing import Any

from overflight.ats.field18 import Field18, format_field18
from overflight.ats.message import (
    AircraftIdentification,
    AircraftType,
    Amendment,
    Arrival,
    AtsMessage,
    Departure,
    Destination,
    Equipment,
    Estimate,
    FlightRulesAndType,
    RouteField,
    Supplementary,
)

AFTN_LINE = 69


def _hhmm(value: time) -> str:
    return f"{value.hour:02d}{value.minute:02d}"


def format_aircraft(value: AircraftIdentification) -> str:
    """Field 7."""
    if value.ssr_mode:
        return f"{value.aircraft_id}/{value.ssr_mode}{value.ssr_code}"
    return value.aircraft_id


def format_rules(value: FlightRulesAndType) -> str:
    """Field 8."""
    return value.rules.value + (value.flight_type.value if value.flight_type else "")


def format_aircraft_type(value: AircraftType) -> str:
    """Field 9."""
    count = str(value.count) if value.count is not None else ""
    return f"{count}{value.designator}/{value.wake.value}"


def format_equipment(value: Equipment) -> str:
    """Field 10."""
    return "".join(value.com_nav) + "/" + "".join(value.surveillance)


def format_departure(value: Departure) -> str:
    """Field 13."""
    return value.aerodrome + (_hhmm(value.time) if value.time is not None else "")


def format_estimate(value: Estimate) -> str:
    """Field 14."""
    extra = f"{value.supplementary_level}{value.crossing}" if value.supplementary_level else ""
    level = value.level if value.level is not None else ""
    return f"{value.point}/{_hhmm(value.time)}{level}{extra}"


def format_route(value: RouteField) -> str:
    """Field 15."""
    head = f"{value.speed}{value.level}"
    return f"{head} {value.text}" if value.text else head


def format_destination(value: Destination) -> str:
    """Field 16."""
    text = value.aerodrome
    if value.total_eet_min is not None:
        hours, minutes = divmod(value.total_eet_min, 60)
        text += f"{hours:02d}{minutes:02d}"
    return " ".join((text, *value.alternates))


def format_arrival(value: Arrival) -> str:
    """Field 17."""
    text = value.aerodrome + _hhmm(value.time)
    return f"{text} {value.name}" if value.name else text


def format_supplementary(value: Supplementary) -> str:
    """Field 19."""
    return " ".join(f"{item.indicator}/{item.text}".rstrip() for item in value.items)


def format_amendment(value: Amendment) -> str:
    """One field 22 entry."""
    content = value.value
    formatter = _FORMATTERS.get(type(content))
    text = formatter(content) if formatter else str(content)
    return f"{value.field}/{text}"


_FORMATTERS: dict[type, Callable[[Any], str]] = {
    AircraftIdentification: format_aircraft,
    FlightRulesAndType: format_rules,
    AircraftType: format_aircraft_type,
    Equipment: format_equipment,
    Departure: format_departure,
    Estimate: format_estimate,
    RouteField: format_route,
    Destination: format_destination,
    Arrival: format_arrival,
    Field18: format_field18,
    Supplementary: format_supplementary,
}


def _wrap(text: str) -> str:
    width = AFTN_LINE - 2  # room for the leading "-" and a closing ")"
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def format_message(message: AtsMessage) -> str:
    """The message as canonical ICAO text, ``(`` to ``)``."""
    head = message.title.value + message.number + message.reference
    first = [head]
    if message.emergency:
        first.append(message.emergency)
    if message.aircraft is not None:
        first.append(format_aircraft(message.aircraft))
    if message.rules is not None:
        first.append(format_rules(message.rules))
    lines = ["-".join(first)]
    rest = []
    if message.aircraft_type is not None and message.equipment is not None:
        rest.append(
            format_aircraft_type(message.aircraft_type) + "-" + format_equipment(message.equipment)
        )
    elif message.aircraft_type is not None:
        rest.append(format_aircraft_type(message.aircraft_type))
    elif message.equipment is not None:
        rest.append(format_equipment(message.equipment))
    if message.departure is not None:
        rest.append(format_departure(message.departure))
    if message.estimate is not None:
        rest.append(format_estimate(message.estimate))
    if message.route is not None:
        rest.append(format_route(message.route))
    if message.destination is not None:
        rest.append(format_destination(message.destination))
    if message.arrival is not None:
        rest.append(format_arrival(message.arrival))
    if message.other is not None:
        rest.append(format_field18(message.other))
    if message.supplementary is not None:
        rest.append(format_supplementary(message.supplementary))
    if message.search_rescue:
        rest.append(message.search_rescue)
    rest.extend(format_amendment(amendment) for amendment in message.amendments)
    lines.extend("-" + _wrap(text) for text in rest)
    return "(" + "\n".join(lines) + ")"
