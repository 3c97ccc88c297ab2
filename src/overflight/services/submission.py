"""Screening what a web user submits: a pasted flight plan or an uploaded permit request.

The whole submission must read before anything is stored; with ``record``, ATS messages are
ingested, each verdict is kept against its flight, and a high verdict opens a case marked as
the user chose (never above what they may read). A write never reaches a case the user may not
see: where a message or a verdict would (the flight is followed by such a case, or a plan
refiles one), it is not stored, and the user is told only that the flight could not be
recorded (admins cleared for the case find the attempt in the audit log).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from overflight.cases import (
    PERMIT_SOURCE,
    HiddenCaseError,
    OpenedBy,
    cases_of_flight,
    get_case,
    ingest_messages,
    open_case,
    opens_case,
    other_permit_requests,
    permit_denials,
    record_permit_request,
    record_verdict,
    set_permit_case,
)
from overflight.errors import InputError
from overflight.geo import load_navdata
from overflight.markings import ClassificationLevel, Marking, ceiling, parse_portion
from overflight.model import Trait
from overflight.screening import (
    CaseMemory,
    PermitFacts,
    Policy,
    ReferenceData,
    ScreeningVerdict,
    flight_route,
)
from overflight.services.accounts import Account, may_see
from overflight.services.audit import AuditRecord, AuditWriter
from overflight.services.lists import StoredReference
from overflight.services.memory import case_memory, flight_traits, join_refile, note_case_traits
from overflight.services.permit_view import PermitComparison, compare_request
from overflight.services.screening import ScreeningItem, read_text, screen_items
from overflight.store import Session, Store, add, flights_on_route
from overflight.textfile import decode_utf8

__all__ = [
    "ScreeningOutcome",
    "screen_submission",
    "screen_submitted",
    "screen_submitted_unaudited",
]


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """What screening a submission gave: verdicts, problems, and the cases they went to."""

    verdicts: tuple[ScreeningVerdict, ...]
    problems: tuple[str, ...]
    case_ids: tuple[int | None, ...]  # per verdict: the case it was recorded with, if any
    marking: Marking  # the submission's: as the user marked it, else their ceiling
    comparisons: tuple[PermitComparison | None, ...] = ()  # per verdict, for permit requests


def screen_submission(
    session: Session,
    account: Account,
    text: str,
    source: str,
    reference: ReferenceData,
    *,
    record: bool = False,
    marking: Marking | None = None,
    audits: list[AuditRecord] | None = None,
) -> ScreeningOutcome:
    """Screen a pasted flight plan (ATS messages) or an uploaded permit request.

    The whole submission must read: the first error is raised with its position and nothing is
    stored. With ``record``, ATS messages are ingested and each verdict recorded against its
    flight (a high verdict opens a case with ``marking``); a high permit verdict opens a case.
    The screening is audited (``screen``, with each verdict's level), and so is every case it
    recorded to (``change``); the caller commits. Given ``audits``, the rows are put there, for
    the caller to write, instead of into the session.

    Raises:
        ParseError: a message or permit field does not read (source, line, column, field).
        InputError: nothing to screen, or a marking the account could not read itself.
    """
    if marking is not None and not may_see(account, marking):
        raise InputError("marking", "you may not mark a case above what you may read")
    case_marking = marking or Marking(ClassificationLevel.U)
    items, problems, messages = read_text(text, source, reference, strict=True)
    if not items:
        raise InputError("file", "no ATS flight plan or permit request found")
    # Past cases the reader may see, and only those: a hidden case never resembles anything.
    memory = case_memory(session, account.reader)
    items = [replace(item, context=replace(item.context, memory=memory)) for item in items]
    items = [_with_store_facts(session, item, case_marking) for item in items]
    verdicts = tuple(screen_items(items))
    comparisons = tuple(
        _comparison(item, verdict) for item, verdict in zip(items, verdicts, strict=True)
    )
    case_ids: list[int | None] = [None] * len(verdicts)
    refused: list[HiddenCaseError] = []
    if record:
        refiling = _Refiling(
            memory,
            reference.policy,
            tuple(flight_traits(i, v) for i, v in zip(items, verdicts, strict=True)),
        )
        case_ids, refused = _record(
            session, account, verdicts, messages, text, source, case_marking, refiling
        )
        # A permit's traits live only in the register (a rebuild keeps them); a plan's are
        # read again from its stored messages.
        origin = f"{PERMIT_SOURCE}{source}" if not messages else f"web {source}"
        for item, verdict, case_id in zip(items, verdicts, case_ids, strict=True):
            if case_id is not None:
                traits = flight_traits(item, verdict)
                note_case_traits(session, case_id, traits, origin, datetime.now(UTC))
        _store_requests(session, items, case_ids, source, case_marking)
    levels = ", ".join(f"{v.aircraft_id} {v.level.value}" for v in verdicts)
    own = ceiling(account.reader)  # the submission is the user's own text
    found = [AuditRecord(account.username, "screen", "submission", "", f"{source}: {levels}", own)]
    for case_id in dict.fromkeys(c for c in case_ids if c is not None):
        case = get_case(session, case_id)
        found.append(AuditRecord(account.username, "change", "case", case_id, source, case.marking))
    notes = dict.fromkeys(str(error) for error in refused)
    for error in refused:  # for admins who may see the case; the writer is told nothing of it
        for case_id, case_marking in error.hidden:
            detail = f"{source}: {error.what} not recorded (case not visible to the writer)"
            found.append(
                AuditRecord(account.username, "denied", "case", case_id, detail, case_marking)
            )
    if audits is not None:
        audits.extend(found)
    else:
        for entry in found:
            add(session, entry.row())
    shown = marking if marking is not None else own
    return ScreeningOutcome(verdicts, (*problems, *notes), tuple(case_ids), shown, comparisons)


def _with_store_facts(session: Session, item: ScreeningItem, marking: Marking) -> ScreeningItem:
    """A permit request with the store's other requests and denials that ``marking`` covers.

    ``marking`` is what the submitter may read (checked above), so nothing they may not see
    reaches the verdict shown to them.
    """
    request = item.context.request
    if request is None:
        return item
    facts = PermitFacts(
        other_permit_requests(session, request, within=marking),
        permit_denials(session, request, within=marking),
        searched=True,
    )
    return replace(item, context=replace(item.context, permit_facts=facts))


def _store_requests(
    session: Session,
    items: list[ScreeningItem],
    case_ids: list[int | None],
    source: str,
    marking: Marking,
) -> None:
    """Keep each recorded permit request; the case its verdict went to holds it."""
    now = datetime.now(UTC)
    for item, case_id in zip(items, case_ids, strict=True):
        request = item.context.request
        if request is None:
            continue
        stored = record_permit_request(
            session,
            request,
            text=item.text,
            form=item.form,
            source=source,
            at=now,
            marking=marking,
            line=item.line,
        )
        if stored.added and case_id is not None:
            set_permit_case(session, stored.id, case_id, now)


def _comparison(item: ScreeningItem, verdict: ScreeningVerdict) -> PermitComparison | None:
    """A permit request's asked states against its route's crossed ones (``None`` for a plan)."""
    request = item.context.request
    if request is None:
        return None
    transits = sorted((t for a in verdict.actions for t in a.transits), key=lambda t: t.entry_m)
    route = flight_route(item.intent, item.context.stops, load_navdata())
    return compare_request(request, tuple(transits), route)


def screen_submitted(
    store: Store,
    account: Account,
    raw: bytes,
    source: str,
    reference: ReferenceData | StoredReference,
    *,
    record: bool = False,
    marking: str = "",
    writer: AuditWriter | None = None,
) -> ScreeningOutcome:
    """Screen submitted bytes (``screen_submission``) in a session of its own, then commit.

    ``marking`` is the portion mark for a case opened, as the user wrote it ("" for (U)).
    A screening that records nothing only reads: given a ``writer``, its audit row is written
    by it (batched with others', committed before this returns) and the session never writes.
    Given a worker's ``StoredReference``, it screens against the newest stored list version,
    read in the screening's own read transaction.

    Raises:
        ParseError: the bytes are not UTF-8, the marking or a message or permit field does not
            read (with its position); nothing is stored.
        InputError: nothing to screen, or a marking the account could not read itself.
    """
    if not record and writer is not None:
        outcome, audits = screen_submitted_unaudited(
            store, account, raw, source, reference, marking=marking
        )
        writer.write(audits)
        return outcome
    text = decode_utf8(raw, source)
    mark = _portion(marking)
    if isinstance(reference, StoredReference):  # read apart: a rebuild holds no write lock
        with store.session() as session, session.begin():
            reference = reference.current(session)
    with store.session(writing=record) as session:  # ingest commits its batches: no begin()
        outcome = screen_submission(
            session, account, text, source, reference, record=record, marking=mark
        )
        session.commit()
    return outcome


def screen_submitted_unaudited(
    store: Store,
    account: Account,
    raw: bytes,
    source: str,
    reference: ReferenceData | StoredReference,
    *,
    marking: str = "",
) -> tuple[ScreeningOutcome, list[AuditRecord]]:
    """Screen submitted bytes without recording them, in one read transaction; nothing written.

    The screening's audit rows are returned for the caller to write before it answers (the
    web hands them to its audit writer on the event loop, so no thread waits for the commit).
    Otherwise as ``screen_submitted`` with ``record`` off.

    Raises:
        ParseError: the bytes are not UTF-8, the marking or a message or permit field does not
            read (with its position).
        InputError: nothing to screen, or a marking the account could not read itself.
    """
    text = decode_utf8(raw, source)
    mark = _portion(marking)
    audits: list[AuditRecord] = []
    with store.session() as session, session.begin():
        current = _current(reference, session)
        outcome = screen_submission(
            session, account, text, source, current, marking=mark, audits=audits
        )
    return outcome, audits


def _portion(marking: str) -> Marking | None:
    return parse_portion(marking) if marking.strip() else None


def _current(reference: ReferenceData | StoredReference, session: Session) -> ReferenceData:
    return reference.current(session) if isinstance(reference, StoredReference) else reference


@dataclass(frozen=True, slots=True)
class _Refiling:
    """What recording needs to join refiled flights to their cases: the reader's memory."""

    memory: CaseMemory
    policy: Policy
    traits: tuple[frozenset[Trait], ...]  # per verdict


def _record(
    session: Session,
    account: Account,
    verdicts: tuple[ScreeningVerdict, ...],
    messages: tuple[Any, ...],
    text: str,
    source: str,
    marking: Marking,
    refiling: _Refiling,
) -> tuple[list[int | None], list[HiddenCaseError]]:
    """Ingest the messages and record each verdict, never into a case the account may not see.

    A message or verdict that would reach such a case is not stored (``HiddenCaseError``s are
    returned, to be reported without naming the case); everything else is. A flight in no case
    that refiles a case the account may see joins it, as in the main job (``join_refile``).
    """
    reader = account.reader
    refused: list[HiddenCaseError] = []
    if messages:
        report = ingest_messages(
            session, list(messages), source=source, actor=account.username, text=text, reader=reader
        )
        refused.extend(e for e in report.errors if isinstance(e, HiddenCaseError))
    ids: list[int | None] = []
    for verdict, traits in zip(verdicts, refiling.traits, strict=True):
        flights = flights_on_route(
            session, verdict.aircraft_id, verdict.departure, verdict.destination
        )
        if flights:
            flight = flights[-1]
            if not cases_of_flight(session, flight.id):
                what = f"{flight.aircraft_id} {flight.departure}-{flight.destination} "
                join_refile(
                    session,
                    flight.id,
                    f"{what}(flight {flight.id})",
                    refiling.memory,
                    traits,
                    refiling.policy,
                    at=datetime.now(UTC),
                    actor=account.username,
                )
            try:
                outcome = record_verdict(
                    session,
                    verdict,
                    flight_id=flights[-1].id,
                    marking=marking,
                    actor=account.username,
                    reader=reader,
                )
            except HiddenCaseError as error:
                refused.append(error)
                ids.append(None)
                continue
            ids.append(outcome.case.id if outcome.case else None)
        elif opens_case(verdict.level):
            title = f"{verdict.aircraft_id} {verdict.departure}-{verdict.destination} (permit)"
            case = open_case(
                session,
                title,
                reason=f"permit request {source}",
                marking=marking,
                opened_by=OpenedBy.VERDICT,
                actor=account.username,
            )
            record_verdict(session, verdict, case_id=case.id, actor=account.username)
            ids.append(case.id)
        else:
            ids.append(None)
    return ids, refused
