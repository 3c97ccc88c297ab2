"""Know the sky: aerodromes, sovereign airspace, geodesic routes and the transits of a route."""

from overflight.geo.aerodromes import (
    AerodromeNotFound,
    aerodromes_in,
    find_aerodrome,
    search_aerodromes,
)
from overflight.geo.airspace import Airspace, load_airspace
from overflight.geo.routes import parse_point, parse_time, plan_route
from overflight.geo.sovereignty import locate_regions, states_at
from overflight.geo.states import (
    SOVEREIGNS,
    alpha3,
    parse_state,
    sovereign_of,
    state_codes,
    state_name,
)
from overflight.geo.transits import find_transits, find_transits_many, sample_route, times_at

__all__ = [
    "SOVEREIGNS",
    "AerodromeNotFound",
    "Airspace",
    "aerodromes_in",
    "alpha3",
    "find_aerodrome",
    "find_transits",
    "find_transits_many",
    "load_airspace",
    "locate_regions",
    "parse_point",
    "parse_state",
    "parse_time",
    "plan_route",
    "sample_route",
    "search_aerodromes",
    "sovereign_of",
    "state_codes",
    "state_name",
    "states_at",
    "times_at",
]
