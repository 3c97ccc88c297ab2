"""The normalised flight every ingest path produces: ``FlightIntent`` and its parts.

A flight plan, a permit request or a track all end up as one ``FlightIntent``: who flies (identity),
when (schedule), where (route) and what the filer declared (field 18 facts), with the place in the
source it came from (provenance). Values are frozen; change them with ``dataclasses.replace``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from overflight.errors import InputError
from overflight.model.speed import Speed

FT_PER_M = 1 / 0.3048
_LEVEL = re.compile(r"(?:(F|A)(\d{3})|(S|M)(\d{4})|(VFR))")


class FlightRules(Enum):
    """Item 8a: the flight rules the flight intends to follow."""

    IFR = "I"
    VFR = "V"
    IFR_THEN_VFR = "Y"
    VFR_THEN_IFR = "Z"


class FlightType(Enum):
    """Item 8b: the type of flight."""

    SCHEDULED = "S"
    NON_SCHEDULED = "N"
    GENERAL_AVIATION = "G"
    MILITARY = "M"
    OTHER = "X"


class WakeCategory(Enum):
    """Item 9c: the wake turbulence category."""

    LIGHT = "L"
    MEDIUM = "M"
    HEAVY = "H"
    SUPER = "J"


class LevelUnit(Enum):
    """The forms a cruising level takes in field 15 (Doc 4444 Appendix 2)."""

    FLIGHT_LEVEL = "F"  # hundreds of feet, standard pressure
    METRIC_LEVEL = "S"  # tens of metres, standard pressure
    ALTITUDE_FT = "A"  # hundreds of feet
    ALTITUDE_M = "M"  # tens of metres
    VFR = "VFR"  # uncontrolled VFR flight: no level


@dataclass(frozen=True, slots=True)
class CruisingLevel:
    """A cruising level as filed: ``value`` counts the unit's steps (F350 is 350, S1130 is 1130)."""

    unit: LevelUnit
    value: int = 0

    @property
    def level_ft(self) -> float | None:
        """The level in feet, or ``None`` for VFR."""
        if self.unit in (LevelUnit.FLIGHT_LEVEL, LevelUnit.ALTITUDE_FT):
            return self.value * 100.0
        if self.unit in (LevelUnit.METRIC_LEVEL, LevelUnit.ALTITUDE_M):
            return self.value * 10.0 * FT_PER_M
        return None

    def __str__(self) -> str:
        if self.unit is LevelUnit.VFR:
            return "VFR"
        width = 3 if self.unit in (LevelUnit.FLIGHT_LEVEL, LevelUnit.ALTITUDE_FT) else 4
        return f"{self.unit.value}{self.value:0{width}d}"


def parse_level(text: str, what: str = "level") -> CruisingLevel:
    """Read a level group: ``F350``, ``S1130``, ``A045``, ``M0840`` or ``VFR``.

    Raises:
        InputError: ``text`` is none of those forms.
    """
    match = _LEVEL.fullmatch(text.strip().upper())
    if match is None:
        raise InputError(what, f"{text!r} is not a level (F350, S1130, A045, M0840 or VFR)")
    if match.group(5):
        return CruisingLevel(LevelUnit.VFR)
    letter = match.group(1) or match.group(3)
    return CruisingLevel(LevelUnit(letter), int(match.group(2) or match.group(4)))


class SpecialHandling(Enum):
    """Field 18 ``STS/`` reasons for special handling (Doc 4444)."""

    ALTRV = "ALTRV"
    ATFMX = "ATFMX"
    FFR = "FFR"
    FLTCK = "FLTCK"
    HAZMAT = "HAZMAT"
    HEAD = "HEAD"
    HOSP = "HOSP"
    HUM = "HUM"
    MARSA = "MARSA"
    MEDEVAC = "MEDEVAC"
    NONRVSM = "NONRVSM"
    SAR = "SAR"
    STATE = "STATE"


@dataclass(frozen=True, slots=True)
class EetEstimate:
    """One ``EET/`` entry: the elapsed minutes from take-off to a FIR boundary or point."""

    location: str  # FIR location indicator, significant point or coordinates
    eet_min: int

    def __str__(self) -> str:
        hours, minutes = divmod(self.eet_min, 60)
        return f"{self.location}{hours:02d}{minutes:02d}"


@dataclass(frozen=True, slots=True)
class OtherIndicator:
    """A field 18 indicator kept as written (``IFP/MODESASP``), in the order it came."""

    indicator: str
    text: str

    def __str__(self) -> str:
        return f"{self.indicator}/{self.text}"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a flight came from: the source, the message's number in it (1-based) and its line."""

    source: str
    message_index: int
    line: int


@dataclass(frozen=True, slots=True)
class FlightIntent:
    """One flight as intended, whatever source it was read from.

    Identity, schedule, route and declared facts; empty strings and ``None`` mean "not given".
    ``eobt`` is aware UTC; it is ``None`` when the source gives no date for the off-block time.
    """

    # identity
    aircraft_id: str
    operator: str = ""
    registration: str = ""
    aircraft_address: int | None = None  # ICAO 24-bit address
    aircraft_type: str = ""  # ICAO type designator, or the TYP/ text when field 9 is ZZZZ
    aircraft_count: int = 1
    wake_category: WakeCategory | None = None
    flight_rules: FlightRules | None = None
    flight_type: FlightType | None = None
    # schedule
    eobt: datetime | None = None
    dof: date | None = None
    # route
    departure: str = ""  # ICAO location indicator, ZZZZ or AFIL
    destination: str = ""
    alternates: tuple[str, ...] = ()
    cruising_speed: Speed | None = None
    cruising_level: CruisingLevel | None = None
    route_text: str = ""  # field 15 after the initial speed and level
    total_eet_min: int | None = None
    # declared facts (field 18)
    eet: tuple[EetEstimate, ...] = ()
    sts: tuple[SpecialHandling | str, ...] = ()
    remarks: str = ""
    other_indicators: tuple[OtherIndicator, ...] = ()
    # provenance
    provenance: Provenance | None = None

    @property
    def declared_firs(self) -> tuple[str, ...]:
        """Locations named in ``EET/``, in filed order, each once."""
        return tuple(dict.fromkeys(entry.location for entry in self.eet))


__all__ = [
    "CruisingLevel",
    "EetEstimate",
    "FlightIntent",
    "FlightRules",
    "FlightType",
    "LevelUnit",
    "OtherIndicator",
    "Provenance",
    "SpecialHandling",
    "WakeCategory",
    "parse_level",
]
