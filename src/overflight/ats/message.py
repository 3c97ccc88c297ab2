"""The typed ATS message: one frozen value per field type of Doc 4444 Appendix 3."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import time
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeAlias

from overflight.ats.aftn import AftnHeader
from overflight.ats.build import constructor
from overflight.ats.field18 import Field18
from overflight.model import CruisingLevel, FlightRules, FlightType, Speed, WakeCategory


class Title(Enum):
    """Field 3a: the message type."""

    FPL = "FPL"  # filed flight plan
    CHG = "CHG"  # modification
    DLA = "DLA"  # delay
    CNL = "CNL"  # cancellation
    DEP = "DEP"  # departure
    ARR = "ARR"  # arrival
    EST = "EST"  # estimate
    CPL = "CPL"  # current flight plan
    CDN = "CDN"  # coordination
    ACP = "ACP"  # acceptance
    LAM = "LAM"  # logical acknowledgement
    RQP = "RQP"  # request flight plan
    RQS = "RQS"  # request supplementary flight plan
    SPL = "SPL"  # supplementary flight plan
    ALR = "ALR"  # alerting


@dataclass(frozen=True, slots=True)
class AircraftIdentification:
    """Field 7: the aircraft id and, optionally, the SSR mode and code (``DAL18/A5773``)."""

    aircraft_id: str
    ssr_mode: str = ""  # "A" when a code is given
    ssr_code: str = ""  # four octal digits


@dataclass(frozen=True, slots=True)
class FlightRulesAndType:
    """Field 8: flight rules and, optionally, the type of flight (``IS``)."""

    rules: FlightRules
    flight_type: FlightType | None = None


@dataclass(frozen=True, slots=True)
class AircraftType:
    """Field 9: number of aircraft (when more than one), type designator and wake category."""

    designator: str  # ICAO type designator, or ZZZZ
    wake: WakeCategory
    count: int | None = None


@dataclass(frozen=True, slots=True)
class Equipment:
    """Field 10: radio, navigation and approach aids (10a) and surveillance (10b), as codes."""

    com_nav: tuple[str, ...]  # ("S", "D", "E2", ...)
    surveillance: tuple[str, ...]  # ("L", "B1", ...)


@dataclass(frozen=True, slots=True)
class Departure:
    """Field 13: the departure aerodrome and time (EOBT, or actual time in DEP/ALR/SPL)."""

    aerodrome: str  # location indicator, ZZZZ or AFIL
    time: time | None = None


@dataclass(frozen=True, slots=True)
class Estimate:
    """Field 14: boundary point, estimated time and cleared level (EST, CPL)."""

    point: str
    time: time
    level: CruisingLevel | None  # None: sent without a cleared level (RAKIL/0641), read leniently
    supplementary_level: CruisingLevel | None = None
    crossing: str = ""  # "A" at or above, "B" at or below


@dataclass(frozen=True, slots=True)
class RouteField:
    """Field 15: the initial cruising speed and level, then the route text (decoded on demand)."""

    speed: Speed
    level: CruisingLevel
    text: str


@dataclass(frozen=True, slots=True)
class Destination:
    """Field 16: destination, total estimated elapsed time and up to two alternates."""

    aerodrome: str
    total_eet_min: int | None = None
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Arrival:
    """Field 17: the arrival aerodrome, time, and its name when the aerodrome is ZZZZ."""

    aerodrome: str
    time: time
    name: str = ""


@dataclass(frozen=True, slots=True)
class SupplementaryItem:
    """One field 19 item (``E/0740``, ``R/E``, ``A/WHITE BLUE TAIL``)."""

    indicator: str
    text: str


@dataclass(frozen=True, slots=True)
class Supplementary:
    """Field 19: supplementary information, items in the order given."""

    items: tuple[SupplementaryItem, ...]


AmendedValue: TypeAlias = (
    AircraftIdentification
    | FlightRulesAndType
    | AircraftType
    | Equipment
    | Departure
    | Estimate
    | RouteField
    | Destination
    | Arrival
    | Field18
    | Supplementary
    | str
)


@dataclass(frozen=True, slots=True)
class Amendment:
    """One field 22 entry: the field type amended and its new content (typed when it can be)."""

    field: int
    value: AmendedValue


@dataclass(frozen=True, slots=True)
class FieldSpan:
    """Where one field sat in the source: its number, its text (whitespace folded) and offset."""

    field: str
    text: str
    offset: int  # offset in the source text of the field's first character


@dataclass(frozen=True, slots=True)
class Repair:
    """A deviation from Doc 4444 that the lenient reader accepted, and where it was.

    Attributes:
        field: the field type (``"14"``), ``""`` for the message as a whole.
        offset: the offset in the source text of the deviating character.
        message: what was read and how (``field 14 has no level: 'RAKIL/0641' read without``).
    """

    field: str
    offset: int
    message: str


class _DeferredSpans:
    """The slot holding a message's field spans as flat ``field, text, offset`` items."""

    __slots__ = ("_deferred",)


@dataclass(frozen=True, slots=True)
class MessageOrigin(_DeferredSpans):
    """Where a message was read: source name, 1-based index in the source, offset, fields.

    ``line_starts`` (the offsets where the source's lines start, shared by every message of the
    source) turns offsets into 1-based lines and columns. The message reader builds ``fields``
    on first access (:func:`defer_origin`); values, equality and copies are the same.
    """

    source: str
    index: int
    offset: int
    fields: tuple[FieldSpan, ...] = ()
    line_starts: tuple[int, ...] = field(default=(0,), repr=False)
    repairs: tuple[Repair, ...] = ()

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based ``(line, column)`` of ``offset`` in the source."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    @property
    def line(self) -> int:
        """The 1-based line of the message's ``(``."""
        return self.locate(self.offset)[0]

    @property
    def column(self) -> int:
        """The 1-based column of the message's ``(``."""
        return self.locate(self.offset)[1]

    def span(self, field_name: str) -> FieldSpan | None:
        """The first span of the field called ``field_name`` (``"18"``), if it was read."""
        for candidate in self.fields:
            if candidate.field == field_name:
                return candidate
        return None

    if not TYPE_CHECKING:  # only reached for a slot still empty: deferred spans

        def __getattr__(self, name: str) -> Any:
            if name != "fields":
                raise AttributeError(name)
            flat = self._deferred  # AttributeError when not deferred
            spans = tuple(map(_new_span, flat[0::3], flat[1::3], flat[2::3]))
            _set_fields(self, spans)
            _forget_deferred(self)
            return spans


def defer_origin(
    source: str,
    index: int,
    offset: int,
    spans: list[Any],
    line_starts: tuple[int, ...],
    repairs: tuple[Repair, ...],
) -> MessageOrigin:
    """A ``MessageOrigin`` whose ``fields`` are built from ``spans`` on first access.

    ``spans`` holds ``field, text, offset`` of each field in turn, flat (the reader's list,
    not changed after).
    """
    origin = _new(MessageOrigin)
    _set_source(origin, source)
    _set_index(origin, index)
    _set_offset(origin, offset)
    _set_line_starts(origin, line_starts)
    _set_repairs(origin, repairs)
    _set_deferred(origin, spans)
    return origin


_new = object.__new__
_setters = {name: getattr(MessageOrigin, name).__set__ for name in MessageOrigin.__slots__}
_set_source, _set_index, _set_offset, _set_fields, _set_line_starts, _set_repairs = (
    _setters[name] for name in ("source", "index", "offset", "fields", "line_starts", "repairs")
)
_set_deferred = _DeferredSpans._deferred.__set__  # type: ignore[attr-defined]
_forget_deferred = _DeferredSpans._deferred.__delete__  # type: ignore[attr-defined]
_new_span = constructor(FieldSpan)


@dataclass(frozen=True, slots=True)
class AtsMessage:
    """One ATS message; fields the title does not carry are ``None`` (or empty).

    ``origin`` and ``aftn`` do not take part in equality: the same message read from two files,
    or sent under two AFTN headers, is equal.
    """

    title: Title
    number: str = ""  # field 3b, e.g. KZOB/CZYZ078
    reference: str = ""  # field 3c
    emergency: str = ""  # field 5 (ALR)
    aircraft: AircraftIdentification | None = None  # field 7
    rules: FlightRulesAndType | None = None  # field 8
    aircraft_type: AircraftType | None = None  # field 9
    equipment: Equipment | None = None  # field 10
    departure: Departure | None = None  # field 13
    estimate: Estimate | None = None  # field 14
    route: RouteField | None = None  # field 15
    destination: Destination | None = None  # field 16
    arrival: Arrival | None = None  # field 17
    other: Field18 | None = None  # field 18
    supplementary: Supplementary | None = None  # field 19
    search_rescue: str = ""  # field 20 (ALR)
    amendments: tuple[Amendment, ...] = ()  # field 22 (CHG, CDN)
    aftn: AftnHeader | None = field(default=None, compare=False)  # the AFTN header it came under
    origin: MessageOrigin | None = field(default=None, compare=False, repr=False)

    @property
    def aircraft_id(self) -> str:
        """Field 7's aircraft id, or ``""``."""
        return self.aircraft.aircraft_id if self.aircraft else ""
