"""Is a filed total EET plausible for the distance and the filed speed?

A flight-data processor compares the total estimated elapsed time of field 16 with the time the
great circle between the aerodromes takes at the cruising speed of field 15. Real routes are
longer than the great circle and include climb and descent; winds change ground speed. So the
EET is implausible only when it is shorter than ``FASTEST`` times that time (a tailwind of a
third of the airspeed, all the way) or longer than ``SLOWEST`` times it plus ``OVERHEAD_MIN``
(a detour of 60 % and an hour of climb, descent and holding).
"""

from __future__ import annotations

from functools import lru_cache

from pyproj import Geod

from overflight.ats.message import AtsMessage
from overflight.errors import InputError
from overflight.geo import find_aerodrome

__all__ = ["FASTEST", "OVERHEAD_MIN", "SLOWEST", "eet_problem"]

FASTEST = 0.75
SLOWEST = 1.6
OVERHEAD_MIN = 60
_GEOD = Geod(ellps="WGS84")


def eet_problem(message: AtsMessage) -> str | None:
    """Why the total EET of field 16 does not fit distance and speed, or ``None`` if it does.

    ``None`` too when it cannot be judged: an aerodrome that is ZZZZ or unknown, no EET or no
    speed.
    """
    destination, departure, route = message.destination, message.departure, message.route
    if destination is None or departure is None or route is None:
        return None
    if destination.total_eet_min is None or route.speed.m_s <= 0:
        return None
    distance_m = _distance_m(departure.aerodrome, destination.aerodrome)
    if distance_m is None:
        return None
    direct_min = distance_m / route.speed.m_s / 60
    eet_min = destination.total_eet_min
    if eet_min < FASTEST * direct_min or eet_min > SLOWEST * direct_min + OVERHEAD_MIN:
        return (
            f"total EET {eet_min // 60:02d}{eet_min % 60:02d} does not fit "
            f"{distance_m / 1852:,.0f} NM great circle {departure.aerodrome}-"
            f"{destination.aerodrome} at {route.speed} (about {round(direct_min) // 60:02d}"
            f"{round(direct_min) % 60:02d} direct)"
        )
    return None


@lru_cache(maxsize=4096)
def _distance_m(departure: str, destination: str) -> float | None:
    """Great-circle (geodesic) metres between two aerodromes, ``None`` if one is not known."""
    if "ZZZZ" in (departure, destination) or departure == "AFIL":
        return None
    try:
        start = find_aerodrome(departure).position
        end = find_aerodrome(destination).position
    except InputError:
        return None
    _, _, distance_m = _GEOD.inv(start.lon, start.lat, end.lon, end.lat)
    return float(distance_m)
