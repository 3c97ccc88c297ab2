"""Indicators, findings and explained verdicts, with the action each transit state can take.

Analysis is pure: ``screen(intent, context)`` reads a ``FlightIntent`` and a
``ScreeningContext`` (policy, lists, cargo, parties, history, transits) and returns a
``ScreeningVerdict``. Files are read only by ``load_policy`` / ``load_lexicon`` (``policy_file``).
"""

from overflight.screening.action import StateAction, TransitAction
from overflight.screening.address import AddressBlock, address_block, registration_fits
from overflight.screening.context import (
    History,
    ReferenceData,
    ScreeningContext,
    context_for_permit,
)
from overflight.screening.finding import Finding, Indicator, IndicatorRun, RunStatus
from overflight.screening.flight_route import flight_route, flight_transits
from overflight.screening.indicators import INDICATORS, indicator_for
from overflight.screening.inspection import inspection_aerodrome
from overflight.screening.lexicon import GoodsHit, Lexicon, LexiconEntry
from overflight.screening.policy import DesignatorOfConcern, Policy
from overflight.screening.policy_file import PolicyError, load_lexicon, load_policy
from overflight.screening.registration import NationalityMark, RegistryState, registry_state
from overflight.screening.verdict import ConcernLevel, ScreeningVerdict, level_of, screen

__all__ = [
    "INDICATORS",
    "AddressBlock",
    "ConcernLevel",
    "DesignatorOfConcern",
    "Finding",
    "GoodsHit",
    "History",
    "Indicator",
    "IndicatorRun",
    "Lexicon",
    "LexiconEntry",
    "NationalityMark",
    "Policy",
    "PolicyError",
    "ReferenceData",
    "RegistryState",
    "RunStatus",
    "ScreeningContext",
    "ScreeningVerdict",
    "StateAction",
    "TransitAction",
    "address_block",
    "context_for_permit",
    "flight_route",
    "flight_transits",
    "indicator_for",
    "inspection_aerodrome",
    "level_of",
    "load_lexicon",
    "load_policy",
    "registration_fits",
    "registry_state",
    "screen",
]
