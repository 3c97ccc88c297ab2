"""The web's use cases, with the one access gate every case and telegram portion passes.

``may_see`` is the only place the web decides what a reader gets: every case and every telegram
portion goes through it (and so through ``markings.may_read``) before anything leaves the
server. What a reader may not see does not exist for them: ``NotVisibleError`` reads the same for
a hidden object as for a missing one, lists and counts hold only what they may see, and a
telegram's banner is computed from the portions they were given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from overflight.ats import parse_message
from overflight.ats.intent import to_flight_intent
from overflight.cables import Bullet, Heading, Paragraph, Prose, Telegram, Text, parse_telegram
from overflight.cables.render import render_telegram
from overflight.cases import (
    HIGH_CONCERN_LEVELS,
    Case,
    CaseSummary,
    Deadline,
    Engagement,
    TimelineEntry,
    UnknownRecordError,
    Verdict,
    case_deadlines,
    case_engagements,
    case_timeline,
    case_verdicts,
    get_case,
    ingest_messages,
    list_cases,
    open_case,
    record_verdict,
)
from overflight.cases.model import OpenedBy
from overflight.errors import InputError, OverflightError
from overflight.geo import find_transits, load_airspace
from overflight.geo.geojson import route_geojson
from overflight.geo.navdata import load_navdata
from overflight.markings import Level, Marking, compute_banner, may_read
from overflight.screening import (
    Reference,
    flight_route,
)
from overflight.screening import Verdict as ScreeningVerdict
from overflight.services.accounts import Account
from overflight.services.interdiction import stance_by_state, stored_chokepoints
from overflight.services.screening import read_text, screen_items
from overflight.store import (
    Session,
    flights_on_route,
    get_telegram,
    latest_case_flight,
    telegrams_of,
)

__all__ = [
    "CaseView",
    "NotVisibleError",
    "ScreeningOutcome",
    "TelegramSummary",
    "TelegramView",
    "case_map_geojson",
    "case_route_geojson",
    "may_see",
    "open_case_view",
    "open_telegram",
    "reader_copy",
    "screen_submission",
    "visible_case",
    "visible_cases",
]


class NotVisibleError(OverflightError):
    """No such object for this reader: missing, or hidden by its marking (the same to them)."""

    def __init__(self, kind: str, object_id: object) -> None:
        super().__init__(f"{kind} {object_id} not found")
        self.kind = kind
        self.object_id = object_id


def may_see(account: Account, marking: Marking | None) -> bool:
    """Whether an account may receive something with this marking (unknown marking: no).

    Every marking must be satisfied (``markings.may_read``): clearance, NOFORN, REL TO, ORCON.
    Administrators get no bypass; an admin reads what their clearance and nationality allow.
    """
    if marking is None:
        return False
    return may_read(account.reader, marking).allowed


@dataclass(frozen=True, slots=True)
class TelegramSummary:
    """A telegram as a case page lists it: id, serial and the banner of what the reader sees."""

    id: int
    serial: str
    banner: Marking
    complete: bool  # the reader sees every portion


@dataclass(frozen=True, slots=True)
class TelegramView:
    """A telegram cut down to what one reader may see."""

    id: int
    case_id: int | None
    serial: str
    banner: Marking
    subject: str
    telegram: Telegram  # the reader's copy: only their portions, renumbered
    text: str  # rendered, banner line on top and at the bottom


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case with everything its page shows, already filtered for the reader."""

    case: Case
    timeline: tuple[TimelineEntry, ...]
    engagements: tuple[Engagement, ...]
    deadlines: tuple[Deadline, ...]
    verdicts: tuple[Verdict, ...]
    telegrams: tuple[TelegramSummary, ...]


def reader_copy(telegram: Telegram, account: Account) -> tuple[Telegram, Marking, bool] | None:
    """The telegram with only the portions the account may read, or ``None`` when none.

    Unmarked portions take the telegram's classification; ``REL Recipients`` is resolved against
    the action addressees first; marked bullets are judged on their own; headings stay only
    with a paragraph kept under them; paragraphs are renumbered so gaps do not show. The
    returned banner is computed from the kept portions (and the subject, if kept).

    Returns:
        ``(copy, banner, complete)``; ``complete`` is true when nothing was left out.
    """
    recipients = telegram.recipients
    default = Marking(telegram.classification)

    def allowed(marking: Marking | None) -> Marking | None:
        resolved = (marking or default).resolve(recipients)
        return resolved if may_see(account, resolved) else None

    kept: list[Heading | Paragraph | Text] = []
    used: list[Marking] = []
    dropped = False
    pending: Heading | None = None
    for block in telegram.body:
        if isinstance(block, Heading):
            pending = block
            continue
        keep = _keep_block(block, allowed, sum(isinstance(b, Paragraph) for b in kept) + 1)
        if keep is None:
            dropped = True
            continue
        out, marks, partial = keep
        dropped = dropped or partial
        if pending is not None:
            kept.append(pending)
            pending = None
        kept.append(out)
        used.extend(marks)
    if not used:
        return None
    subject, subject_marking = "", None
    if telegram.subject:
        subject_marking = allowed(telegram.subject_marking)
        if subject_marking is not None:
            subject = telegram.subject
            used.append(subject_marking)
        else:
            dropped = True
    banner = compute_banner(used)
    captions = tuple(c for c in telegram.captions if banner.noforn or "NOFORN" not in c.upper())
    copy = replace(
        telegram,
        classification=banner.level,
        body=tuple(kept),
        subject=subject,
        subject_marking=subject_marking,
        captions=captions,
        problems=(),
    )
    return copy, banner, not dropped


def _keep_block(
    block: object, allowed: Any, number: int
) -> tuple[Paragraph | Text, list[Marking], bool] | None:
    if isinstance(block, Text):
        mark = allowed(None)
        return (block, [mark], False) if mark is not None else None
    if not isinstance(block, Paragraph):
        return None
    own = allowed(block.marking)
    if own is None:
        return None
    marks: list[Marking] = [own]
    parts: list[Bullet | Prose] = []
    partial = False
    for part in block.parts:
        if isinstance(part, Bullet) and part.marking is not None:
            mark = allowed(part.marking)
            if mark is None:
                partial = True
                continue
            marks.append(mark)
            parts.append(Bullet(part.text, mark))
        else:
            parts.append(part)
    return Paragraph(number, own, block.text, tuple(parts)), marks, partial


def visible_case(session: Session, account: Account, case_id: int) -> Case:
    """One case, if it exists and the account may see its marking.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    try:
        case = get_case(session, case_id)
    except UnknownRecordError:
        raise NotVisibleError("case", case_id) from None
    if not may_see(account, case.marking):
        raise NotVisibleError("case", case_id)
    return case


def visible_cases(
    session: Session, account: Account, now: datetime, query: str = ""
) -> tuple[CaseSummary, ...]:
    """The cases the account may see, overdue first; ``query`` searches title and reason."""
    needle = query.strip().lower()
    return tuple(
        summary
        for summary in list_cases(session, now)
        if may_see(account, summary.case.marking)
        and (not needle or needle in f"{summary.case.title}\n{summary.case.reason}".lower())
    )


def _telegram_views(
    session: Session, account: Account, case_id: int
) -> list[tuple[int, str, tuple[Telegram, Marking, bool] | None]]:
    views: list[tuple[int, str, tuple[Telegram, Marking, bool] | None]] = []
    for row in telegrams_of(session, case_id):
        try:
            telegram = parse_telegram(row.text, source=row.serial)
        except OverflightError:
            views.append((row.id, row.serial, None))  # unreadable text: nobody gets it
            continue
        views.append((row.id, row.serial, reader_copy(telegram, account)))
    return views


def open_case_view(session: Session, account: Account, case_id: int, now: datetime) -> CaseView:
    """A case page's content, filtered for the account.

    A timeline or deadline line that quotes a telegram the reader may not read in full keeps
    only the telegram's serial.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    case = visible_case(session, account, case_id)
    views = _telegram_views(session, account, case_id)
    incomplete = {serial for _, serial, view in views if view is None or not view[2]}
    timeline = tuple(
        replace(e, detail=e.detail.split(":", 1)[0])
        if e.kind == "telegram" and e.detail.split(":", 1)[0] in incomplete
        else e
        for e in case_timeline(session, case_id)
    )
    deadlines = tuple(
        replace(d, what=f"reporting deadline ({d.telegram_ref})")
        if d.telegram_ref and d.telegram_ref in incomplete
        else d
        for d in case_deadlines(session, case_id, now)
    )
    summaries = tuple(
        TelegramSummary(tid, serial, view[1], view[2])
        for tid, serial, view in views
        if view is not None
    )
    return CaseView(
        case,
        timeline,
        case_engagements(session, case_id),
        deadlines,
        case_verdicts(session, case_id),
        summaries,
    )


def open_telegram(session: Session, account: Account, telegram_id: int) -> TelegramView:
    """A stored telegram cut down to the account's portions, banner from what they see.

    Raises:
        NotVisibleError: no such telegram, its case is hidden, or no portion is readable.
    """
    row = get_telegram(session, telegram_id)
    if row is None:
        raise NotVisibleError("telegram", telegram_id)
    if row.case_id is not None:
        try:
            visible_case(session, account, row.case_id)
        except NotVisibleError:
            raise NotVisibleError("telegram", telegram_id) from None
    try:
        telegram = parse_telegram(row.text, source=row.serial)
    except OverflightError:
        raise NotVisibleError("telegram", telegram_id) from None
    found = reader_copy(telegram, account)
    if found is None:
        raise NotVisibleError("telegram", telegram_id)
    copy, banner, _complete = found
    line = banner.banner()
    text = f"{line}\n\n{render_telegram(copy).rstrip()}\n\n{line}\n"
    return TelegramView(row.id, row.case_id, row.serial, banner, copy.subject, copy, text)


@lru_cache(maxsize=256)
def _route_geojson(plan_text: str) -> dict[str, Any] | None:
    """The plan's route with its transits, cached per plan.

    As filed (field 15 through navigation data) where it resolves, else the geodesic between
    its aerodromes.
    """
    intent = to_flight_intent(parse_message(plan_text))
    route = flight_route(intent, (), load_navdata())
    if route is None:
        return None
    return route_geojson(route, find_transits(route, load_airspace()))


def case_route_geojson(session: Session, account: Account, case_id: int) -> dict[str, Any] | None:
    """The route of the case's latest flight as filed, with its transits (GeoJSON), or ``None``.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    visible_case(session, account, case_id)
    flight = latest_case_flight(session, case_id)
    if flight is None:
        return None
    try:
        return _route_geojson(flight.plan_text)
    except OverflightError:
        return None


def case_map_geojson(
    session: Session, account: Account, case_id: int, day: date | None = None
) -> dict[str, Any]:
    """What the case map draws: the route (GeoJSON), each state's stance, the chokepoints.

    A FeatureCollection of the case's route as ``case_route_geojson`` gives it (no features
    when there is none), with foreign members: ``stances`` (state → the PSI prior's stance on
    ``day``, default today), ``stances_as_of``, and ``chokepoints``, the latest chokepoint
    result kept with the case (``sets``, ``unavoidable``, ``states``) or ``None``.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    found = case_route_geojson(session, account, case_id)
    on = day or date.today()
    return {
        **(found or {"type": "FeatureCollection", "features": []}),
        "stances": stance_by_state(on),
        "stances_as_of": on.isoformat(),
        "chokepoints": stored_chokepoints(session, case_id),
    }


# --- screening a submitted flight plan or permit request ---------------------------------------


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """What screening a submission gave: verdicts, problems, and the cases they went to."""

    verdicts: tuple[ScreeningVerdict, ...]
    problems: tuple[str, ...]
    case_ids: tuple[int | None, ...]  # per verdict: the case it was recorded with, if any


def screen_submission(
    session: Session,
    account: Account,
    text: str,
    source: str,
    reference: Reference,
    *,
    record: bool = False,
    marking: Marking | None = None,
) -> ScreeningOutcome:
    """Screen a pasted flight plan (ATS messages) or an uploaded permit request.

    The whole submission must read: the first error is raised with its position and nothing is
    stored. With ``record``, ATS messages are ingested and each verdict recorded against its
    flight (a high verdict opens a case with ``marking``); a high permit verdict opens a case.

    Raises:
        ParseError: a message or permit field does not read (source, line, column, field).
        InputError: nothing to screen, or a marking the account could not read itself.
    """
    if marking is not None and not may_see(account, marking):
        raise InputError("marking", "you may not mark a case above what you may read")
    case_marking = marking or Marking(Level.U)
    items, problems, messages = read_text(text, source, reference, strict=True)
    if not items:
        raise InputError("file", "no ATS flight plan or permit request found")
    verdicts = tuple(screen_items(items))
    case_ids: list[int | None] = [None] * len(verdicts)
    if record:
        case_ids = _record(session, account, verdicts, messages, text, source, case_marking)
    return ScreeningOutcome(verdicts, tuple(problems), tuple(case_ids))


def _record(
    session: Session,
    account: Account,
    verdicts: tuple[ScreeningVerdict, ...],
    messages: tuple[Any, ...],
    text: str,
    source: str,
    marking: Marking,
) -> list[int | None]:
    if messages:
        ingest_messages(session, list(messages), source=source, actor=account.username, text=text)
    ids: list[int | None] = []
    for verdict in verdicts:
        flights = flights_on_route(
            session, verdict.aircraft_id, verdict.departure, verdict.destination
        )
        if flights:
            outcome = record_verdict(
                session,
                verdict,
                flight_id=flights[-1].id,
                marking=marking,
                actor=account.username,
            )
            ids.append(outcome.case.id if outcome.case else None)
        elif verdict.level.value in HIGH_CONCERN_LEVELS:
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
    return ids
