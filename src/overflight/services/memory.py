"""Memory across cases: the register of what cases are about, resemblance, and refiles.

* ``case_memory(session, reader)`` indexes the register's cases that ``reader`` may read (a case
  hidden from the reader is simply absent: no id, title or count of it ever leaves here);
* ``note_case_traits`` adds a screened flight's or request's traits to a case's register;
* ``find_refile`` says whether a flight is a refile of a case's flight (same aircraft and city
  pair, whatever its date or callsign), so the main job joins that case instead of opening one;
* ``similar_cases`` answers ``overflight case similar ID`` and the case page;
* ``rebuild_register`` writes the register again from the store (permit traits are kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from overflight import cases
from overflight.ats import parse_message, to_flight_intent
from overflight.errors import OverflightError
from overflight.markings import Reader
from overflight.model import PastCase, Trait, TraitKind
from overflight.screening import (
    CaseMemory,
    History,
    Policy,
    ReferenceData,
    RefileRule,
    Resemblance,
    ScreeningContext,
    ScreeningVerdict,
    traits_of,
)
from overflight.services.screening import ScreeningItem
from overflight.store import (
    Session,
    case_flights,
    case_messages,
    latest_transit_snapshot,
    list_case_rows,
    open_store,
)

__all__ = [
    "SimilarCase",
    "case_memory",
    "find_refile",
    "flight_traits",
    "join_refile",
    "note_case_traits",
    "rebuild_register",
    "remember_cases",
    "similar_cases",
    "visible_resemblances",
]


def case_memory(session: Session, reader: Reader | None = None) -> CaseMemory:
    """The register's cases ``reader`` may read (``None``: the store's owner, every case).

    The cases are read each time; their index is built once for the same cases, whoever reads.
    """
    return _indexed(cases.past_cases(session, reader))


MEMORIES_KEPT = 8
"""Case indexes a process keeps, each for the exact cases it was built from."""


@lru_cache(maxsize=MEMORIES_KEPT)
def _indexed(past: tuple[PastCase, ...]) -> CaseMemory:
    """The index of ``past``: a kept one if these very cases were indexed lately."""
    return CaseMemory(past)


def remember_cases(
    items: list[ScreeningItem], target: str, reader: Reader | None = None
) -> list[ScreeningItem]:
    """The items, each screened against the register of the store at ``target`` as well.

    Raises:
        InputError: the store cannot be opened.
    """
    with open_store(target) as store, store.session() as session:
        memory = case_memory(session, reader)
    return [replace(item, context=replace(item.context, memory=memory)) for item in items]


def flight_traits(item: ScreeningItem, verdict: ScreeningVerdict) -> frozenset[Trait]:
    """The traits of a screened flight, with the states its verdict's route crosses."""
    transits = tuple(t for action in verdict.actions for t in action.transits)
    return traits_of(item.intent, replace(item.context, transits=transits))


def note_case_traits(
    session: Session, case_id: int, traits: frozenset[Trait], source: str, at: datetime
) -> int:
    """Add a flight's or request's traits to a case's register; how many were new."""
    return cases.record_case_traits(session, case_id, traits, source=source, at=at)


def find_refile(
    memory: CaseMemory, traits: frozenset[Trait], policy: Policy, exclude: frozenset[int]
) -> Resemblance | None:
    """The case this flight refiles: the best resembled case sharing its aircraft and city pair.

    Same aircraft means an identifier (24-bit address, registration, serial number) in common;
    the date and the callsign may differ. ``None`` when no case qualifies.
    """
    for found in memory.resemblances(traits, policy.memory, exclude=exclude):
        if found.same_aircraft and found.same_city_pair:
            return found
    return None


def join_refile(
    session: Session,
    flight_id: int,
    what: str,
    memory: CaseMemory,
    traits: frozenset[Trait],
    policy: Policy,
    *,
    at: datetime,
    actor: str = "memory",
) -> int | None:
    """Join a refiled flight to the case it refiles (reopening a closed one, by policy).

    ``what`` names the flight in the timeline (``KOR151 ZKPY-OSDI (flight 3)``). Returns the
    case's id, or ``None`` when the flight refiles no case in ``memory`` (or the policy opens a
    new case for a closed one). The decision and its evidence go to the case's timeline. The
    main job and the web's recorded screening share it.
    """
    found = find_refile(memory, traits, policy, frozenset())
    if found is None:
        return None
    case = found.case
    if case.closed and policy.memory.refile_closed is RefileRule.NEW_CASE:
        return None
    evidence = "; ".join(f.explain() for f in found.features)
    if case.closed:
        why = policy.memory.refile_why or "policy: refile.closed reopen"
        cases.record_outcome(
            session,
            case.case_id,
            cases.OutcomeKind.REOPENED,
            note=f"refiled as {what}: {why}",
            at=at,
            actor=actor,
        )
    detail = f"{what} refiles this case's flight, score {found.score:.2f}: {evidence}"
    cases.log_event(session, case.case_id, at, actor, "refile", detail)
    cases.attach_flight_to_case(session, case.case_id, flight_id, at=at, actor=actor)
    return case.case_id


@dataclass(frozen=True, slots=True)
class SimilarCase:
    """A case that resembles another, and whether it came before (past) or after (new)."""

    resemblance: Resemblance
    earlier: bool

    @property
    def case_id(self) -> int:
        """The resembling case's id."""
        return self.resemblance.case.case_id


def similar_cases(
    session: Session,
    case_id: int,
    policy: Policy,
    reader: Reader | None = None,
    *,
    known: bool = False,
) -> tuple[SimilarCase, ...]:
    """The cases ``reader`` may read that resemble case ``case_id``, best first.

    The caller has checked that ``reader`` may read case ``case_id`` itself; cases hidden from
    the reader are never compared, so nothing of them is returned. ``known``: the caller has
    just read the case, so its existence is not checked again.

    Raises:
        UnknownRecordError: no case has this id.
    """
    (own,) = cases.past_cases(session, None, [case_id]) or (None,)
    if own is None:
        if not known:
            cases.get_case(session, case_id)  # no such case, or one with no trait yet
        return ()
    memory = case_memory(session, reader)
    opened = {row.id: row.opened_at for row in list_case_rows(session)}
    found = memory.resemblances(own.traits, policy.memory, exclude=frozenset({case_id}))
    return tuple(
        SimilarCase(r, (opened[r.case.case_id], r.case.case_id) < (opened[case_id], case_id))
        for r in found
    )


_RESEMBLES = re.compile(r"^resembles case (\d+) ")


def _resembled(finding: Any) -> int | None:
    if not isinstance(finding, dict) or finding.get("indicator") != "resembles-case":
        return None
    found = _RESEMBLES.match(str(finding.get("summary", "")))
    return int(found.group(1)) if found else None


def visible_resemblances(
    session: Session, reader: Reader | None, verdicts: tuple[cases.StoredVerdict, ...]
) -> tuple[cases.StoredVerdict, ...]:
    """Stored verdicts without the resemblances to cases ``reader`` may not read.

    A hidden case leaves no trace: its finding goes, and its weight comes off the score shown,
    so neither a line nor a sum tells that it exists. The level stays as it was decided.
    """
    named = {n for v in verdicts for f in v.findings if (n := _resembled(f)) is not None}
    if not named:
        return verdicts
    readable = cases.readable_case_ids(session, reader, named)
    kept = []
    for verdict in verdicts:
        hidden = [
            f for f in verdict.findings if (n := _resembled(f)) is not None and n not in readable
        ]
        if not hidden:
            kept.append(verdict)
            continue
        weight = sum(float(f.get("weight", 0.0)) for f in hidden)
        findings = tuple(f for f in verdict.findings if not any(f is h for h in hidden))
        kept.append(
            replace(verdict, findings=findings, score=round(max(0.0, verdict.score - weight), 2))
        )
    return tuple(kept)


def _transit_states(session: Session, case_id: int) -> frozenset[Trait]:
    snapshot = latest_transit_snapshot(session, case_id)
    states = [] if snapshot is None else [t.get("state", "") for t in snapshot.transits or ()]
    return frozenset(
        Trait(TraitKind.TRANSIT_STATE, state, f"crosses {state}")
        for state in dict.fromkeys(states)
        if state
    )


def rebuild_register(
    session: Session, reference: ReferenceData, at: datetime
) -> tuple[int, int, list[str]]:
    """Write the register again from the store: each case's flights, transits and history.

    Traits permit requests gave are kept (the store keeps no permit to read them from again).
    Returns the cases and traits written, and the problems (a plan that no longer reads).
    """
    cases.clear_register(session)
    written = traits_count = 0
    problems: list[str] = []
    for row in list_case_rows(session):
        found: set[Trait] = set(_transit_states(session, row.id))
        # Each plan as filed (an FPL) and as amended (the flight's current plan): a CHG that
        # restates field 18 may drop what the plan first said (CODE/, REG/).
        plans = [(f"message {m.id}", m.raw_text) for m in case_messages(session, row.id)]
        plans = [(where, text) for where, text in plans if "(FPL-" in text]
        for flight in case_flights(session, row.id):
            titles = [e.title for e in cases.flight_history(session, flight.id)]
            history = History(titles.count("DLA"), titles.count("CHG"))
            context = ScreeningContext(reference, history=history)
            if "CNL" in titles:
                found.add(Trait(TraitKind.TIMING, "cancelled", "cancelled"))
            for where, text in [*plans, (f"flight {flight.id}", flight.plan_text)]:
                try:
                    intent = to_flight_intent(parse_message(text), dof=flight.dof)
                except OverflightError as err:
                    problems.append(f"case {row.id}: {where}: {err}")
                    continue
                found |= traits_of(intent, context)
        if found:
            written += 1
            traits_count += cases.record_case_traits(
                session, row.id, frozenset(found), source="rebuild", at=at
            )
    return written, traits_count, problems
