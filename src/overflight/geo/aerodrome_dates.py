"""When aerodromes opened or closed, where the project knows it (OurAirports has no dates).

A partial table, meant for the aerodromes that cases meet: new ones that must not be offered
for an older flight, and closed ones that were open before. Each entry names its source. An
aerodrome not listed is taken as open on any day unless OurAirports lists it as closed
(``overflight.geo.runways.AerodromeFacts.open_on``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["AERODROME_DATES", "AerodromeDates", "dates_of"]


@dataclass(frozen=True, slots=True)
class AerodromeDates:
    """One aerodrome's opening and/or closing day, with where that was read."""

    icao: str
    opened_on: date | None
    closed_on: date | None
    source: str


_GENERAL = "opening/closing as given in the airport's Wikipedia article (not re-read offline)"

AERODROME_DATES: tuple[AerodromeDates, ...] = (
    AerodromeDates(
        "UAIT",
        date(2020, 12, 1),
        None,
        "Hazrat Sultan (Türkistan): opening ceremony 28 Sep 2020 (CAPA, 29 Sep 2020); first "
        "scheduled flight 1 Dec 2020 (Kazinform, 16 Nov 2020)",
    ),
    AerodromeDates("LTFM", date(2018, 10, 29), None, f"İstanbul Airport: {_GENERAL}"),
    AerodromeDates("ZBAD", date(2019, 9, 25), None, f"Beijing Daxing: {_GENERAL}"),
    AerodromeDates("EDDB", date(2020, 10, 31), None, f"Berlin Brandenburg: {_GENERAL}"),
    AerodromeDates("VTBS", date(2006, 9, 28), None, f"Bangkok Suvarnabhumi: {_GENERAL}"),
    AerodromeDates("OTHH", date(2014, 4, 30), None, f"Doha Hamad: {_GENERAL}"),
    AerodromeDates("SEQM", date(2013, 2, 20), None, f"Quito Mariscal Sucre (new): {_GENERAL}"),
    AerodromeDates("LTFO", date(2022, 5, 14), None, f"Rize–Artvin: {_GENERAL}"),
    AerodromeDates("LTCB", date(2015, 5, 22), None, f"Ordu–Giresun: {_GENERAL}"),
    AerodromeDates("EDDT", None, date(2020, 11, 8), f"Berlin Tegel: {_GENERAL}"),
    AerodromeDates("EDDI", None, date(2008, 10, 31), f"Berlin Tempelhof: {_GENERAL}"),
    AerodromeDates("VHHX", None, date(1998, 7, 6), f"Hong Kong Kai Tak: {_GENERAL}"),
    AerodromeDates("LGAT", None, date(2001, 3, 28), f"Athens Ellinikon: {_GENERAL}"),
    AerodromeDates("ENFB", None, date(1998, 10, 8), f"Oslo Fornebu: {_GENERAL}"),
    AerodromeDates("SEQU", None, date(2013, 2, 20), f"Quito Mariscal Sucre (old): {_GENERAL}"),
)
"""Dated aerodromes, by ICAO location indicator."""

_BY_ICAO = {entry.icao: entry for entry in AERODROME_DATES}


def dates_of(icao: str) -> tuple[date | None, date | None, str]:
    """The opening day, closing day and source for ``icao`` (``None``s and ``""`` if unknown)."""
    entry = _BY_ICAO.get(icao.upper())
    if entry is None:
        return None, None, ""
    return entry.opened_on, entry.closed_on, entry.source
