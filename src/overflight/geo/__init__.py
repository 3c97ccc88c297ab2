"""Know the sky: aerodromes, sovereign airspace, geodesic routes and the transits of a route."""

from overflight.geo.aerodromes import aerodromes_in, find_aerodrome
from overflight.geo.airspace import Airspace, load_airspace, packaged_airspace_digest
from overflight.geo.geojson import path_geometry, route_geojson
from overflight.geo.kept import CACHE_ENV, cache_folder
from overflight.geo.location_indicators import state_of_indicator
from overflight.geo.maps import MapLayer, check_maps_installed, draw_route_map
from overflight.geo.navdata import NavData, load_navdata
from overflight.geo.routes import parse_point, parse_time, plan_route
from overflight.geo.runways import AerodromeFacts, aerodrome_facts
from overflight.geo.sovereignty import states_at
from overflight.geo.states import parse_state, sovereign_of, state_codes, state_name
from overflight.geo.transits import (
    GEOD,
    TransitTable,
    find_transit_table,
    find_transits,
    find_transits_many,
    sample_route,
    times_at,
)

__all__ = [
    "CACHE_ENV",
    "GEOD",
    "AerodromeFacts",
    "Airspace",
    "MapLayer",
    "NavData",
    "TransitTable",
    "aerodrome_facts",
    "aerodromes_in",
    "cache_folder",
    "check_maps_installed",
    "draw_route_map",
    "find_aerodrome",
    "find_transit_table",
    "find_transits",
    "find_transits_many",
    "load_airspace",
    "load_navdata",
    "packaged_airspace_digest",
    "parse_point",
    "parse_state",
    "parse_time",
    "path_geometry",
    "plan_route",
    "route_geojson",
    "sample_route",
    "sovereign_of",
    "state_codes",
    "state_name",
    "state_of_indicator",
    "states_at",
    "times_at",
]
