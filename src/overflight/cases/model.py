"""The case layer's values: statuses, responses, outcomes, deadlines, timeline entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from overflight.markings import Marking

__all__ = [
    "Case",
    "CaseStatus",
    "CaseSummary",
    "Deadline",
    "DeadlineState",
    "Engagement",
    "OpenedBy",
    "Outcome",
    "OutcomeKind",
    "StateResponse",
    "StoredVerdict",
    "TimelineEntry",
    "VerdictOutcome",
]


class CaseStatus(Enum):
    """Where a case stands: its flight's status, or closed by a final outcome."""

    OPEN = "open"  # no flight linked yet
    FILED = "filed"
    DELAYED = "delayed"
    CHANGED = "changed"
    CANCELLED = "cancelled"  # the plan is cancelled; it may still be refiled
    DEPARTED = "departed"
    ARRIVED = "arrived"
    CLOSED = "closed"  # a final outcome was recorded


class OpenedBy(Enum):
    """How a case came to be."""

    VERDICT = "verdict"  # a screening verdict reached high concern
    HAND = "hand"


class StateResponse(Enum):
    """A state's answer to a demarche about an overflight."""

    DENIED_OVERFLIGHT = "denied_overflight"
    WILL_REQUIRE_LANDING = "will_require_landing"
    GRANTED = "granted"
    NO_RESPONSE = "no_response"


class OutcomeKind(Enum):
    """What became of the flight."""

    CANCELLED = "cancelled"
    DELAYED = "delayed"
    DIVERTED = "diverted"
    LANDED_AND_INSPECTED = "landed_and_inspected"
    TRANSITED = "transited"
    REOPENED = "reopened"  # the matter resumed (a refile): outcomes before it no longer close

    @property
    def final(self) -> bool:
        """Whether the outcome ends the flight matter (a delay or a reopening does not)."""
        return self not in (OutcomeKind.DELAYED, OutcomeKind.REOPENED)


class DeadlineState(Enum):
    """A reporting deadline relative to a given day."""

    PENDING = "pending"
    OVERDUE = "overdue"
    MET = "met"
    CLOSED = "closed"  # not met, but the case closed: nothing is awaited any more


@dataclass(frozen=True, slots=True)
class StoredVerdict:
    """A verdict as stored: level, score, findings (JSON values), policy version, time.

    ``level`` is the screening ``ConcernLevel``'s value, ``policy_version`` its ``policy``.
    """

    level: str
    score: float
    findings: tuple[Any, ...] = ()
    policy_version: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A case of concern."""

    id: int
    title: str
    status: CaseStatus
    opened_at: datetime
    opened_by: OpenedBy
    reason: str
    marking: Marking
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class VerdictOutcome:
    """What recording a verdict did: the case it went to (if any) and whether it opened one."""

    verdict: StoredVerdict
    case: Case | None
    opened: bool


@dataclass(frozen=True, slots=True)
class Engagement:
    """A demarche to one state and the state's response."""

    id: int
    case_id: int
    state: str  # ISO 3166-1 alpha-2
    post: str
    demarche_on: date
    response: StateResponse
    responded_on: date | None
    telegram_ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A reporting deadline and its state on the day asked about."""

    id: int
    case_id: int
    due_on: date
    what: str
    met_on: date | None
    state: DeadlineState
    telegram_ref: str = ""
    marking: Marking | None = None  # the portion it was read from; None: the case's marking


@dataclass(frozen=True, slots=True)
class Outcome:
    """An outcome recorded for a case."""

    kind: OutcomeKind
    recorded_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event in a case's history."""

    at: datetime
    actor: str
    kind: str
    detail: str
    marking: Marking | None = None  # what the detail derives from; None: the case's marking


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """A case with what a list shows: its deadlines on the day asked about, latest verdict."""

    case: Case
    deadlines: tuple[Deadline, ...] = field(default=())
    latest_level: str = ""

    @property
    def overdue(self) -> tuple[Deadline, ...]:
        """Deadlines past due and not met."""
        return tuple(d for d in self.deadlines if d.state is DeadlineState.OVERDUE)

    @property
    def next_due(self) -> date | None:
        """The earliest due date still awaited (neither met nor closed with the case)."""
        awaited = (DeadlineState.PENDING, DeadlineState.OVERDUE)
        return min((d.due_on for d in self.deadlines if d.state in awaited), default=None)
