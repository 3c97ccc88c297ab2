"""Coordination: demarches to states, their responses, reporting deadlines, telegrams.

Like ``casework``, each function takes the caller's session, flushes but never commits, and logs
one timeline event per change.
"""

from __future__ import annotations

from datetime import date, datetime

from overflight.cables import Telegram, find_reporting_deadline, render_telegram
from overflight.cases.errors import CaseError, UnknownRecordError
from overflight.cases.follow import log_event
from overflight.cases.model import Deadline, Engagement, StateResponse
from overflight.cases.records import case_row, deadline_of, engagement_of, marking_of, now_or
from overflight.markings import Marking, alpha2_to_trigraph
from overflight.store import (
    DeadlineRow,
    EngagementRow,
    Session,
    TelegramRow,
    add,
    get_deadline,
    get_engagement,
)

__all__ = [
    "meet_deadline",
    "record_engagement",
    "record_response",
    "record_telegram",
    "set_deadline",
]


def _state_code(state: str) -> str:
    code = state.strip().upper()
    try:
        alpha2_to_trigraph(code)
    except ValueError as error:
        raise CaseError("state", f"{state!r} is not an ISO 3166-1 alpha-2 code") from error
    return code


def record_engagement(
    session: Session,
    case_id: int,
    state: str,
    *,
    demarche_on: date,
    post: str = "",
    telegram_ref: str = "",
    note: str = "",
    at: datetime | None = None,
    actor: str = "analyst",
) -> Engagement:
    """Record a demarche to ``state`` (ISO alpha-2) about a case; its response starts as none.

    Raises:
        CaseError: ``state`` is not an ISO 3166-1 alpha-2 code.
    """
    when = now_or(at)
    case = case_row(session, case_id)
    row = add(
        session,
        EngagementRow(
            case_id=case.id,
            state=_state_code(state),
            post=post,
            demarche_on=demarche_on,
            response=StateResponse.NO_RESPONSE.value,
            responded_on=None,
            telegram_ref=telegram_ref,
            note=note,
        ),
    )
    where = f" through {post}" if post else ""
    ref = f" ({telegram_ref})" if telegram_ref else ""
    log_event(
        session, case.id, when, actor, "demarche", f"{row.state}{where} on {demarche_on}{ref}"
    )
    case.updated_at = when
    return engagement_of(row)


def record_response(
    session: Session,
    engagement_id: int,
    response: StateResponse,
    *,
    responded_on: date | None = None,
    telegram_ref: str = "",
    at: datetime | None = None,
    actor: str = "analyst",
) -> Engagement:
    """Record a state's response to a demarche (a later response replaces an earlier one).

    Raises:
        CaseError: the response predates the demarche.
    """
    when = now_or(at)
    row = get_engagement(session, engagement_id)
    if row is None:
        raise UnknownRecordError("engagement", engagement_id)
    if responded_on is not None and responded_on < row.demarche_on:
        raise CaseError(
            "responded_on", f"{responded_on} is before the demarche of {row.demarche_on}"
        )
    previous = row.response
    row.response = response.value
    row.responded_on = responded_on
    if telegram_ref:
        row.telegram_ref = telegram_ref
    detail = f"{row.state}: {previous} -> {response.value}"
    log_event(session, row.case_id, when, actor, "response", detail)
    case_row(session, row.case_id).updated_at = when
    session.flush()
    return engagement_of(row)


def set_deadline(
    session: Session,
    case_id: int,
    due_on: date,
    *,
    what: str = "report",
    telegram_ref: str = "",
    marking: Marking | None = None,
    at: datetime | None = None,
    actor: str = "analyst",
) -> Deadline:
    """Add a reporting deadline to a case.

    ``marking`` is that of the portion the deadline was read from (``None``: the case's own);
    the deadline and its timeline line carry it, and readers who may not read it never see
    either.
    """
    when = now_or(at)
    case = case_row(session, case_id)
    row = add(
        session,
        DeadlineRow(
            case_id=case.id,
            due_on=due_on,
            what=what,
            met_on=None,
            telegram_ref=telegram_ref,
            classification=marking.portion() if marking is not None else None,
        ),
    )
    log_event(session, case.id, when, actor, "deadline", f"{what} due {due_on}", marking)
    case.updated_at = when
    return deadline_of(row, when.date())


def meet_deadline(
    session: Session,
    deadline_id: int,
    *,
    met_on: date,
    at: datetime | None = None,
    actor: str = "analyst",
) -> Deadline:
    """Mark a deadline met on ``met_on`` (late if after its due date; the timeline says so)."""
    when = now_or(at)
    row = get_deadline(session, deadline_id)
    if row is None:
        raise UnknownRecordError("deadline", deadline_id)
    row.met_on = met_on
    late = f" ({(met_on - row.due_on).days} days late)" if met_on > row.due_on else ""
    detail = f"{row.what} on {met_on}{late}"
    marking = marking_of(row.classification, f"deadline {row.id}")
    log_event(session, row.case_id, when, actor, "deadline met", detail, marking)
    case_row(session, row.case_id).updated_at = when
    session.flush()
    return deadline_of(row, when.date())


def record_telegram(
    session: Session,
    case_id: int,
    telegram: Telegram,
    *,
    at: datetime | None = None,
    actor: str = "analyst",
) -> int:
    """Store a telegram with a case; its reporting deadline (if it sets one) joins the case.

    Returns:
        The stored telegram's id.
    """
    when = now_or(at)
    case = case_row(session, case_id)
    serial = f"{telegram.serial.station} {telegram.serial.number:06d}" if telegram.serial else ""
    row = add(
        session,
        TelegramRow(
            case_id=case.id,
            serial=serial,
            text=render_telegram(telegram),
            marking=telegram.classification.word,
            sent_at=telegram.dtg.at if telegram.dtg else None,
            stored_at=when,
        ),
    )
    subject = (telegram.subject_marking or Marking(telegram.classification)).resolve(
        telegram.recipients
    )
    detail = f"{serial or 'telegram'}: {telegram.subject}"
    log_event(session, case.id, when, actor, "telegram", detail, subject)
    due = find_reporting_deadline(telegram)
    if due is not None:
        set_deadline(
            session,
            case.id,
            due.due_on,
            what=f"report on {serial or 'telegram'}",
            telegram_ref=serial,
            marking=due.marking,
            at=when,
            actor=actor,
        )
    case.updated_at = when
    return row.id
