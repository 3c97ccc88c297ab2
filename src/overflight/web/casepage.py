"""What the case page shows, in the order an analyst reads it.

The page leads with why the case exists (the latest verdict's level, findings and evidence),
then the flight's story as a timeline that names each message, the engagements per state with
what was asked and what was answered, and the telegrams. Everything here is built from a
``CaseView``, which the access gate has already cut to the reader: nothing is read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from overflight.cases import CaseStatus, Engagement, StateResponse, StoredVerdict, TimelineEntry
from overflight.errors import InputError
from overflight.geo import state_name
from overflight.services.web import CaseView

__all__ = ["CasePage", "EngagementLine", "FindingLine", "TimelineLine", "case_page_of"]

# Timeline kinds as a reader says them.
_KIND_WORDS = {
    "message": "message received",
    "opened": "case opened",
    "refiled": "plan refiled",
    "deadline met": "deadline met",
}
_ANSWER_WORDS = {
    StateResponse.DENIED_OVERFLIGHT: "will deny overflight",
    StateResponse.WILL_REQUIRE_LANDING: "will require the aircraft to land",
    StateResponse.GRANTED: "granted overflight",
    StateResponse.NO_RESPONSE: "no answer yet",
}


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One finding of a verdict: indicator, weight, what it found and its evidence."""

    indicator: str
    weight: float
    summary: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One line of the flight's story: when, what kind, what happened, and who did it."""

    at: datetime
    kind: str
    what: str
    who: str
    message: bool  # an ATS message received (FPL, DLA, CHG, CNL…)


@dataclass(frozen=True, slots=True)
class EngagementLine:
    """One state asked: the ask, when and through whom, and its answer."""

    engagement: Engagement
    state_name: str
    ask: str
    why: str
    answer: str
    answered_on: date | None
    answer_ref: str  # the reply's serial once answered, else the request's


@dataclass(frozen=True, slots=True)
class CasePage:
    """A case page's content, already cut to the reader."""

    view: CaseView
    verdict: StoredVerdict | None  # the latest
    findings: tuple[FindingLine, ...]
    earlier: tuple[StoredVerdict, ...]  # the verdicts before the latest, newest first
    timeline: tuple[TimelineLine, ...]
    engagements: tuple[EngagementLine, ...]
    closed: bool  # a final outcome was recorded: nothing is awaited, nothing is offered
    has_flight: bool  # the case follows a flight (its messages are on the timeline)
    has_map: bool  # a route to draw: a flight's, or the options of a kept analysis


def case_page_of(view: CaseView) -> CasePage:
    """Arrange a case view for its page: why first, then the story, asks and telegrams."""
    verdict = view.verdicts[-1] if view.verdicts else None
    findings = _findings(verdict.findings) if verdict is not None else ()
    earlier = tuple(reversed(view.verdicts[:-1]))
    timeline = tuple(_line(entry) for entry in view.timeline)
    has_flight = any(line.message for line in timeline)
    engagements = tuple(
        _engagement(g) for g in sorted(view.engagements, key=lambda g: (g.state, g.id))
    )
    return CasePage(
        view=view,
        verdict=verdict,
        findings=findings,
        earlier=earlier,
        timeline=timeline,
        engagements=engagements,
        closed=view.case.status is CaseStatus.CLOSED,
        has_flight=has_flight,
        has_map=has_flight or any(e.kind == "chokepoints" for e in view.timeline),
    )


def _findings(found: tuple[Any, ...]) -> tuple[FindingLine, ...]:
    lines = []
    for item in found:
        if not isinstance(item, dict):
            lines.append(FindingLine("", 0.0, str(item), ()))
            continue
        evidence = item.get("evidence") or ()
        lines.append(
            FindingLine(
                indicator=str(item.get("indicator", "")),
                weight=float(item.get("weight") or 0.0),
                summary=str(item.get("summary", "")),
                evidence=tuple(str(e) for e in evidence)
                if isinstance(evidence, list | tuple)
                else (str(evidence),),
            )
        )
    return tuple(sorted(lines, key=lambda f: -f.weight))


def _line(entry: TimelineEntry) -> TimelineLine:
    message = entry.kind == "message"
    return TimelineLine(
        at=entry.at,
        kind=_KIND_WORDS.get(entry.kind, entry.kind),
        what=entry.detail,
        who=entry.actor,
        message=message,
    )


def _engagement(engagement: Engagement) -> EngagementLine:
    ask, _, why = engagement.note.partition(": ")
    if not why:  # a note that names no ask
        ask, why = "", engagement.note
    answered = engagement.response is not StateResponse.NO_RESPONSE
    return EngagementLine(
        engagement=engagement,
        state_name=_name(engagement.state),
        ask=ask.replace("-", " "),
        why=why,
        answer=_ANSWER_WORDS.get(engagement.response, engagement.response.value),
        answered_on=engagement.responded_on if answered else None,
        answer_ref=engagement.telegram_ref,
    )


def _name(code: str) -> str:
    try:
        return state_name(code)
    except InputError:
        return code
