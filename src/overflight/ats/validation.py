"""Doc 4444 consistency rules for messages that read.

``validate_message`` lists every problem of one message; ``validate_messages`` applies a mode:
strict rejects a message with any problem, lenient keeps it and returns the problems as warnings.
Each problem names the message, the field, and the character position inside the field (counted
in the field as read, whitespace folded; in the canonical text when the message was built in code).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from overflight.ats.errors import AtsValidationError, FieldSyntaxError
from overflight.ats.field15 import decode_route
from overflight.ats.field18 import Field18, format_field18
from overflight.ats.message import AtsMessage, Title
from overflight.ats.plausibility import eet_problem
from overflight.ats.serialiser import (
    format_aircraft,
    format_aircraft_type,
    format_departure,
    format_destination,
    format_equipment,
    format_route,
)
from overflight.model import SpecialHandling

COM_NAV_CODES = frozenset(
    [
        "N",
        "S",
        "A",
        "B",
        "C",
        "D",
        "E1",
        "E2",
        "E3",
        "F",
        "G",
        "H",
        "I",
        "J1",
        "J2",
        "J3",
        "J4",
        "J5",
        "J6",
        "J7",
        "K",
        "L",
        "M1",
        "M2",
        "M3",
        "O",
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
        "P6",
        "P7",
        "P8",
        "P9",
        "R",
        "T",
        "U",
        "V",
        "W",
        "X",
        "Y",
        "Z",
    ]
)
"""Field 10a codes (Doc 4444, 2012 format)."""

SURVEILLANCE_CODES = frozenset(
    [
        "N",
        "A",
        "C",
        "E",
        "H",
        "I",
        "L",
        "P",
        "S",
        "X",
        "B1",
        "B2",
        "U1",
        "U2",
        "V1",
        "V2",
        "D1",
        "G1",
    ]
)
"""Field 10b codes."""

_GNSS_PBN = ("B1", "B2", "C1", "C2", "D1", "D2", "O1", "O2", "S1", "S2")
_DME_PBN = ("B1", "B3", "C1", "C3", "D1", "D3", "O1", "O3")
_PBN_CODE = re.compile(r"[A-Z]\d")
_AIRCRAFT_ID = re.compile(r"[A-Z0-9]{2,7}")
_OCTAL = re.compile(r"[0-7]{4}")
_LOCATION = re.compile(r"[A-Z]{4}")
_LINKED = frozenset({Title.CHG, Title.DLA, Title.CNL, Title.DEP, Title.RQP, Title.RQS})


def _field_text(message: AtsMessage, field: str) -> str:
    if message.origin is not None:
        span = message.origin.span(field)
        if span is not None:
            return span.text
    canonical = {
        "7": lambda m: format_aircraft(m.aircraft),
        "9": lambda m: format_aircraft_type(m.aircraft_type),
        "10": lambda m: format_equipment(m.equipment),
        "13": lambda m: format_departure(m.departure),
        "15": lambda m: format_route(m.route),
        "16": lambda m: format_destination(m.destination),
        "18": lambda m: format_field18(m.other),
    }
    render = canonical.get(field)
    return render(message) if render is not None else ""


def _problem(
    message: AtsMessage,
    field: str,
    text: str,
    needle: str = "",
    offset: int | None = None,
    *,
    fatal: bool = False,
) -> AtsValidationError:
    if offset is None:
        offset = max(_field_text(message, field).find(needle), 0) if needle else 0
    origin = message.origin
    line = column = None
    if origin is not None:
        span = origin.span(field)
        # A folded line break is one space, as in the source: exact unless runs of spaces fold.
        line, column = origin.locate(span.offset + offset if span else origin.offset)
    return AtsValidationError(
        text,
        source=origin.source if origin else "",
        message_index=origin.index if origin else None,
        line=line,
        column=column,
        field=f"field {field}",
        offset=offset,
        fatal=fatal,
    )


def _repair_problems(message: AtsMessage) -> Iterator[AtsValidationError]:
    """The deviations the lenient reader accepted, as warnings at their place."""
    origin = message.origin
    if origin is None:
        return
    for repair in origin.repairs:
        line, column = origin.locate(repair.offset)
        span = origin.span(repair.field) if repair.field else None
        yield AtsValidationError(
            repair.message,
            source=origin.source,
            message_index=origin.index,
            line=line,
            column=column,
            field=f"field {repair.field}" if repair.field else "",
            offset=repair.offset - span.offset if span is not None else 0,
        )


def _field18_problems(message: AtsMessage, other: Field18) -> Iterator[AtsValidationError]:
    for item in other.others:
        if item.indicator == "DOF":
            yield _problem(message, "18", f"DOF/{item.text} is not a date YYMMDD", "DOF/")
        elif item.indicator == "CODE":
            yield _problem(
                message, "18", f"CODE/{item.text} is not a 24-bit address (6 hex digits)", "CODE/"
            )
        elif item.indicator == "EET":
            yield _problem(message, "18", f"EET/{item.text} is not a list of location+HHMM", "EET/")
    for reason in other.sts:
        if not isinstance(reason, SpecialHandling):
            yield _problem(message, "18", f"STS/{reason} is not a Doc 4444 reason", "STS/")
    pbn_codes = _PBN_CODE.findall(other.pbn)
    if other.pbn and "".join(pbn_codes) != other.pbn:
        yield _problem(message, "18", f"PBN/{other.pbn} is not a run of letter+digit codes", "PBN/")
    if len(pbn_codes) > 8:
        yield _problem(message, "18", "PBN/ carries more than 8 codes", "PBN/")
    if other.sel and not re.fullmatch(r"[A-Z]{4}", other.sel):
        yield _problem(message, "18", f"SEL/{other.sel} is not 4 letters", "SEL/")
    if "-" in other.reg:
        yield _problem(message, "18", "REG/ is written without the hyphen", "REG/")


def _fpl_problems(message: AtsMessage) -> Iterator[AtsValidationError]:
    other = message.other if message.other is not None else Field18()
    equipment = message.equipment
    if equipment is not None:
        for code in equipment.com_nav:
            if code not in COM_NAV_CODES:
                yield _problem(message, "10", f"{code!r} is not a field 10a code", code)
        for code in equipment.surveillance:
            if code not in SURVEILLANCE_CODES:
                yield _problem(message, "10", f"{code!r} is not a field 10b code", "/" + code)
        has_r = "R" in equipment.com_nav
        if has_r and not other.has("PBN"):
            yield _problem(message, "10", "R in field 10a needs PBN/ in field 18", "R")
        if other.has("PBN") and not has_r:
            yield _problem(message, "18", "PBN/ in field 18 needs R in field 10a", "PBN/")
        if "Z" in equipment.com_nav and not (
            other.has("COM") or other.has("NAV") or other.has("DAT")
        ):
            yield _problem(message, "10", "Z in field 10a needs COM/, NAV/ or DAT/", "Z")
        codes = _PBN_CODE.findall(other.pbn)
        if any(code in _GNSS_PBN for code in codes) and "G" not in equipment.com_nav:
            yield _problem(message, "18", "a GNSS PBN code needs G in field 10a", "PBN/")
        if any(code in _DME_PBN for code in codes) and "D" not in equipment.com_nav:
            yield _problem(message, "18", "a DME PBN code needs D in field 10a", "PBN/")
        if "N" in equipment.com_nav and len(equipment.com_nav) > 1:
            yield _problem(message, "10", "N (no equipment) goes alone in field 10a", "N")
    aircraft_type = message.aircraft_type
    if aircraft_type is not None:
        if aircraft_type.designator == "ZZZZ" and not other.has("TYP"):
            yield _problem(message, "9", "type ZZZZ needs TYP/ in field 18", "ZZZZ")
        if aircraft_type.designator != "ZZZZ" and other.has("TYP"):
            yield _problem(message, "18", "TYP/ is only for type ZZZZ in field 9", "TYP/")
    if message.route is not None:
        try:
            decode_route(message.route)
        except FieldSyntaxError as err:
            yield _problem(message, "15", err.message, offset=err.offset)
    implausible = eet_problem(message)
    if implausible is not None:
        yield _problem(message, "16", implausible, offset=4)
    destination = message.destination
    if destination is not None:
        if len(destination.alternates) > 2:
            yield _problem(message, "16", "more than two alternate aerodromes")
        if "ZZZZ" in destination.alternates and not other.has("ALTN"):
            yield _problem(message, "16", "alternate ZZZZ needs ALTN/ in field 18", " ZZZZ")


def _common_problems(message: AtsMessage) -> Iterator[AtsValidationError]:
    if message.aircraft is not None:
        aircraft = message.aircraft
        if not _AIRCRAFT_ID.fullmatch(aircraft.aircraft_id):
            yield _problem(message, "7", "aircraft id must be 2 to 7 letters and digits")
        if aircraft.ssr_mode and (
            aircraft.ssr_mode != "A" or not _OCTAL.fullmatch(aircraft.ssr_code)
        ):
            yield _problem(message, "7", "SSR code must be A and four octal digits", "/")
    other = message.other
    departure = message.departure
    if departure is not None:
        if not _LOCATION.fullmatch(departure.aerodrome):
            yield _problem(message, "13", "departure must be a location indicator")
        if departure.aerodrome == "ZZZZ" and not (other and other.has("DEP")):
            yield _problem(message, "13", "departure ZZZZ needs DEP/ in field 18", "ZZZZ")
        if (
            departure.aerodrome == "AFIL"
            and message.title is Title.FPL
            and not (other and other.has("DEP"))
        ):
            yield _problem(message, "13", "AFIL needs DEP/ naming the ATS unit", "AFIL")
    destination = message.destination
    if (
        destination is not None
        and destination.aerodrome == "ZZZZ"
        and message.title
        in (
            Title.FPL,
            Title.CPL,
        )
        and not (other and other.has("DEST"))
    ):
        yield _problem(message, "16", "destination ZZZZ needs DEST/ in field 18", "ZZZZ")
    if (
        destination is not None
        and destination.aerodrome == "XXXX"
        and not (other and other.has("DEST"))
    ):
        yield _problem(
            message,
            "16",
            "destination XXXX is not a location indicator: write ZZZZ and DEST/ in field 18",
            "XXXX",
            fatal=True,
        )
    arrival = message.arrival
    if arrival is not None and arrival.aerodrome == "ZZZZ" and not arrival.name:
        yield _problem(message, "17", "arrival ZZZZ needs the aerodrome name")
    if message.title in _LINKED and other is None:
        yield _problem(
            message, "16", "field 18 is missing: write DOF/ or 0 so the message links to its FPL"
        )
    if message.title is Title.FPL and other is None:
        yield _problem(message, "16", "field 18 is missing: write 0 when there is nothing to add")
    if other is not None:
        yield from _field18_problems(message, other)
    for amendment in message.amendments:
        if amendment.field not in (7, 8, 9, 10, 13, 14, 15, 16, 17, 18, 19):
            yield _problem(
                message, "22", f"field {amendment.field} cannot be amended", f"{amendment.field}/"
            )


def validate_message(message: AtsMessage) -> tuple[AtsValidationError, ...]:
    """Every consistency problem of ``message``, in field order (empty when it is sound)."""
    problems = [*_repair_problems(message), *_common_problems(message)]
    if message.title in (Title.FPL, Title.CPL, Title.ALR):
        problems.extend(_fpl_problems(message))
    problems.sort(key=lambda problem: (_field_order(problem.field), problem.offset))
    return tuple(problems)


def _field_order(label: str) -> int:
    digits = "".join(char for char in label.split("(")[0] if char.isdigit())
    return int(digits) if digits else 0


def validate_messages(
    messages: Iterable[AtsMessage], *, strict: bool = False
) -> tuple[tuple[AtsMessage, ...], tuple[AtsValidationError, ...]]:
    """Check messages: ``(accepted, problems)``.

    In strict mode a message with any problem is left out of ``accepted``; in lenient mode every
    message is accepted and its problems are warnings, except a ``fatal`` problem, which leaves
    the message out in both modes.
    """
    accepted = []
    problems: list[AtsValidationError] = []
    for message in messages:
        found = validate_message(message)
        problems.extend(found)
        if not ((strict and found) or any(problem.fatal for problem in found)):
            accepted.append(message)
    return tuple(accepted), tuple(problems)
