"""The indicators: each a small pure function ``(intent, context) -> tuple[Finding, ...]``."""

from __future__ import annotations

from collections.abc import Callable

from overflight.model import FlightIntent
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import Finding, Indicator
from overflight.screening.indicators.cargo import controlled_goods, listed_party, vague_cargo
from overflight.screening.indicators.identity import (
    address_registration_mismatch,
    address_state_of_concern,
    designator_of_concern,
    listed_aircraft,
    listed_operator,
    registration_state_of_concern,
)
from overflight.screening.indicators.permit import (
    crossed_not_requested,
    entry_misfit,
    requested_not_crossed,
)
from overflight.screening.indicators.route import (
    non_scheduled_on_route,
    repeated_changes,
    route_state_of_concern,
    state_flight_on_route,
)
from overflight.screening.indicators.validity import (
    denied_elsewhere,
    outside_validity,
    repeated_requests,
)
from overflight.screening.memory import resembles_case

IndicatorFunction = Callable[[FlightIntent, ScreeningContext], tuple[Finding, ...]]

INDICATORS: tuple[tuple[Indicator, IndicatorFunction], ...] = (
    (Indicator.LISTED_AIRCRAFT, listed_aircraft),
    (Indicator.LISTED_OPERATOR, listed_operator),
    (Indicator.LISTED_PARTY, listed_party),
    (Indicator.REGISTRATION_STATE_OF_CONCERN, registration_state_of_concern),
    (Indicator.ADDRESS_STATE_OF_CONCERN, address_state_of_concern),
    (Indicator.ADDRESS_REGISTRATION_MISMATCH, address_registration_mismatch),
    (Indicator.DESIGNATOR_OF_CONCERN, designator_of_concern),
    (Indicator.ROUTE_STATE_OF_CONCERN, route_state_of_concern),
    (Indicator.NON_SCHEDULED_ON_ROUTE, non_scheduled_on_route),
    (Indicator.STATE_FLIGHT_ON_ROUTE, state_flight_on_route),
    (Indicator.CONTROLLED_GOODS, controlled_goods),
    (Indicator.VAGUE_CARGO, vague_cargo),
    (Indicator.REPEATED_CHANGES, repeated_changes),
    (Indicator.RESEMBLES_CASE, resembles_case),
    (Indicator.CROSSED_NOT_REQUESTED, crossed_not_requested),
    (Indicator.REQUESTED_NOT_CROSSED, requested_not_crossed),
    (Indicator.ENTRY_MISFIT, entry_misfit),
    (Indicator.OUTSIDE_VALIDITY, outside_validity),
    (Indicator.REPEATED_REQUESTS, repeated_requests),
    (Indicator.DENIED_ELSEWHERE, denied_elsewhere),
)
"""Every indicator, in report order."""


def indicator_for(indicator: Indicator) -> IndicatorFunction:
    """The function of one indicator."""
    return dict(INDICATORS)[indicator]


__all__ = [
    "INDICATORS",
    "IndicatorFunction",
    "address_registration_mismatch",
    "address_state_of_concern",
    "controlled_goods",
    "crossed_not_requested",
    "denied_elsewhere",
    "designator_of_concern",
    "entry_misfit",
    "indicator_for",
    "listed_aircraft",
    "listed_operator",
    "listed_party",
    "non_scheduled_on_route",
    "outside_validity",
    "registration_state_of_concern",
    "repeated_changes",
    "repeated_requests",
    "requested_not_crossed",
    "resembles_case",
    "route_state_of_concern",
    "state_flight_on_route",
    "vague_cargo",
]
