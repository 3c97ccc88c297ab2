"""Feasible routes under aircraft range and state stances; states whose denial blocks them.

Geography enters only through :class:`RouteOracle`; :class:`GraphRouteOracle` is a synthetic
one for tests and benchmarks, the real one (sovereign airspace, aerodromes) lives with ``geo``.
"""

from overflight.interdiction.aircraft import (
    AircraftPerformance,
    Figure,
    MissingFigureError,
    UnknownAircraftError,
    aircraft_performance,
    known_designators,
    variants_of,
)
from overflight.interdiction.analysis import ChokepointAnalysis, ChokepointAnswer, find_chokepoints
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
from overflight.interdiction.stance import Stance, StanceChange, StanceSnapshot, StanceTable

__all__ = [
    "PSI_ENDORSEMENTS",
    "STATES_OF_CONCERN",
    "AircraftPerformance",
    "BlockingSearch",
    "BlockingSet",
    "CachedRouteOracle",
    "ChokepointAnalysis",
    "ChokepointAnswer",
    "ExplainingRouteOracle",
    "FeasibleRoute",
    "Figure",
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
    "default_stance_table",
    "find_blocking_sets",
    "find_chokepoints",
    "known_designators",
    "variants_of",
    "verify_blocking_set",
]
