"""Open cases screened again when a new list version is stored, and what moved recorded.

Each case not closed is screened again on its latest flight that is not cancelled, as the main
job screens it (``casework.flight_item``), against the new version; a case with no such flight
is screened on its newest permit request that its marking covers, as the main job screens a
request (with the store's other requests and denials under that marking). Where the level or
the findings moved from the case's latest verdict, the new verdict is recorded on the case and a
``lists`` event on its timeline says what moved; where nothing moved, nothing is written. The
event is derived from the flight or request and the lists, so it carries the case's own marking
(the timeline's default), never more. Cases with neither (opened by hand) are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from overflight import cases
from overflight.markings import Marking, compute_banner, parse_portion
from overflight.permits import read_form
from overflight.screening import (
    CaseMemory,
    PermitFacts,
    Policy,
    ReferenceData,
    ScreeningVerdict,
    context_for_permit,
)
from overflight.services.casework import flight_intent, flight_item
from overflight.services.lists import ListFileBody, ListVersion, import_list_version
from overflight.services.memory import case_memory
from overflight.services.screening import ScreeningItem, screen_items
from overflight.store import Session, permit_requests_of_case

__all__ = ["CaseMove", "import_and_rescreen", "rescreen_open_cases"]


@dataclass(frozen=True, slots=True)
class CaseMove:
    """What screening a case again against a new list version changed."""

    case_id: int
    flight: str  # aircraft id, departure-destination ("permit …" for a permit request)
    before: str  # the case's latest level, "" when it had no verdict
    after: str
    added: tuple[str, ...]  # findings gained, "indicator: summary"
    removed: tuple[str, ...]  # findings lost

    @property
    def moved(self) -> bool:
        """Whether the level or the findings changed."""
        return self.before != self.after or bool(self.added or self.removed)


def _finding_keys(findings: tuple[Any, ...]) -> set[str]:
    """Stored findings (JSON) as "indicator: summary"."""
    return {
        f"{item.get('indicator', '')}: {item.get('summary', '')}"
        for item in findings
        if isinstance(item, dict)
    }


def _new_keys(verdict: ScreeningVerdict) -> set[str]:
    return {f"{finding.indicator.value}: {finding.summary}" for finding in verdict.findings}


def _detail(move: CaseMove, version: ListVersion) -> str:
    parts = [f"list version {version.id}: {move.before or 'none'} → {move.after}"]
    if move.added:
        parts.append("findings added: " + "; ".join(move.added))
    if move.removed:
        parts.append("findings removed: " + "; ".join(move.removed))
    return ". ".join(parts)


def _permit_item(
    session: Session,
    case_id: int,
    marking: Marking,
    reference: ReferenceData,
    memory: CaseMemory,
) -> ScreeningItem | None:
    """A case's newest permit request ``marking`` covers, as the main job screens a request."""
    for row in reversed(permit_requests_of_case(session, case_id)):
        portion = parse_portion(row.classification, source=f"permit request {row.id}")
        if compute_banner([marking, portion]) != marking:
            continue
        request, _ = read_form(row.text, row.source, row.form)
        if request is None:
            continue
        facts = PermitFacts(
            cases.other_permit_requests(session, request, exclude_id=row.id, within=marking),
            cases.permit_denials(session, request, within=marking),
            searched=True,
        )
        context = replace(
            context_for_permit(request, reference),
            permit_facts=facts,
            memory=memory,
            own_cases=frozenset({case_id}),  # a case does not resemble itself
        )
        return ScreeningItem(request.intent, context)
    return None


def rescreen_open_cases(
    session: Session, reference: ReferenceData, version: ListVersion, now: datetime, actor: str
) -> tuple[CaseMove, ...]:
    """Screen every open case's latest flight (or permit request) against ``reference``.

    Records a verdict and a ``lists`` timeline event on each case whose level or findings
    moved. The caller commits. Returns one ``CaseMove`` per case screened, moved or not.
    """
    memory = case_memory(session)
    moves = []
    for summary in cases.list_cases(session, now):
        case = summary.case
        if case.status is cases.CaseStatus.CLOSED:
            continue
        flights = [
            f
            for f in cases.stored_flights(session, case.id)
            if f.status.value != "cancelled" and f.plan_text
        ]
        flight = flights[-1] if flights else None
        if flight is not None:
            item = flight_item(
                session, flight, flight_intent(flight), reference, memory, case.marking
            )
            label = f"{flight.aircraft_id} {flight.departure}-{flight.destination}"
        else:
            found = _permit_item(session, case.id, case.marking, reference, memory)
            if found is None:
                continue
            item = found
            intent = item.intent
            label = f"permit {intent.aircraft_id} {intent.departure}-{intent.destination}"
        (verdict,) = screen_items([item])
        earlier = cases.case_verdicts(session, case.id)
        before = earlier[-1] if earlier else None
        old_keys = _finding_keys(before.findings) if before else set()
        new_keys = _new_keys(verdict)
        move = CaseMove(
            case.id,
            label,
            before.level if before else "",
            verdict.level.value,
            tuple(sorted(new_keys - old_keys)),
            tuple(sorted(old_keys - new_keys)),
        )
        moves.append(move)
        if move.moved:
            flight_id = flight.id if flight is not None else None
            cases.record_verdict(
                session, verdict, flight_id=flight_id, case_id=case.id, at=now, actor=actor
            )
            cases.log_event(session, case.id, now, actor, "lists", _detail(move, version))
    return tuple(moves)


def import_and_rescreen(
    session: Session, username: str, files: Sequence[ListFileBody], policy: Policy, now: datetime
) -> tuple[ReferenceData, ListVersion, tuple[CaseMove, ...]]:
    """Store the files as a new list version, then screen the open cases again against it.

    One transaction (the caller commits): a version is never stored without its re-screening.
    Returns the reference to screen against, the version and what moved on each open case.

    Raises:
        ParseError, InputError: as ``import_list_version`` (nothing is stored).
    """
    reference, version = import_list_version(session, username, files, policy, now)
    return reference, version, rescreen_open_cases(session, reference, version, now, username)
