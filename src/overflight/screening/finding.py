"""Findings: what one indicator saw in a flight, with the evidence and the weight it carries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Indicator(StrEnum):
    """The indicators screening runs; each is one small pure function in ``indicators``."""

    LISTED_AIRCRAFT = "listed-aircraft"
    LISTED_OPERATOR = "listed-operator"
    LISTED_PARTY = "listed-party"
    REGISTRATION_STATE_OF_CONCERN = "registration-state-of-concern"
    ADDRESS_STATE_OF_CONCERN = "address-state-of-concern"
    ADDRESS_REGISTRATION_MISMATCH = "address-registration-mismatch"
    DESIGNATOR_OF_CONCERN = "designator-of-concern"
    ROUTE_STATE_OF_CONCERN = "route-state-of-concern"
    NON_SCHEDULED_ON_ROUTE = "non-scheduled-on-route"
    STATE_FLIGHT_ON_ROUTE = "state-flight-on-route"
    CONTROLLED_GOODS = "controlled-goods"
    VAGUE_CARGO = "vague-cargo"
    REPEATED_CHANGES = "repeated-changes"
    RESEMBLES_CASE = "resembles-case"
    CROSSED_NOT_REQUESTED = "crossed-not-requested"
    REQUESTED_NOT_CROSSED = "requested-not-crossed"
    ENTRY_MISFIT = "entry-misfit"
    OUTSIDE_VALIDITY = "outside-validity"
    REPEATED_REQUESTS = "repeated-requests"
    DENIED_ELSEWHERE = "denied-elsewhere"

    @property
    def needs_lists(self) -> bool:
        """Whether the indicator searches watch lists (and so cannot run without them)."""
        return self in _LIST_BASED

    @property
    def needs_memory(self) -> bool:
        """Whether the indicator reads the register of past cases (and so needs it)."""
        return self is Indicator.RESEMBLES_CASE

    @property
    def needs_request(self) -> bool:
        """Whether the indicator reads a permit request (and so runs only on one)."""
        return self in PERMIT_INDICATORS


_LIST_BASED = frozenset(
    {Indicator.LISTED_AIRCRAFT, Indicator.LISTED_OPERATOR, Indicator.LISTED_PARTY}
)

PERMIT_INDICATORS = frozenset(
    {
        Indicator.CROSSED_NOT_REQUESTED,
        Indicator.REQUESTED_NOT_CROSSED,
        Indicator.ENTRY_MISFIT,
        Indicator.OUTSIDE_VALIDITY,
        Indicator.REPEATED_REQUESTS,
        Indicator.DENIED_ELSEWHERE,
    }
)
"""Indicators that compare a permit request with its route, its window and other requests."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One indicator's observation: a one-line summary, the evidence behind it, and its weight.

    ``weight`` is in policy points (the verdict's score is their sum); ``evidence`` holds the
    facts a reviewer can check (list references, the field that said so, the control item).
    """

    indicator: Indicator
    weight: float
    summary: str
    evidence: tuple[str, ...] = ()


class RunStatus(StrEnum):
    """Whether an indicator ran for a flight."""

    RAN = "ran"
    NOT_RUN = "not-run"
    NOT_APPLICABLE = "not-applicable"  # a permit indicator on a flight with no request


@dataclass(frozen=True, slots=True)
class IndicatorRun:
    """An indicator's status for one flight: ran (with how many findings) or not, and why."""

    indicator: Indicator
    status: RunStatus
    findings: int = 0
    reason: str = ""


def order_findings(findings: tuple[Finding, ...] | list[Finding]) -> tuple[Finding, ...]:
    """Findings heaviest first; equal weights in indicator order, then by summary."""
    rank = {indicator: i for i, indicator in enumerate(Indicator)}
    return tuple(sorted(findings, key=lambda f: (-f.weight, rank[f.indicator], f.summary)))


__all__ = [
    "PERMIT_INDICATORS",
    "Finding",
    "Indicator",
    "IndicatorRun",
    "RunStatus",
    "order_findings",
]
