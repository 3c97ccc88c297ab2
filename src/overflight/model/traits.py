"""What a case is about, as a register of traits: its aircraft, names, route, cargo and timing.

Traits are small normalised facts (``registration P912``, ``city-pair ZKPY-OSDI``) that a new
flight, permit request or sighting can be compared with. They are plain values: screening
derives them (``screening.memory.traits_of``), the store keeps them (table ``case_traits``),
and the memory scorer reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TraitKind(StrEnum):
    """The kinds of trait the register keeps, strongest evidence first."""

    ADDRESS = "address"  # ICAO 24-bit address, 6 hex digits upper case
    REGISTRATION = "registration"  # nationality mark and registration, no hyphen, upper case
    MSN = "msn"  # manufacturer's serial number
    AIRCRAFT_TYPE = "aircraft-type"  # ICAO type designator
    CALLSIGN = "callsign"  # aircraft identification (field 7)
    OPERATOR = "operator"  # operator name, as written
    PARTY = "party"  # agent, consignor, consignee, charterer of a permit request
    CITY_PAIR = "city-pair"  # departure-destination ICAO indicators
    TRANSIT_STATE = "transit-state"  # ISO alpha-2 of a state the route crosses
    CARGO_ITEM = "cargo-item"  # a cargo lexicon entry's key
    TIMING = "timing"  # filed, delayed, rescheduled, cancelled

    @property
    def identifies(self) -> bool:
        """Whether equal values name the same airframe (address, registration, MSN)."""
        return self in _IDENTIFYING


_IDENTIFYING = frozenset({TraitKind.ADDRESS, TraitKind.REGISTRATION, TraitKind.MSN})


@dataclass(frozen=True, slots=True, order=True)
class Trait:
    """One fact about a case: its kind, the key it is compared by, and how a person reads it.

    ``key`` is normalised (upper-case identifiers, ``ZKPY-OSDI``); for names it is the text
    as written, which the watch-list name matcher normalises itself. ``label`` is for display
    (``consignee KOREA MINING DEVELOPMENT TRADING CORPORATION``).
    """

    kind: TraitKind
    key: str
    label: str = ""

    def __str__(self) -> str:
        return self.label or f"{self.kind.value} {self.key}"


@dataclass(frozen=True, slots=True)
class PastCase:
    """A case in the register: its id, title, whether it is closed, and its traits."""

    case_id: int
    title: str
    closed: bool
    traits: frozenset[Trait]


__all__ = ["PastCase", "Trait", "TraitKind"]
