"""Which aerodromes may serve as technical stops for a heavy transport, from the data we have.

``airportsdata`` gives position, country, ICAO and IATA codes and a name, but **no runway
length, surface or strength**, so whether an aerodrome "can take" an Il-76 or a 747 cannot be
read from it. The rule supported by the data, and used here:

1. the aerodrome has an IATA code (it is, or was, served by scheduled or charter traffic: a
   proxy for a paved runway, fuel and handling), and its name does not say it is a heliport,
   seaplane base or water aerodrome;
2. in each cell of ``cell_deg`` degrees and each country, only one such aerodrome is kept, the
   first whose name says "International", else the first by ICAO indicator (stops close
   together and in one state behave alike for a chokepoint: same airspace, same landing state).

This admits some strips too short for the type and thins out real options; a case that knows
better passes its own list of ICAO indicators (``only=``), which is then used as is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from overflight.errors import Param
from overflight.geo import aerodromes_in, find_aerodrome, state_codes
from overflight.interdiction.sky_graph import Corridor
from overflight.model import Aerodrome

__all__ = ["NOT_AIRFIELDS", "can_take_heavy_transport", "choose_stops"]

NOT_AIRFIELDS = ("heliport", "helipad", "seaplane", "water aerodrome", "sea plane base")
"""Words in an aerodrome's name that say no heavy transport can land there."""


def can_take_heavy_transport(aerodrome: Aerodrome) -> bool:
    """The data-supported suitability rule: an IATA code and a name that is not a heliport's."""
    name = aerodrome.name.casefold()
    return bool(aerodrome.iata) and not any(word in name for word in NOT_AIRFIELDS)


def choose_stops(
    corridor: Corridor,
    *,
    cell_deg: float = 2.0,
    only: Iterable[str] | None = None,
    leave_out: Iterable[str] = (),
) -> tuple[Aerodrome, ...]:
    """Candidate technical stops inside ``corridor``, by the rule above, sorted by ICAO.

    Args:
        corridor: only aerodromes inside it are kept.
        cell_deg: thinning cell; one aerodrome per country per cell.
        only: a curated list of ICAO indicators (or IATA codes) to use instead of the rule;
            these are kept even outside the corridor.
        leave_out: indicators never to use as stops (the departure and destination).

    Raises:
        AerodromeNotFound: a code in ``only`` is unknown.
    """
    skip = {code.upper() for code in leave_out}
    if only is not None:
        chosen = {find_aerodrome(code, Param("stop")) for code in only}
        return tuple(sorted((a for a in chosen if a.icao not in skip), key=lambda a: a.icao))
    pool = [
        aerodrome
        for country in state_codes()
        for aerodrome in aerodromes_in(country)
        if aerodrome.icao not in skip and can_take_heavy_transport(aerodrome)
    ]
    if not pool:
        return ()
    lon = np.array([a.position.lon for a in pool])
    lat = np.array([a.position.lat for a in pool])
    inside = corridor.contains(lon, lat)
    best: dict[tuple[str, int, int], Aerodrome] = {}
    for aerodrome, keep in zip(pool, inside.tolist(), strict=True):
        if not keep:
            continue
        cell = (
            aerodrome.country,
            math.floor(aerodrome.position.lat / cell_deg),
            math.floor(aerodrome.position.lon / cell_deg),
        )
        held = best.get(cell)
        if held is None or _preference(aerodrome) < _preference(held):
            best[cell] = aerodrome
    return tuple(sorted(best.values(), key=lambda a: a.icao))


def _preference(aerodrome: Aerodrome) -> tuple[bool, str]:
    return ("international" not in aerodrome.name.casefold(), aerodrome.icao)
