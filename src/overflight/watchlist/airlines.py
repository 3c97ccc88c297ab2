"""Airline designator tables: ICAO three-letter designators, names and call signs.

A table is a CSV file the user supplies (the policy's ``airlines:``); the VRS standing data's
``airlines.csv`` (``Code,Name,ICAO,IATA,…``) reads as it is. Columns are found by their
header, in any order and case: the designator (``ICAO``, ``Designator``), the name (``Name``,
``Airline``), and if present the call sign (``Callsign``, ``Call sign``, ``Telephony``),
``IATA`` and ``Country``. Rows without an ICAO designator are skipped.

An operator resolves to airlines by designator (``KOR``), call sign or name, compared in the
matcher's comparable form (``AIR KORYO AIRLINES`` and ``Air Koryo`` are both ``air koryo``);
only exact forms count, never fuzzy ones, and a name made of airline words alone (``Air``,
``Airlines``) resolves to nothing. Word order counts (``Air China`` is CCA, ``China Air``
reads as China Airlines, CAL); a name in an order no airline has (``Koryo Air``) resolves
only when a single airline has its words.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from overflight.errors import ParseError
from overflight.textfile import read_text_file
from overflight.watchlist.names import AIR_WORDS, analyse_name

_DESIGNATOR = re.compile(r"[A-Z]{3}")
_COLUMNS = {
    "designator": ("icao", "designator", "icao designator", "icao code"),
    "name": ("name", "airline", "airline name", "operator"),
    "callsign": ("callsign", "call sign", "telephony", "radio call sign"),
    "iata": ("iata", "iata code"),
    "country": ("country", "state"),
}


@dataclass(frozen=True, slots=True)
class Airline:
    """One airline: ICAO designator, name and, where the table has them, call sign and more."""

    designator: str
    name: str
    callsign: str = ""
    iata: str = ""
    country: str = ""


class Resolved(StrEnum):
    """How an operator's text led to an airline."""

    DESIGNATOR = "designator"
    CALLSIGN = "call sign"
    NAME = "name"


def name_key(text: str) -> str:
    """An airline name's comparable form, or ``""`` when only airline or legal words are left."""
    core = analyse_name(text).core
    if not core or all(token in AIR_WORDS for token in core):
        return ""
    return " ".join(core)


def _sorted_key(key: str) -> str:
    return " ".join(sorted(key.split()))


@dataclass(frozen=True, slots=True, eq=False)
class AirlineTable:
    """Airlines by designator, call sign and name; read-only once built (``build``)."""

    source: str
    by_designator: Mapping[str, Airline]
    by_callsign: Mapping[str, tuple[Airline, ...]]
    by_name: Mapping[str, tuple[Airline, ...]]
    by_words: Mapping[str, tuple[Airline, ...]]

    @classmethod
    def build(cls, airlines: Iterable[Airline], source: str = "") -> AirlineTable:
        """A table of ``airlines``; a designator given twice keeps its first row."""
        designators: dict[str, Airline] = {}
        callsigns: dict[str, list[Airline]] = {}
        names: dict[str, list[Airline]] = {}
        words: dict[str, list[Airline]] = {}
        for airline in airlines:
            if airline.designator in designators:
                continue
            designators[airline.designator] = airline
            if key := name_key(airline.callsign):
                callsigns.setdefault(key, []).append(airline)
            if key := name_key(airline.name):
                names.setdefault(key, []).append(airline)
                words.setdefault(_sorted_key(key), []).append(airline)
        return cls(
            source,
            MappingProxyType(designators),
            MappingProxyType({k: tuple(v) for k, v in callsigns.items()}),
            MappingProxyType({k: tuple(v) for k, v in names.items()}),
            MappingProxyType({k: tuple(v) for k, v in words.items()}),
        )

    def __len__(self) -> int:
        return len(self.by_designator)

    def merged(self, other: AirlineTable) -> AirlineTable:
        """This table with ``other``'s airlines added (this one's rows win for a designator)."""
        source = " + ".join(s for s in (self.source, other.source) if s)
        return AirlineTable.build(
            (*self.by_designator.values(), *other.by_designator.values()), source
        )

    def resolve(self, text: str) -> tuple[tuple[Airline, Resolved], ...]:
        """The airlines ``text`` names: by designator, else by call sign and name (exact forms)."""
        code = text.strip().upper()
        if _DESIGNATOR.fullmatch(code):
            airline = self.by_designator.get(code)
            return ((airline, Resolved.DESIGNATOR),) if airline else ()
        key = name_key(text)
        if not key:
            return ()
        found = [(a, Resolved.NAME) for a in self.by_name.get(key, ())]
        found += [(a, Resolved.CALLSIGN) for a in self.by_callsign.get(key, ())]
        if not found:
            reordered = self.by_words.get(_sorted_key(key), ())
            if len(reordered) == 1:
                found = [(reordered[0], Resolved.NAME)]
        first: dict[str, tuple[Airline, Resolved]] = {}
        for airline, how in found:
            first.setdefault(airline.designator, (airline, how))
        return tuple(first.values())


EMPTY_AIRLINES = AirlineTable.build((), "")


def _column(header: list[str], role: str) -> int | None:
    wanted = _COLUMNS[role]
    for number, title in enumerate(header):
        if " ".join(title.strip().lower().replace("_", " ").split()) in wanted:
            return number
    return None


def read_airlines(text: str, source: str) -> AirlineTable:
    """The airline table in CSV ``text`` (``source`` names it in errors).

    Raises:
        ParseError: no designator or name column, or a designator that is not three letters
            (with the line and column).
    """
    rows = csv.reader(text.lstrip("\ufeff").splitlines())
    header = next(rows, [])
    columns = {role: _column(header, role) for role in _COLUMNS}
    for role in ("designator", "name"):
        if columns[role] is None:
            wanted = " or ".join(_COLUMNS[role][:2])
            raise ParseError(f"no {role} column ({wanted})", source=source, line=1)
    airlines = []
    for number, row in enumerate(rows, start=2):
        cells = {
            role: (row[at].strip() if at is not None and at < len(row) else "")
            for role, at in columns.items()
        }
        designator = cells["designator"].upper()
        if not designator:
            continue
        if not _DESIGNATOR.fullmatch(designator):
            raise ParseError(
                f"{cells['designator']!r} is not an ICAO three-letter designator",
                source=source,
                line=number,
                field=header[columns["designator"] or 0].strip(),
            )
        airlines.append(
            Airline(designator, cells["name"], cells["callsign"], cells["iata"], cells["country"])
        )
    return AirlineTable.build(airlines, source)


def load_airlines(path: Path) -> AirlineTable:
    """The airline table in the CSV file at ``path``.

    Raises:
        InputError: the file cannot be read.
        ParseError: see ``read_airlines``.
    """
    return read_airlines(read_text_file(path), str(path))


__all__ = [
    "EMPTY_AIRLINES",
    "Airline",
    "AirlineTable",
    "Resolved",
    "load_airlines",
    "name_key",
    "read_airlines",
]
