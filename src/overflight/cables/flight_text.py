"""The flight as telegrams describe it, and the words and numbers drafters write about it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from overflight.geo import state_name
from overflight.model import GeoPoint

__all__ = [
    "FlightOfConcern",
    "a_or_an",
    "and_list",
    "at_time",
    "ddmm",
    "name_of",
    "regions_of",
    "type_name",
]

_NAMES = {"TR": "Turkey", "KP": "North Korea", "KR": "South Korea", "SY": "Syria"}
"""Names as State telegrams wrote them (pycountry's are newer or longer)."""
_ADJECTIVES = {
    **{"TR": "Turkish", "CN": "Chinese", "RU": "Russian", "IQ": "Iraqi", "IR": "Iranian"},
    **{"KZ": "Kazakh", "KG": "Kyrgyz", "TJ": "Tajik", "TM": "Turkmen", "UZ": "Uzbek"},
    **{"AF": "Afghan", "AZ": "Azerbaijani", "GE": "Georgian", "MN": "Mongolian"},
}
REGIONS: tuple[tuple[str, str, frozenset[str]], ...] = (
    # As STATE 056778 (28 May 2008) counts them: Kabul among the "Central Asian states".
    ("Central Asia", "Central Asian", frozenset({"AF", "KG", "KZ", "TJ", "TM", "UZ"})),
)
"""Regions a drafter names instead of listing their states: (name, adjective, members)."""
_TYPE_NAMES = {
    "IL76": "Il-76",
    "IL62": "Il-62",
    "IL18": "Il-18",
    "A124": "An-124",
    "AN12": "An-12",
    "AN26": "An-26",
    "T154": "Tu-154",
    "T204": "Tu-204",
    "B744": "Boeing 747-400",
    "B748": "Boeing 747-8",
    "B77L": "Boeing 777-200LR",
}


@dataclass(frozen=True, slots=True)
class FlightOfConcern:
    """What the telegrams say about the flight: identity, schedule, ends, concern.

    Empty strings and ``None`` mean "not known"; the telegrams then say so or leave it out.
    """

    operator: str  # "Air Koryo"
    origin: str  # "Pyongyang, North Korea"
    destination: str  # "Damascus, Syria"
    concern: str = "items of proliferation concern"  # what it may carry
    callsign: str = ""  # "KOR7717"
    registration: str = ""  # "P912"
    address: str = ""  # ICAO 24-bit address, six hex digits
    aircraft_type: str = ""  # ICAO designator, "IL76"
    operator_code: str = ""  # ICAO designator of the operator, "KOR"
    origin_code: str = ""  # "ZKPY"
    destination_code: str = ""  # "OSDI"
    origin_state: str = ""  # "North Korea"
    destination_state: str = ""  # "Syria"
    departs_at: datetime | None = None  # EOBT, aware UTC
    arrives_at: datetime | None = None
    charter: bool = False
    tracked_since: str = ""  # "February"
    history: str = ""  # "has been rescheduled multiple times"

    @property
    def aircraft(self) -> str:
        """``an Il-76, registration P912`` (as much as is known)."""
        text = a_or_an(type_name(self.aircraft_type))
        return f"{text}, registration {self.registration}" if self.registration else text

    @property
    def kind(self) -> str:
        """``charter flight`` or ``flight`` (not "charter" twice after a charter operator)."""
        chartered = self.charter and "charter" not in self.operator.casefold()
        return "charter flight" if chartered else "flight"

    @property
    def label(self) -> str:
        """``Air Koryo charter flight KOR7717``; ``charter flight SYR9101`` with no operator."""
        flight = f"{self.operator} {self.kind}" if self.operator else self.kind
        return f"{flight} {self.callsign}" if self.callsign else flight

    @property
    def described(self) -> str:
        """The label with its article and the registration: what a first mention says.

        ``an Air Koryo charter flight KOR7717 (registration P912)``.
        """
        registration = f" (registration {self.registration})" if self.registration else ""
        return f"{a_or_an(self.label)}{registration}"

    @property
    def operator_flight(self) -> str:
        """``an Air Koryo flight`` (as the seed's thank-you says it), ``flight SYR9101`` else."""
        if self.operator:
            return f"{a_or_an(self.operator)} flight"
        return f"flight {self.callsign}" if self.callsign else "the flight"

    @property
    def operator_text(self) -> str:
        """The operator's name, or ``the operator of flight SYR9101`` when it is not known."""
        if self.operator:
            return self.operator
        return f"the operator of flight {self.callsign}" if self.callsign else "the operator"


def a_or_an(word: str) -> str:
    """``an Air Koryo``, ``a Lufthansa`` (by the first letter: drafters' rule of thumb)."""
    return f"an {word}" if word[:1].upper() in "AEIOU" else f"a {word}"


def type_name(designator: str) -> str:
    """A type as drafters name it (``IL76`` → ``Il-76``); ``aircraft`` when unknown."""
    base = designator.split("/")[0].strip().upper()
    return _TYPE_NAMES.get(base, base or "aircraft")


def name_of(state: str) -> str:
    """A state's name as State telegrams wrote it (``TR`` → ``Turkey``)."""
    return _NAMES.get(state) or state_name(state)


def adjective_of(state: str) -> str:
    """``Turkish`` airspace; else the name (``Kazakhstan`` airspace reads well enough)."""
    return _ADJECTIVES.get(state, name_of(state))


def regions_of(states: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """States not in a named region (sorted by name), and the regions holding two or more.

    Returns:
        The lone states, and (region name, adjective) for each region named.
    """
    chosen = set(states)
    regions = []
    for name, adjective, members in REGIONS:
        inside = chosen & members
        if len(inside) >= 2:
            regions.append((name, adjective))
            chosen -= inside
    return sorted(chosen, key=name_of), regions


def and_list(items: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B, and C``."""
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])}, and {items[-1]}"


def at_time(moment: datetime, *, year: bool = True) -> str:
    """``0547Z on 1 February 2008``."""
    day = f"{moment.day} {moment:%B}" + (f" {moment.year}" if year else "")
    return f"{moment:%H%M}Z on {day}"


def ddmm(position: GeoPoint) -> str:
    """A position as ICAO flight plans write it, to the minute (``4352N08030E``)."""
    lat = round(abs(position.lat) * 60)
    lon = round(abs(position.lon) * 60)
    ns = "N" if position.lat >= 0 else "S"
    ew = "E" if position.lon >= 0 else "W"
    return f"{lat // 60:02d}{lat % 60:02d}{ns}{lon // 60:03d}{lon % 60:02d}{ew}"
