"""Coordinating a case from the web: draft telegrams, record responses, deadlines met, outcomes.

Each use case first lets the reader see the case (``visible_case``): a hidden case is a 404
whatever is asked of it. The interfaces check the role (analyst) after that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from overflight.cases import (
    Case,
    Deadline,
    Engagement,
    OutcomeKind,
    StateResponse,
    meet_deadline,
    record_outcome,
    record_response,
    record_telegram,
)
from overflight.errors import InputError
from overflight.markings import Marking
from overflight.services.accounts import Account
from overflight.services.drafting import (
    DraftingDefaults,
    compose_for_case,
    meet_answered_deadlines,
    next_drafting,
    take_drafting,
)
from overflight.services.web import NotVisibleError, reader_copy, visible_case, with_banners
from overflight.store import Session, get_deadline, get_engagement

_Choice = TypeVar("_Choice", StateResponse, OutcomeKind)

__all__ = [
    "TelegramDraft",
    "draft_case_telegram",
    "meet_case_deadline",
    "record_case_outcome",
    "record_case_response",
]


@dataclass(frozen=True, slots=True)
class TelegramDraft:
    """A telegram drafted for a case: its text, banner, and the id it was kept under (if kept)."""

    id: int | None
    serial: str
    banner: Marking
    subject: str
    text: str


_NO_DESK = DraftingDefaults()


def draft_case_telegram(
    session: Session,
    account: Account,
    case_id: int,
    kind: str,
    serial: str,
    now: datetime,
    *,
    keep: bool = False,
    desk: DraftingDefaults = _NO_DESK,
) -> TelegramDraft:
    """Draft a case's action request (``action``) or thank-you (``thanks``) from the store.

    With ``keep`` it is stored with the case (its reporting deadline joins the case). ``desk``
    gives who classifies, whom posts call, the slugs, the signature and the reporting period,
    as ``overflight run --desk`` does; ``serial`` numbers this one. The drafter must be able to
    read every portion of what they draft.

    Raises:
        NotVisibleError: no such case for this reader.
        InputError: an unknown kind, a missing or malformed serial, no state to address, or a
            draft with portions the drafter may not read.
    """
    visible_case(session, account, case_id)
    if not serial.strip():
        raise InputError("serial", "give the telegram's serial, like STATE 43804")
    defaults = replace(desk, serial=serial)
    telegram = compose_for_case(
        session,
        case_id,
        kind,
        # A telegram kept takes its serial from the store (unique per originator and year);
        # a preview shows the one asked for.
        lambda refs: (
            take_drafting(session, defaults, now, refs)
            if keep
            else next_drafting(defaults, now, refs)
        )[0],
        now,
        report_within_days=desk.report_within_days,
        concern=desk.concern,
    )
    if telegram is None:
        raise InputError("kind", f"case {case_id} has no state to address a {kind} telegram to")
    found = reader_copy(telegram, account)
    if found is None or not found[2]:
        raise InputError("kind", "the draft would hold portions you may not read")
    telegram_id = (
        record_telegram(session, case_id, telegram, at=now, actor=account.username)
        if keep
        else None
    )
    text = with_banners(telegram, found[1])
    number = f"{telegram.serial.station} {telegram.serial.number:06d}" if telegram.serial else ""
    return TelegramDraft(telegram_id, number, found[1], telegram.subject, text)


def record_case_response(
    session: Session,
    account: Account,
    case_id: int,
    engagement_id: int,
    response: str,
    now: datetime,
    *,
    responded_on: date | None = None,
    telegram_ref: str = "",
) -> Engagement:
    """Record a state's response to one of the case's demarches.

    Once every state an action request asked has answered, its reporting deadline is met.

    Raises:
        NotVisibleError: no such case for this reader, or no such engagement in it.
        InputError: an unknown response, or a response dated before the demarche.
    """
    visible_case(session, account, case_id)
    row = get_engagement(session, engagement_id)
    if row is None or row.case_id != case_id:
        raise NotVisibleError("engagement", engagement_id)
    engagement = record_response(
        session,
        engagement_id,
        _choice(StateResponse, response, "response"),
        responded_on=responded_on,
        telegram_ref=telegram_ref.strip(),
        at=now,
        actor=account.username,
    )
    met_on = responded_on or now.date()
    meet_answered_deadlines(session, case_id, met_on, now, actor=account.username)
    return engagement


def meet_case_deadline(
    session: Session,
    account: Account,
    case_id: int,
    deadline_id: int,
    now: datetime,
    met_on: date | None = None,
) -> Deadline:
    """Mark one of the case's reporting deadlines met (on ``met_on``, default today).

    Raises:
        NotVisibleError: no such case for this reader, or no such deadline in it.
    """
    visible_case(session, account, case_id)
    row = get_deadline(session, deadline_id)
    if row is None or row.case_id != case_id:
        raise NotVisibleError("deadline", deadline_id)
    return meet_deadline(
        session, deadline_id, met_on=met_on or now.date(), at=now, actor=account.username
    )


def record_case_outcome(
    session: Session, account: Account, case_id: int, kind: str, now: datetime, note: str = ""
) -> Case:
    """Record what became of the case's flight; a final outcome closes the case.

    Raises:
        NotVisibleError: no such case for this reader.
        InputError: an unknown outcome.
    """
    visible_case(session, account, case_id)
    outcome = _choice(OutcomeKind, kind, "kind")
    return record_outcome(
        session, case_id, outcome, note=note.strip(), at=now, actor=account.username
    )


def _choice(kind: type[_Choice], value: str, what: str) -> _Choice:
    try:
        return kind(value.strip().lower())
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise InputError(what, f"{value!r} is not one of {names}") from None
