"""Indicators, findings and explained verdicts, with the action each transit state can take.

Analysis is pure: ``screen(intent, context)`` reads a ``FlightIntent`` and a
``ScreeningContext`` (policy, lists, cargo, parties, history, transits) and returns a
``ScreeningVerdict``. Files are read only by ``load_policy`` / ``load_lexicon`` (``policy_file``).
"""

from overflight.screening.action import StateAction
from overflight.screening.case_traits import traits_of
from overflight.screening.context import (
    Denial,
    History,
    PermitFacts,
    ReferenceData,
    ScreeningContext,
    context_for_permit,
)
from overflight.screening.memory import CaseMemory, Resemblance
from overflight.screening.memory_policy import MemoryFeature, RefileRule
from overflight.screening.policy import Policy
from overflight.screening.policy_file import load_policy
from overflight.screening.routing import flight_route, flight_transits
from overflight.screening.verdict import ConcernLevel, ScreeningVerdict, screen

__all__ = [
    "CaseMemory",
    "ConcernLevel",
    "Denial",
    "History",
    "MemoryFeature",
    "PermitFacts",
    "Policy",
    "ReferenceData",
    "RefileRule",
    "Resemblance",
    "ScreeningContext",
    "ScreeningVerdict",
    "StateAction",
    "context_for_permit",
    "flight_route",
    "flight_transits",
    "load_policy",
    "screen",
    "traits_of",
]
