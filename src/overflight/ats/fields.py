"""Readers for the field types of Doc 4444 Appendix 3 (field 18 has its own module).

Each reader takes the field's text with whitespace folded to single spaces and returns a typed
value, or raises ``FieldSyntaxError`` with the position inside the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time

from overflight.ats.build import constructor
from overflight.ats.errors import FieldSyntaxError
from overflight.ats.field18 import parse_field18
from overflight.ats.message import (
    AircraftIdentification,
    AircraftType,
    AmendedValue,
    Amendment,
    Arrival,
    Departure,
    Destination,
    Equipment,
    Estimate,
    FlightRulesAndType,
    RouteField,
    Supplementary,
    SupplementaryItem,
)
from overflight.model import (
    CruisingLevel,
    FlightRules,
    FlightType,
    LevelUnit,
    Speed,
    SpeedUnit,
    WakeCategory,
)

_F3 = re.compile(r"([A-Z]{3})([A-Z]{1,4}/[A-Z]{1,4}\d{3})?([A-Z]{1,4}/[A-Z]{1,4}\d{3})?")
_F7 = re.compile(r"([A-Z0-9]{1,7})(?:/([A-Z])(\d{4}))?")
_F8 = re.compile(r"([IVYZ])([SNGMX])?")
_F9 = re.compile(r"(\d{1,2})?([A-Z0-9]{2,4})/([LMHJ])")
_F10 = re.compile(r"([A-Z0-9]+)/([A-Z0-9]+)")
_F10_CODE = re.compile(r"[A-Z]\d?")
_F13 = re.compile(r"([A-Z]{4})(\d{4})?")
_F14 = re.compile(
    r"([A-Z0-9]{2,16})/(\d{4})(F\d{3}|S\d{4}|A\d{3}|M\d{4})(?:(F\d{3}|S\d{4}|A\d{3}|M\d{4})([AB]))?"
)
SPEED_LEVEL = re.compile(r"(?:([NK])(\d{4})|M(\d{3}))(?:([FA])(\d{3})|([SM])(\d{4})|(VFR))")
_F16 = re.compile(r"([A-Z]{4})(\d{4})?((?: [A-Z]{4})*)")
_F17 = re.compile(r"([A-Z]{4})(\d{4})(?: (.+))?")
_F19_ITEM = re.compile(r"(?<!\S)([EPRSJDANC])/")
_F22 = re.compile(r"(\d{1,2}) ?/ ?(.*)")

# Enum members by value: a dict lookup costs a fraction of calling the enum.
_SPEED_UNITS = {unit.value: unit for unit in SpeedUnit}
_LEVEL_UNITS = {unit.value: unit for unit in LevelUnit}
_RULES = {rules.value: rules for rules in FlightRules}
_FLIGHT_TYPES = {kind.value: kind for kind in FlightType}
_WAKES = {wake.value: wake for wake in WakeCategory}
_VFR_LEVEL = CruisingLevel(LevelUnit.VFR)
_TIMES = {f"{h:02d}{m:02d}": time(h, m) for h in range(24) for m in range(60)}  # HHMM: time
# Positional constructors for the values read once per message (fields 7, 13, 16, 17).
_build_aircraft = constructor(AircraftIdentification)
_build_departure = constructor(Departure)
_build_destination = constructor(Destination)
_build_arrival = constructor(Arrival)


def read_hhmm(text: str, field: str, offset: int = 0) -> time:
    """An HHMM time of day.

    Raises:
        FieldSyntaxError: not four digits of a real time.
    """
    known = _TIMES.get(text)
    if known is not None:
        return known
    if len(text) == 4 and text.isdigit():
        hours, minutes = int(text[:2]), int(text[2:])
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise FieldSyntaxError(f"{text!r} is not a time HHMM", field=field, offset=offset)


def read_speed_level(text: str, field: str, offset: int = 0) -> tuple[Speed, CruisingLevel]:
    """A speed and level group (``N0450F350``, ``M082F370``, ``K0830S1130``, ``N0115VFR``).

    Raises:
        FieldSyntaxError: the group is not a speed followed by a level, or the speed is zero.

    Example:
        >>> speed, level = read_speed_level("M082S1130", "15")
        >>> print(speed, speed.unit.name, level, level.unit.name)
        M082 MACH S1130 METRIC_LEVEL
    """
    match = SPEED_LEVEL.fullmatch(text)
    if match is None:
        raise FieldSyntaxError(
            f"{text!r} is not a speed/level group (N0450F350, M082S1130)",
            field=field,
            offset=offset,
        )
    knots_or_kmh, value, mach, fa_unit, fa_value, sm_unit, sm_value, vfr = match.groups()
    if mach is not None:
        speed = Speed(int(mach) / 100, SpeedUnit.MACH)
    else:
        speed = Speed(int(value), _SPEED_UNITS[knots_or_kmh])
    if speed.value == 0:
        raise FieldSyntaxError(f"{text!r} has a speed of zero", field=field, offset=offset)
    if vfr:
        level = _VFR_LEVEL
    elif fa_unit:
        level = CruisingLevel(_LEVEL_UNITS[fa_unit], int(fa_value))
    else:
        level = CruisingLevel(_LEVEL_UNITS[sm_unit], int(sm_value))
    return speed, level


def read_level(text: str, field: str, offset: int = 0) -> CruisingLevel:
    """A level group without speed (``F350``, ``S1130``).

    Raises:
        FieldSyntaxError: not a level.
    """
    letter = text[:1]
    digits = text[1:]
    width = 3 if letter in ("F", "A") else 4 if letter in ("S", "M") else 0
    if width and len(digits) == width and digits.isdigit():
        return CruisingLevel(_LEVEL_UNITS[letter], int(digits))
    raise FieldSyntaxError(f"{text!r} is not a level", field=field, offset=offset)


def read_title(text: str) -> tuple[str, str, str]:
    """Field 3: title, message number and reference data (numbering may be glued to the title).

    Raises:
        FieldSyntaxError: no three-letter title, or numbering that does not read.
    """
    compact = text.replace(" ", "")
    match = _F3.fullmatch(compact)
    if match is None:
        raise FieldSyntaxError(
            f"{text!r} is not a message title with optional numbering", field="3"
        )
    return match.group(1), match.group(2) or "", match.group(3) or ""


def read_aircraft(text: str) -> AircraftIdentification:
    """Field 7: aircraft id, optionally ``/A`` and a four-digit SSR code.

    Raises:
        FieldSyntaxError: not an aircraft id of at most 7 characters.
    """
    match = _F7.fullmatch(text)
    if match is None:
        raise FieldSyntaxError(
            f"{text!r} is not an aircraft id (at most 7 letters and digits, then /A and a code)",
            field="7",
        )
    return _build_aircraft(*match.groups(""))


def read_rules(text: str) -> FlightRulesAndType:
    """Field 8: flight rules letter and type of flight letter.

    Raises:
        FieldSyntaxError: not one of I V Y Z followed by S N G M X.
    """
    match = _F8.fullmatch(text)
    if match is None:
        raise FieldSyntaxError(
            f"{text!r} is not flight rules (I V Y Z) and type of flight (S N G M X)", field="8"
        )
    kind = match.group(2)
    return FlightRulesAndType(_RULES[match.group(1)], _FLIGHT_TYPES[kind] if kind else None)


def read_aircraft_type(text: str) -> AircraftType:
    """Field 9: optional number, type designator (or ZZZZ), ``/`` wake category.

    Raises:
        FieldSyntaxError: not ``[number]type/wake``.
    """
    match = _F9.fullmatch(text.replace(" ", ""))
    if match is None:
        raise FieldSyntaxError(
            f"{text!r} is not an aircraft type and wake category (B763/H)", field="9"
        )
    count = int(match.group(1)) if match.group(1) else None
    return AircraftType(match.group(2), _WAKES[match.group(3)], count)


def read_equipment(text: str) -> Equipment:
    """Field 10: equipment codes before and surveillance codes after the ``/``.

    Raises:
        FieldSyntaxError: not ``codes/codes``.
    """
    match = _F10.fullmatch(text.replace(" ", ""))
    if match is None:
        raise FieldSyntaxError(f"{text!r} is not equipment codes (SDFGR/SB1)", field="10")
    com_nav = tuple(_F10_CODE.findall(match.group(1)))
    surveillance = tuple(_F10_CODE.findall(match.group(2)))
    if "".join(com_nav) != match.group(1) or "".join(surveillance) != match.group(2):
        raise FieldSyntaxError(f"{text!r} has a code that does not start with a letter", field="10")
    return Equipment(com_nav, surveillance)


def read_departure(text: str, *, time_required: bool = False) -> Departure:
    """Field 13: the four-letter departure aerodrome, optionally followed by HHMM.

    Raises:
        FieldSyntaxError: not a location indicator (and time).
    """
    match = _F13.fullmatch(text.replace(" ", ""))
    if match is None or (time_required and match.group(2) is None):
        raise FieldSyntaxError(f"{text!r} is not an aerodrome and time (NZAA2300)", field="13")
    hhmm = match.group(2)
    return _build_departure(match.group(1), read_hhmm(hhmm, "13", 4) if hhmm else None)


def read_estimate(text: str) -> Estimate:
    """Field 14: ``point/HHMM`` level, optionally a supplementary level and A or B.

    Raises:
        FieldSyntaxError: not that form.
    """
    match = _F14.fullmatch(text.replace(" ", ""))
    if match is None:
        raise FieldSyntaxError(f"{text!r} is not an estimate (PISTN/0427F330)", field="14")
    point, hhmm, level, extra, crossing = match.groups()
    offset = len(point) + 1
    return Estimate(
        point,
        read_hhmm(hhmm, "14", offset),
        read_level(level, "14", offset + 4),
        read_level(extra, "14", offset + 4 + len(level)) if extra else None,
        crossing or "",
    )


def read_route(text: str) -> RouteField:
    """Field 15: the initial speed/level group, then the route text (kept for decoding).

    Raises:
        FieldSyntaxError: the field does not start with a speed/level group.

    Example:
        >>> route = read_route("N0450F350 DCT SAMAR UL601 4130N06945E")
        >>> print(route.speed, route.level, route.text)
        N0450 F350 DCT SAMAR UL601 4130N06945E
    """
    head, _, rest = text.partition(" ")
    speed, level = read_speed_level(head, "15")
    return RouteField(speed, level, rest)


def read_destination(text: str) -> Destination:
    """Field 16: destination, optional total EET HHMM, then alternates.

    Raises:
        FieldSyntaxError: not ``ADES[HHMM][ ALTN...]``.
    """
    match = _F16.fullmatch(text)
    if match is None:
        raise FieldSyntaxError(
            f"{text!r} is not a destination, total EET and alternates (EGLL0715 EGKK)", field="16"
        )
    hhmm = match.group(2)
    total = None
    if hhmm:
        hours, minutes = int(hhmm[:2]), int(hhmm[2:])
        if minutes > 59:
            raise FieldSyntaxError(f"{hhmm!r} is not a duration HHMM", field="16", offset=4)
        total = hours * 60 + minutes
    return _build_destination(match.group(1), total, tuple(match.group(3).split()))


def read_arrival(text: str) -> Arrival:
    """Field 17: arrival aerodrome and time, then the aerodrome name when it is ZZZZ.

    Raises:
        FieldSyntaxError: not ``ADAR HHMM [name]``.
    """
    match = _F17.fullmatch(text)
    if match is None:
        raise FieldSyntaxError(f"{text!r} is not an arrival aerodrome and time", field="17")
    return _build_arrival(match.group(1), read_hhmm(match.group(2), "17", 4), match.group(3) or "")


def read_supplementary(text: str) -> Supplementary:
    """Field 19: items ``E/ P/ R/ S/ J/ D/ A/ N/ C/`` in the order given.

    Raises:
        FieldSyntaxError: the text does not start with an item.
    """
    marks = list(_F19_ITEM.finditer(text))
    if not marks or marks[0].start() != 0:
        raise FieldSyntaxError(f"{text!r} does not start with an item such as E/", field="19")
    items = []
    for number, mark in enumerate(marks):
        end = marks[number + 1].start() if number + 1 < len(marks) else len(text)
        items.append(SupplementaryItem(mark.group(1), text[mark.end() : end].strip()))
    return Supplementary(tuple(items))


def read_amendment(text: str) -> Amendment:
    """One field 22 entry: ``<field number>/<new content>``, content typed by its field.

    Raises:
        FieldSyntaxError: no field number, or content that does not fit the amended field.
    """
    match = _F22.fullmatch(text)
    if match is None:
        raise FieldSyntaxError(f"{text!r} is not an amendment such as 16/EGLL0100", field="22")
    number = int(match.group(1))
    content = match.group(2).strip()
    reader = AMENDABLE.get(number)
    value: AmendedValue = reader(content) if reader else content
    return Amendment(number, value)


AMENDABLE: dict[int, Callable[[str], AmendedValue]] = {
    7: read_aircraft,
    8: read_rules,
    9: read_aircraft_type,
    10: read_equipment,
    13: read_departure,
    14: read_estimate,
    15: read_route,
    16: read_destination,
    17: read_arrival,
    18: parse_field18,
    19: read_supplementary,
}
"""The field types a CHG may amend, with their readers; other numbers keep raw text."""
