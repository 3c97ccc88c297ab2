"""Feasible routes under aircraft range and state stances; states whose denial blocks them.

Geography enters only through :class:`RouteOracle`; :class:`GraphRouteOracle` is a synthetic
one for tests and benchmarks, :class:`AirspaceRouteOracle` the real one (sovereign airspace from
``overflight.geo``, candidate stops from airportsdata).
"""

from overflight.interdiction.aerodrome_choice import can_take_heavy_transport, choose_stops
from overflight.interdiction.aircraft import (
    AircraftPerformance,
    Figure,
    MissingFigureError,
    UnknownAircraftError,
    aircraft_performance,
    known_designators,
    variants_of,
)
from overflight.interdiction.airspace_oracle import (
    AirspaceRouteOracle,
    CorridorSettings,
    FlownRoute,
)
from overflight.interdiction.analysis import ChokepointAnalysis, ChokepointAnswer, find_chokepoints
from overflight.interdiction.cancellation import (
    AnalysisCancelledError,
    CancelCheck,
    never_cancelled,
    stop_if_cancelled,
)
from overflight.interdiction.chokepoints import (
    BlockingSearch,
    BlockingSet,
    OracleContractError,
    ReopenedRoute,
    find_blocking_sets,
    verify_blocking_set,
)
from overflight.interdiction.graph_world import GraphRouteOracle, GraphWorld, WorldEdge, WorldNode
from overflight.interdiction.oracle import (
    CachedRouteOracle,
    ExplainingRouteOracle,
    FeasibleRoute,
    RouteLeg,
    RouteOracle,
)
from overflight.interdiction.psi import PSI_ENDORSEMENTS, STATES_OF_CONCERN, default_stance_table
from overflight.interdiction.route_options import find_route_options
from overflight.interdiction.stance import Stance, StanceChange, StanceSnapshot, StanceTable

__all__ = [
    "PSI_ENDORSEMENTS",
    "STATES_OF_CONCERN",
    "AircraftPerformance",
    "AirspaceRouteOracle",
    "AnalysisCancelledError",
    "BlockingSearch",
    "BlockingSet",
    "CachedRouteOracle",
    "CancelCheck",
    "ChokepointAnalysis",
    "ChokepointAnswer",
    "CorridorSettings",
    "ExplainingRouteOracle",
    "FeasibleRoute",
    "Figure",
    "FlownRoute",
    "GraphRouteOracle",
    "GraphWorld",
    "MissingFigureError",
    "OracleContractError",
    "ReopenedRoute",
    "RouteLeg",
    "RouteOracle",
    "Stance",
    "StanceChange",
    "StanceSnapshot",
    "StanceTable",
    "UnknownAircraftError",
    "WorldEdge",
    "WorldNode",
    "aircraft_performance",
    "can_take_heavy_transport",
    "choose_stops",
    "default_stance_table",
    "find_blocking_sets",
    "find_chokepoints",
    "find_route_options",
    "known_designators",
    "never_cancelled",
    "stop_if_cancelled",
    "variants_of",
    "verify_blocking_set",
]
