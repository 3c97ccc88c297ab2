"""Feasible routes under aircraft range and state stances; states whose denial blocks them.

Geography enters only through :class:`RouteOracle`; :class:`GraphRouteOracle` is a synthetic
one for tests and benchmarks, :class:`AirspaceRouteOracle` the real one (sovereign airspace from
``overflight.geo``, candidate stops from airportsdata).
"""

from overflight.interdiction.aircraft import aircraft_performance
from overflight.interdiction.airspace_oracle import (
    AirspaceRouteOracle,
    CorridorSettings,
    FlownRoute,
)
from overflight.interdiction.analysis import ChokepointAnalysis, find_chokepoints
from overflight.interdiction.asks import (
    AskKind,
    AskPolicy,
    Crossing,
    StateAsk,
    Suggestion,
    parse_ask_kind,
    plan_asks,
)
from overflight.interdiction.cancellation import CancelCheck, never_cancelled, stop_if_cancelled
from overflight.interdiction.chokepoints import DEFAULT_MAX_SIZE
from overflight.interdiction.graph_cache import default_graph_cache
from overflight.interdiction.inspection import runway_needed_m
from overflight.interdiction.oracle import FeasibleRoute
from overflight.interdiction.policies import standing_policies_on, standing_policy_of
from overflight.interdiction.psi import default_stance_table
from overflight.interdiction.route_options import find_route_options
from overflight.interdiction.stance import Stance, StanceSnapshot

__all__ = [
    "DEFAULT_MAX_SIZE",
    "AirspaceRouteOracle",
    "AskKind",
    "AskPolicy",
    "CancelCheck",
    "ChokepointAnalysis",
    "CorridorSettings",
    "Crossing",
    "FeasibleRoute",
    "FlownRoute",
    "Stance",
    "StanceSnapshot",
    "StateAsk",
    "Suggestion",
    "aircraft_performance",
    "default_graph_cache",
    "default_stance_table",
    "find_chokepoints",
    "find_route_options",
    "never_cancelled",
    "parse_ask_kind",
    "plan_asks",
    "runway_needed_m",
    "standing_policies_on",
    "standing_policy_of",
    "stop_if_cancelled",
]
