"""Where a state could have a flight land for inspection: real aerodromes, ranked by diversion.

An aerodrome qualifies (``inspection_sites``) when, by the OurAirports data
(``overflight.geo.runways``) and the dated table laid over it:

1. it is an aerodrome, not a heliport, seaplane base or balloon port;
2. it was open on the flight's day (an aerodrome opened in 2020 is never offered for a 2008
   flight; one the data lists as closed is never offered);
3. its longest open paved runway is at least what the type needs (``runway_needed_m``);
4. landing there costs at most ``max_diversion_km`` of extra flying: the diversion is
   d(entry, aerodrome) + d(aerodrome, exit) − d(entry, exit) over the stretch of the route in
   the state that makes it smallest (geodesic, WGS84).

They are ranked in tiers, then by diversion: the state's designated aerodromes of entry where
the case knows them (customs and immigration are there, so an inspection can be lawful and
quick), then aerodromes with scheduled service, then the rest. The word "International" in a
name counts for nothing. Ties break on the ICAO indicator.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from pyproj import Geod

from overflight.errors import InputError
from overflight.geo import AerodromeFacts, aerodrome_facts, aerodromes_in
from overflight.model import Aerodrome, GeoPoint, Transit

__all__ = [
    "RUNWAY_NEEDED_M",
    "InspectionSite",
    "inspection_sites",
    "runway_needed_m",
    "site_at",
]

GEOD = Geod(ellps="WGS84")
NOT_AERODROMES = frozenset({"heliport", "seaplane_base", "balloonport"})

RUNWAY_NEEDED_M: dict[str, float] = {
    "IL76": 2500.0,
    "IL62": 2500.0,
    "A124": 3000.0,
    "B744": 3000.0,
    "B748": 3100.0,
    "B77L": 3000.0,
    "T204": 2200.0,
    "T154": 2200.0,
    "AN12": 1800.0,
    "AN26": 1500.0,
    "B763": 2500.0,
}
"""Paved runway a loaded type needs to land and take off again (metres).

A planning minimum the project chose, with margin over the loaded take-off runs usually
quoted (Il-76 about 1,700-2,100 m), not a manufacturer's figure; a case that knows better
passes its own (``needed_m``). Unknown types take ``DEFAULT_RUNWAY_M``.
"""
DEFAULT_RUNWAY_M = 2500.0


def runway_needed_m(aircraft_type: str) -> float:
    """The paved runway length a type needs (its ICAO designator, a ``/variant`` ignored)."""
    base = aircraft_type.split("/")[0].strip().upper()
    return RUNWAY_NEEDED_M.get(base, DEFAULT_RUNWAY_M)


@dataclass(frozen=True, slots=True)
class InspectionSite:
    """An aerodrome where the flight could be landed for inspection, and why it qualifies."""

    aerodrome: Aerodrome
    diversion_km: float  # extra flying to land there and go on
    runway_m: float  # its longest open paved runway
    surface: str  # that runway's surface code
    aerodrome_of_entry: bool  # named by the case as a designated aerodrome of entry
    scheduled_service: bool

    @property
    def label(self) -> str:
        """``Esenboğa International Airport (LTAC)``."""
        return f"{self.aerodrome.name} ({self.aerodrome.icao})"


def inspection_sites(
    state: str,
    transits: Sequence[Transit],
    *,
    day: date,
    needed_m: float,
    max_diversion_km: float,
    aerodromes_of_entry: Collection[str] = (),
    limit: int = 3,
) -> tuple[InspectionSite, ...]:
    """The best aerodromes in ``state`` for an inspection landing, best first (rule above).

    Args:
        state: ISO 3166-1 alpha-2 code.
        transits: the route's stretches in that state (entry and exit points).
        day: the flight's day (UTC).
        needed_m: paved runway the type needs.
        max_diversion_km: the most extra flying to ask of the flight.
        aerodromes_of_entry: the state's designated aerodromes of entry (ICAO), where known.
        limit: how many to return.
    """
    stretches = [(t.entry, t.exit) for t in transits]
    if not stretches:
        return ()
    try:
        every = aerodromes_in(state)
    except InputError:
        return ()
    entry_points = {code.upper() for code in aerodromes_of_entry}
    found: list[tuple[Aerodrome, AerodromeFacts]] = []
    for aerodrome in every:
        facts = aerodrome_facts(aerodrome.icao)
        if facts is None or facts.kind in NOT_AERODROMES or not facts.open_on(day):
            continue
        if facts.longest_runway_m() < needed_m:
            continue
        found.append((aerodrome, facts))
    if not found:
        return ()
    diversions = _diversions_km([a.position for a, _ in found], stretches)
    sites = [
        _site(aerodrome, facts, km, aerodrome.icao in entry_points)
        for (aerodrome, facts), km in zip(found, diversions, strict=True)
        if km <= max_diversion_km
    ]
    sites.sort(key=_rank)
    return tuple(sites[:limit])


def _rank(site: InspectionSite) -> tuple[int, float, str]:
    tier = 0 if site.aerodrome_of_entry else 1 if site.scheduled_service else 2
    return (tier, round(site.diversion_km, 1), site.aerodrome.icao)


def site_at(
    aerodrome: Aerodrome, transits: Sequence[Transit], *, day: date
) -> InspectionSite | None:
    """A named aerodrome (a technical stop, the case's choice) as a site, whatever its runway.

    ``None`` when OurAirports does not know it or it was not open on ``day``.
    """
    facts = aerodrome_facts(aerodrome.icao)
    stretches = [(t.entry, t.exit) for t in transits]
    if facts is None or not facts.open_on(day) or not stretches:
        return None
    (km,) = _diversions_km([aerodrome.position], stretches)
    return _site(aerodrome, facts, km, entry=True)


def _site(aerodrome: Aerodrome, facts: AerodromeFacts, km: float, entry: bool) -> InspectionSite:
    longest = facts.longest_runway_m()
    runway = next((r for r in facts.runways if not r.closed and r.length_m == longest), None)
    return InspectionSite(
        aerodrome=aerodrome,
        diversion_km=round(km, 1),
        runway_m=round(longest),
        surface=runway.surface if runway is not None else "",
        aerodrome_of_entry=entry,
        scheduled_service=facts.scheduled_service,
    )


def _diversions_km(
    places: list[GeoPoint], stretches: list[tuple[GeoPoint, GeoPoint]]
) -> list[float]:
    """For each place, the least extra distance to land there from one of the stretches."""
    lat = np.array([p.lat for p in places])
    lon = np.array([p.lon for p in places])
    best = np.full(len(places), np.inf)
    for entry, exit_ in stretches:
        _, _, d_in = GEOD.inv(np.full_like(lon, entry.lon), np.full_like(lat, entry.lat), lon, lat)
        _, _, d_out = GEOD.inv(lon, lat, np.full_like(lon, exit_.lon), np.full_like(lat, exit_.lat))
        _, _, direct = GEOD.inv(entry.lon, entry.lat, exit_.lon, exit_.lat)
        best = np.minimum(best, (d_in + d_out - direct) / 1000.0)
    return [float(km) for km in np.maximum(best, 0.0)]
