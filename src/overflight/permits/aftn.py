"""Permit requests as free text over AFTN: labelled items read into the documented schema.

Authorities publish the items an overflight request must give (India DGCA, Sri Lanka AIP GEN
1.2, Pakistan CAA) rather than one syntax; operators send them as AFTN messages, one item a
line, ``LABEL: value``, items optionally numbered (``1)``, ``A.``). The envelope, when present,
is read too: the addressees' location indicators (``LTAAYAYX`` → Turkey) are the states asked
when no ``STATES:`` item names them. Every item becomes a field of ``PermitRequestDoc``; the
schema and the same checks as for YAML then apply, each problem at the item's line and column.

    GG LTAAYAYX
    041015 OMSJEXCX
    REQUEST FOR OVERFLIGHT PERMISSION
    REF: EXC-TR-2026-1203
    OPERATOR: EXAMPLE CARGO CHARTER/EXC/AE
    AIRCRAFT: IL76 EX-76012 MTOW 190000
    STATE OF REGISTRY: KG
    CALLSIGN: EXC7702
    FLIGHT TYPE: NON-SCHEDULED
    DOF: 261205
    DEPARTURE: OPKC 0100
    DESTINATION: LBSF 0730
    ENTRY: LTAA 3706N04429E 0443
    EXIT: LTAA 4200N02700E 0703
    PURPOSE: CARGO
    CARGO: SPARE PARTS 20000 KG
    CONSIGNOR: EXAMPLE TRADING FZE/AE
    CONSIGNEE: EXAMPLE MACHINERY EOOD/BG
    VALIDITY: 050000-060000

Times are ``HHMM`` on the date of flight, ``DDHHMM`` (that day of the DOF's month, or of the
next month when the day is earlier than the DOF's) or ``YYMMDDHHMM``, all UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from overflight.geo import state_of_indicator
from overflight.permits.document import DocumentError, field_path
from overflight.permits.model import PermitRequest
from overflight.permits.reader import Checker, to_permit_request
from overflight.permits.schema import PermitRequestDoc

_ITEM = re.compile(r"^(?P<number>\s*(?:[A-Z0-9]{1,2}[).]\s*)?)(?P<label>[A-Z][A-Z /-]*?)\s*:\s?")
_PRIORITY = re.compile(r"^(?:SS|DD|FF|GG|KK)(?:\s+[A-Z]{8})+\s*$")
_ORIGIN = re.compile(r"^\d{6}\s+[A-Z]{8}\s*$")
_TIME = re.compile(r"^(\d{10}|\d{6}|\d{4})$")
_WEIGHT = re.compile(r"^(?P<text>.*?)\s*(?P<kg>\d+(?:\.\d+)?)\s*KGS?$")

_PERMIT_TYPES = {
    "OVERFLIGHT": "overflight",
    "TECHNICAL LANDING": "technical-landing",
    "TECHNICAL STOP": "technical-landing",
    "TRAFFIC LANDING": "traffic-landing",
    "LANDING": "traffic-landing",
    "DIPLOMATIC": "diplomatic",
    "DIPLOMATIC CLEARANCE": "diplomatic",
}
_FLIGHT_TYPES = {
    "SCHEDULED": "scheduled",
    "NON-SCHEDULED": "non-scheduled",
    "NON SCHEDULED": "non-scheduled",
    "NONSCHEDULED": "non-scheduled",
    "CHARTER": "non-scheduled",
    "GENERAL AVIATION": "general-aviation",
    "MILITARY": "military",
    "OTHER": "other",
}


@dataclass
class _Reading:
    """The document being built, where each field came from, and the problems so far."""

    source: str
    doc: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    problems: list[DocumentError] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    dof: date | None = None
    first_line: int = 1

    def put(self, path: tuple[str | int, ...], value: object, line: int, column: int) -> None:
        node: dict[str | int, Any] = self.doc  # type: ignore[assignment]
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
        self.where[path] = (line, column)

    def problem(self, message: str, line: int, column: int, item: str) -> None:
        self.problems.append(
            DocumentError(message, source=self.source, line=line, column=column, field=item)
        )

    def locate(self, loc: Sequence[str | int]) -> tuple[int | None, int | None]:
        path = tuple(loc)
        while path:
            if path in self.where:
                return self.where[path]
            path = path[:-1]
        return self.first_line, None


@dataclass(frozen=True, slots=True)
class _Item:
    label: str
    value: str
    line: int
    column: int  # of the value


def _time(text: str, dof: date | None) -> datetime | None:
    """A UTC time from ``HHMM``, ``DDHHMM`` or ``YYMMDDHHMM``; ``None`` when it does not read."""
    if not _TIME.match(text):
        return None
    try:
        if len(text) == 10:
            return datetime.strptime(text, "%y%m%d%H%M").replace(tzinfo=UTC)
        if dof is None:
            return None
        hhmm = datetime.strptime(text[-4:], "%H%M")
        day = dof
        if len(text) == 6:
            wanted = int(text[:2])
            month_start = dof.replace(day=1)
            if wanted < dof.day:  # the next month
                month_start = (month_start + timedelta(days=32)).replace(day=1)
            day = month_start.replace(day=wanted)
        return datetime(day.year, day.month, day.day, hhmm.hour, hhmm.minute, tzinfo=UTC)
    except ValueError:
        return None


def _party(value: str) -> dict[str, str]:
    """``NAME``, ``NAME/COUNTRY`` or ``NAME/ADDRESS/COUNTRY``."""
    parts = [p.strip() for p in value.split("/")]
    if len(parts) == 1:
        return {"name": parts[0]}
    if len(parts) == 2:
        return {"name": parts[0], "country": parts[1]}
    return {"name": parts[0], "address": "/".join(parts[1:-1]), "country": parts[-1]}


def _words(value: str) -> list[tuple[str, int]]:
    """The words of a value and their offsets in it."""
    return [(m.group(), m.start()) for m in re.finditer(r"\S+", value)]


_Handler = Callable[[_Reading, _Item], None]


def _simple(path: tuple[str, ...], table: dict[str, str] | None = None) -> _Handler:
    def handle(reading: _Reading, item: _Item) -> None:
        value = item.value.strip()
        if table is not None:
            key = " ".join(value.upper().replace("_", " ").split())
            if key not in table:
                known = ", ".join(sorted(table))
                reading.problem(
                    f"{value!r} is not one of: {known}", item.line, item.column, item.label
                )
                return
            value = table[key]
        reading.put(path, value, item.line, item.column)

    return handle


def _purpose(reading: _Reading, item: _Item) -> None:
    reading.put(("purpose",), item.value.strip().lower(), item.line, item.column)


def _operator(reading: _Reading, item: _Item) -> None:
    parts = [p.strip() for p in item.value.split("/")]
    doc: dict[str, str] = {"name": parts[0]}
    rest = parts[1:]
    if rest and re.fullmatch(r"[A-Z]{3}", rest[0]):
        doc["icao"] = rest.pop(0)
    if rest:
        doc["country"] = rest.pop()
    if rest:
        doc["address"] = "/".join(rest)
    reading.put(("operator",), doc, item.line, item.column)


def _aircraft(reading: _Reading, item: _Item) -> None:
    words = _words(item.value)
    if len(words) < 2:
        reading.problem(
            "give the type and registration: 'IL76 EX-76012 [MTOW 190000]'",
            item.line,
            item.column,
            item.label,
        )
        return
    node = reading.doc.setdefault("aircraft", {})
    node["type"], node["registration"] = words[0][0], words[1][0]
    reading.where[("aircraft", "type")] = (item.line, item.column + words[0][1])
    reading.where[("aircraft", "registration")] = (item.line, item.column + words[1][1])
    reading.where.setdefault(("aircraft",), (item.line, item.column))
    rest = words[2:]
    if rest and rest[0][0] == "MTOW" and len(rest) >= 2:
        weight, offset = rest[1]
        node["mtow_kg"] = weight.removesuffix("KG")
        reading.where[("aircraft", "mtow_kg")] = (item.line, item.column + offset)


def _registry(reading: _Reading, item: _Item) -> None:
    reading.put(("aircraft", "nationality"), item.value.strip(), item.line, item.column)


def _address(reading: _Reading, item: _Item) -> None:
    reading.put(("aircraft", "address24"), item.value.strip(), item.line, item.column)


def _dof(reading: _Reading, item: _Item) -> None:
    value = item.value.strip()
    try:
        reading.dof = datetime.strptime(value, "%y%m%d").date()
    except ValueError:
        reading.problem(
            f"{value!r} is not a date of flight (YYMMDD)", item.line, item.column, item.label
        )


def _point_time(path: tuple[str, ...]) -> _Handler:
    def handle(reading: _Reading, item: _Item) -> None:
        words = _words(item.value)
        if not words:
            reading.problem(
                "give the aerodrome and time: 'OPKC 0100'", item.line, item.column, item.label
            )
            return
        reading.put((*path, "aerodrome"), words[0][0], item.line, item.column + words[0][1])
        if len(words) > 1:
            text, offset = words[1]
            when = _time(text, reading.dof)
            if when is None:
                reading.problem(
                    _bad_time(text, reading.dof), item.line, item.column + offset, item.label
                )
            else:
                reading.put((*path, "time"), when, item.line, item.column + offset)

    return handle


def _bad_time(text: str, dof: date | None) -> str:
    if dof is None and _TIME.match(text) and len(text) < 10:
        return f"{text!r} needs a DOF: item before it (or give YYMMDDHHMM)"
    return f"{text!r} is not a time (HHMM, DDHHMM or YYMMDDHHMM, UTC)"


def _crossing(which: str) -> _Handler:
    def handle(reading: _Reading, item: _Item) -> None:
        words = _words(item.value)
        if len(words) < 2:
            reading.problem(
                f"give the FIR, point and time: 'LTAA 3706N04429E 0443' ({which})",
                item.line,
                item.column,
                item.label,
            )
            return
        fir = words[0][0]
        crossings: list[dict[str, Any]] = reading.doc.setdefault("route", {}).setdefault(
            "fir_crossings", []
        )
        index = next((i for i, c in enumerate(crossings) if c["fir"] == fir), None)
        if index is None:
            index = len(crossings)
            crossings.append({"fir": fir})
            reading.where[("route", "fir_crossings", index)] = (item.line, item.column)
            reading.where[("route", "fir_crossings", index, "fir")] = (item.line, item.column)
        crossing = crossings[index]
        base = ("route", "fir_crossings", index)
        crossing[f"{which}_point"] = words[1][0]
        reading.where[(*base, f"{which}_point")] = (item.line, item.column + words[1][1])
        if len(words) > 2:
            text, offset = words[2]
            when = _time(text, reading.dof)
            if when is None:
                reading.problem(
                    _bad_time(text, reading.dof), item.line, item.column + offset, item.label
                )
            else:
                crossing[f"{which}_time"] = when
                reading.where[(*base, f"{which}_time")] = (item.line, item.column + offset)

    return handle


def _cargo(reading: _Reading, item: _Item) -> None:
    value = item.value.strip()
    node = reading.doc.setdefault("cargo", {})
    match = _WEIGHT.match(value)
    if match and match["text"]:
        node["description"], node["weight_kg"] = match["text"], match["kg"]
        reading.where[("cargo", "weight_kg")] = (item.line, item.column + match.start("kg"))
    else:
        node["description"] = value
    reading.where[("cargo",)] = reading.where[("cargo", "description")] = (item.line, item.column)


def _cargo_party(role: str) -> _Handler:
    def handle(reading: _Reading, item: _Item) -> None:
        reading.doc.setdefault("cargo", {"description": ""})
        reading.put(("cargo", role), _party(item.value.strip()), item.line, item.column)

    return handle


def _pilot(reading: _Reading, item: _Item) -> None:
    party = _party(item.value.strip())
    doc = {"name": party["name"], "nationality": party.get("country", "")}
    reading.put(("pilot_in_command",), doc, item.line, item.column)


def _route(reading: _Reading, item: _Item) -> None:
    reading.put(("route", "ats_route"), " ".join(item.value.split()), item.line, item.column)


def _states(reading: _Reading, item: _Item) -> None:
    states = [w for w in re.split(r"[\s,]+", item.value.strip()) if w]
    reading.put(("requested_states",), states, item.line, item.column)
    for i, (_, offset) in enumerate(_words(item.value.replace(",", " "))):
        reading.where[("requested_states", i)] = (item.line, item.column + offset)


def _validity(reading: _Reading, item: _Item) -> None:
    parts = [p for p in re.split(r"\s*(?:-|\s)\s*", item.value.strip()) if p]
    if len(parts) != 2:
        reading.problem(
            "give the window as FROM-UNTIL: '050000-060000'", item.line, item.column, item.label
        )
        return
    for key, text in zip(("from", "until"), parts, strict=True):
        offset = item.value.find(text)
        when = _time(text, reading.dof)
        if when is None:
            reading.problem(
                _bad_time(text, reading.dof), item.line, item.column + offset, item.label
            )
            continue
        reading.put(("validity", key), when, item.line, item.column + offset)


def _arms(reading: _Reading, item: _Item) -> None:
    value = item.value.strip().upper()
    if value not in ("YES", "NO", "NIL", "NONE"):
        reading.problem(
            f"{item.value.strip()!r}: answer YES or NO", item.line, item.column, item.label
        )
        return
    reading.put(("arms_munitions",), value == "YES", item.line, item.column)


HANDLERS: dict[str, _Handler] = {
    "REF": _simple(("reference",)),
    "REFERENCE": _simple(("reference",)),
    "PERMIT": _simple(("permit_type",), _PERMIT_TYPES),
    "TYPE OF PERMIT": _simple(("permit_type",), _PERMIT_TYPES),
    "FLIGHT TYPE": _simple(("flight_type",), _FLIGHT_TYPES),
    "TYPE OF FLIGHT": _simple(("flight_type",), _FLIGHT_TYPES),
    "PURPOSE": _purpose,
    "OPERATOR": _operator,
    "AIRCRAFT": _aircraft,
    "STATE OF REGISTRY": _registry,
    "NATIONALITY": _registry,
    "ADDRESS": _address,
    "CALLSIGN": _simple(("callsign",)),
    "CALL SIGN": _simple(("callsign",)),
    "PIC": _pilot,
    "PILOT IN COMMAND": _pilot,
    "DOF": _dof,
    "DEPARTURE": _point_time(("route", "departure")),
    "DESTINATION": _point_time(("route", "destination")),
    "LAST LANDING": _point_time(("last_landing",)),
    "NEXT LANDING": _point_time(("next_landing",)),
    "ROUTE": _route,
    "ENTRY": _crossing("entry"),
    "EXIT": _crossing("exit"),
    "CARGO": _cargo,
    "CONSIGNOR": _cargo_party("consignor"),
    "CONSIGNEE": _cargo_party("consignee"),
    "ARMS": _arms,
    "STATES": _states,
    "VALIDITY": _validity,
}
"""Each item's label and what reads it."""

_REQUIRED = {
    "permit_type": "PERMIT",
    "purpose": "PURPOSE",
    "flight_type": "FLIGHT TYPE",
    "operator": "OPERATOR",
    "aircraft": "AIRCRAFT",
    "callsign": "CALLSIGN",
    "route": "DEPARTURE and DESTINATION",
    "nationality": "STATE OF REGISTRY",
    "departure": "DEPARTURE",
    "destination": "DESTINATION",
    "entry_point": "ENTRY",
    "exit_point": "EXIT",
}


def _items(text: str, reading: _Reading) -> list[_Item]:
    """The labelled items of the text (continuation lines joined), envelope read apart.

    Before the first known item, the envelope (priority and addressees, origin) and a title
    line are passed over; after it, a line without a label continues the item before it (AFTN
    lines are short: a long route wraps), and an unknown label is a problem.
    """
    items: list[_Item] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        bare = line.strip()
        if not bare or bare == "NNNN" or bare.startswith("ZCZC"):
            continue
        match = _ITEM.match(line)
        label = " ".join(match["label"].split()) if match else ""
        if not items:
            if _PRIORITY.match(bare):
                reading.addressees += bare.split()[1:]
            elif (match is None or label not in HANDLERS) and not _ORIGIN.match(bare):
                reading.first_line = number  # REQUEST FOR OVERFLIGHT PERMISSION
            if match is None or label not in HANDLERS:
                continue
        if match is None:
            last = items[-1]
            items[-1] = _Item(last.label, f"{last.value} {bare}", last.line, last.column)
            continue
        if label not in HANDLERS:
            column = len(match["number"]) + 1
            known = ", ".join(HANDLERS)
            reading.problem(f"unknown item {label!r}; items are: {known}", number, column, label)
            continue
        items.append(_Item(label, line[match.end() :], number, match.end() + 1))
    return items


def read_aftn_permit(
    text: str, source: str = "<aftn>"
) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    """A permit request from AFTN free text, or every problem, each at its line and column."""
    reading = _Reading(source)
    items = _items(text, reading)
    if not items:
        reading.problem("no permit request items (CALLSIGN:, AIRCRAFT:, ...) found", 1, 1, "")
        return None, tuple(reading.problems)
    dof_item = next((i for i in items if i.label == "DOF"), None)
    if dof_item is not None:
        _dof(reading, dof_item)
    for item in items:
        if item.label != "DOF":
            HANDLERS[item.label](reading, item)
    if "requested_states" not in reading.doc and reading.addressees:
        states = [state_of_indicator(a[:4]) for a in reading.addressees]
        reading.doc["requested_states"] = list(dict.fromkeys(s for s in states if s))
    reading.doc.setdefault("permit_type", "overflight")
    if reading.problems:
        return None, tuple(reading.problems)
    try:
        doc = PermitRequestDoc.model_validate(reading.doc)
    except ValidationError as err:
        for error in err.errors():
            loc = tuple(error["loc"])
            line, column = reading.locate(loc)
            message = error["msg"]
            if error["type"] == "missing":
                label = _REQUIRED.get(str(loc[-1]), str(loc[-1]).upper())
                message = f"missing item {label}:"
            reading.problems.append(
                DocumentError(
                    message, source=source, line=line, column=column, field=field_path(loc)
                )
            )
        return None, tuple(reading.problems)
    checker = Checker(source, reading.locate, line=reading.first_line)
    request = to_permit_request(doc, checker)
    if checker.problems:
        return None, tuple(checker.problems)
    return request, ()


def looks_like_aftn_permit(text: str) -> bool:
    """Whether a text reads as an AFTN permit request (a ``CALLSIGN:`` and an ``AIRCRAFT:``)."""
    labels = {m["label"].strip() for m in map(_ITEM.match, text.splitlines()[:80]) if m}
    return bool({"CALLSIGN", "CALL SIGN"} & labels) and "AIRCRAFT" in labels


__all__ = ["HANDLERS", "looks_like_aftn_permit", "read_aftn_permit"]
