"""The web's use cases, cut down by the one access gate every case and telegram portion passes.

``services.accounts.may_see`` is the only place the web decides what a reader gets: every case
and every telegram portion goes through it (and so through ``markings.may_read``) before anything
leaves the server. What a reader may not see does not exist for them: ``NotVisibleError`` reads
the same for a hidden object as for a missing one, lists and counts hold only what they may see,
and a telegram's banner is computed from the portions they were given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from overflight.cables import (
    Bullet,
    Heading,
    Paragraph,
    Prose,
    Telegram,
    Text,
    parse_telegram,
    render_telegram,
)
from overflight.cases import (
    Case,
    CaseSummary,
    Deadline,
    Engagement,
    StoredVerdict,
    TimelineEntry,
    UnknownRecordError,
    case_parts,
    case_sort_key,
    get_case,
    list_cases,
    read_case,
)
from overflight.errors import OverflightError
from overflight.markings import (
    SYSTEM_HIGH,
    ClassificationLevel,
    Declassification,
    DeclassKind,
    Marking,
    compute_banner,
)
from overflight.services.accounts import Account, may_see
from overflight.services.audit import AUDIT_ROWS_DEFAULT, AuditEntry, audit_trail
from overflight.services.memory import visible_resemblances
from overflight.store import (
    Session,
    get_telegram,
    telegrams_of,
)

__all__ = [
    "CaseView",
    "NotVisibleError",
    "TelegramSummary",
    "TelegramView",
    "derived_marking",
    "open_case_view",
    "open_telegram",
    "reader_copy",
    "short_actor",
    "visible_audit_trail",
    "visible_case",
    "visible_cases",
    "with_banners",
]


class NotVisibleError(OverflightError):
    """No such object for this reader: missing, or hidden by its marking (the same to them)."""

    def __init__(self, kind: str, object_id: object) -> None:
        super().__init__(f"{kind} {object_id} not found")
        self.kind = kind
        self.object_id = object_id


@dataclass(frozen=True, slots=True)
class TelegramSummary:
    """A telegram as a case page lists it: id, serial, banner and subject of the reader's copy."""

    id: int
    serial: str
    banner: Marking
    complete: bool  # the reader sees every portion
    subject: str = ""  # empty when the reader may not read it
    subject_marking: Marking | None = None  # the subject's portion mark, as the page shows it


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
    verdicts: tuple[StoredVerdict, ...]
    telegrams: tuple[TelegramSummary, ...]

    @property
    def banner(self) -> Marking:
        """The highest marking the case's page shows (case, lines, deadlines, subjects)."""
        derived = [
            *(e.marking for e in self.timeline),
            *(d.marking for d in self.deadlines),
            *(t.subject_marking for t in self.telegrams if t.subject),
        ]
        return compute_banner([self.case.marking, *(m for m in derived if m is not None)])


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
    declassification, authority = telegram.declassification, telegram.authority
    if (
        banner.level is ClassificationLevel.U
    ):  # an unclassified copy: nothing to declassify, nobody classified
        authority = None
        if declassification is not None:
            declassification = Declassification(declassification.order, DeclassKind.NOT_APPLICABLE)
    copy = replace(
        telegram,
        classification=banner.level,
        body=tuple(kept),
        subject=subject,
        subject_marking=subject_marking,
        captions=captions,
        declassification=declassification,
        authority=authority,
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


def visible_case(
    session: Session, account: Account, case_id: int, *, for_view: bool = False
) -> Case:
    """One case, if it exists and the account may see its marking.

    ``for_view``: the case is only shown, never changed in this session, so it is read as a
    row (``cases.read_case``) rather than through the session's ORM copy a writer would use.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    try:
        case = read_case(session, case_id) if for_view else get_case(session, case_id)
    except UnknownRecordError:
        raise NotVisibleError("case", case_id) from None
    if not may_see(account, case.marking):
        raise NotVisibleError("case", case_id)
    return case


def visible_cases(
    session: Session, account: Account, now: datetime, query: str = ""
) -> tuple[CaseSummary, ...]:
    """The cases the account may see, overdue first; ``query`` searches title and reason.

    Each case keeps only the deadlines the account may read, and the order (overdue first) is
    taken from those, so neither a count nor a place in the list tells of a hidden deadline.
    """
    needle = query.strip().lower()
    found = (
        replace(summary, deadlines=_visible_deadlines(account, summary.case, summary.deadlines))
        for summary in list_cases(session, now)
        if may_see(account, summary.case.marking)
        and (not needle or needle in f"{summary.case.title}\n{summary.case.reason}".lower())
    )
    return tuple(sorted(found, key=case_sort_key))


def derived_marking(case: Case, marking: Marking | None, from_telegram: bool) -> Marking:
    """The marking of a deadline or timeline line: its own, else the case's.

    A line derived from a telegram before markings were stored has none: it is treated as
    ``SYSTEM_HIGH`` rather than as the case's.
    """
    if marking is not None:
        return marking
    return SYSTEM_HIGH if from_telegram else case.marking


def _visible_deadlines(
    account: Account, case: Case, deadlines: tuple[Deadline, ...]
) -> tuple[Deadline, ...]:
    kept = []
    for deadline in deadlines:
        marking = derived_marking(case, deadline.marking, bool(deadline.telegram_ref))
        if may_see(account, marking):
            kept.append(replace(deadline, marking=marking))
    return tuple(kept)


def _visible_timeline(
    account: Account, case: Case, timeline: tuple[TimelineEntry, ...], openable: set[str]
) -> tuple[TimelineEntry, ...]:
    """The timeline lines the account may read.

    A telegram's line whose subject they may not read keeps only its serial, when they may
    open some portion of the telegram; otherwise it goes.
    """
    kept = []
    for entry in timeline:
        from_telegram = entry.kind == "telegram" or (
            entry.kind in ("deadline", "deadline met") and entry.detail.startswith("report on ")
        )
        marking = derived_marking(case, entry.marking, from_telegram)
        if may_see(account, marking):
            kept.append(replace(entry, marking=marking))
        elif entry.kind == "telegram" and (serial := entry.detail.split(":", 1)[0]) in openable:
            kept.append(replace(entry, detail=serial, marking=case.marking))
    return tuple(kept)


@lru_cache(maxsize=256)
def _stored_telegram(text: str, serial: str) -> Telegram:
    """A stored telegram's text read (``parse_telegram``), memoised: a ``Telegram`` is frozen.

    Every view of a case reads its telegrams' texts again; the same text reads the same.

    Raises:
        OverflightError: the text is unreadable (not memoised).
    """
    return parse_telegram(text, source=serial)


def _telegram_views(
    session: Session, account: Account, case_id: int
) -> list[tuple[int, str, tuple[Telegram, Marking, bool] | None]]:
    views: list[tuple[int, str, tuple[Telegram, Marking, bool] | None]] = []
    for row in telegrams_of(session, case_id):
        try:
            telegram = _stored_telegram(row.text, row.serial)
        except OverflightError:
            views.append((row.id, row.serial, None))  # unreadable text: nobody gets it
            continue
        views.append((row.id, row.serial, reader_copy(telegram, account)))
    return views


def open_case_view(session: Session, account: Account, case_id: int, now: datetime) -> CaseView:
    """A case page's content, filtered for the account.

    Deadlines and timeline lines carry the marking of what they were derived from (a deadline
    the paragraph that set it, a telegram's line its subject) and are cut with it; every kept
    one carries its marking (the case's where it has none of its own). The serial of a
    telegram of the case the reader may open no part of appears nowhere (a demarche's or a
    response's reference included).

    Raises:
        NotVisibleError: no such case for this reader.
    """
    case = visible_case(session, account, case_id, for_view=True)
    views = _telegram_views(session, account, case_id)
    parts = case_parts(session, case, now)
    openable = {serial for _, serial, view in views if view is not None}
    closed = {serial for _, serial, view in views if view is None and serial} - openable
    timeline = tuple(
        replace(entry, detail=_withhold(entry.detail, closed), actor=short_actor(entry.actor))
        for entry in _visible_timeline(account, case, parts.timeline, openable)
    )
    deadlines = _visible_deadlines(account, case, parts.deadlines)
    engagements = tuple(
        replace(e, telegram_ref="", note=_withhold(e.note, closed))
        if e.telegram_ref in closed
        else replace(e, note=_withhold(e.note, closed))
        for e in parts.engagements
    )
    summaries = tuple(
        TelegramSummary(tid, serial, view[1], view[2], view[0].subject, view[0].subject_marking)
        for tid, serial, view in views
        if view is not None
    )
    return CaseView(
        case,
        timeline,
        engagements,
        deadlines,
        visible_resemblances(session, account.reader, parts.verdicts),
        summaries,
    )


def short_actor(actor: str) -> str:
    """Who did it, without the server's folders: ``ingest:/tmp/x/a.txt`` is ``ingest:a.txt``.

    Messages ingested from a file were logged with the file's whole path before the ingest
    kept only its name: the path tells a reader nothing and shows the server's folders.
    """
    kind, sep, source = actor.partition(":")
    if not sep:
        return actor
    return f"{kind}:{source.replace(chr(92), '/').rsplit('/', 1)[-1]}"


def _withhold(text: str, serials: set[str]) -> str:
    """``text`` without the serials of telegrams the reader may open no part of."""
    for serial in serials:
        if serial in text:
            text = text.replace(f" ({serial})", "").replace(serial, "a withheld telegram")
    return text


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
        telegram = _stored_telegram(row.text, row.serial)
    except OverflightError:
        raise NotVisibleError("telegram", telegram_id) from None
    found = reader_copy(telegram, account)
    if found is None:
        raise NotVisibleError("telegram", telegram_id)
    copy, banner, _complete = found
    text = with_banners(copy, banner)
    return TelegramView(row.id, row.case_id, row.serial, banner, copy.subject, copy, text)


def with_banners(telegram: Telegram, banner: Marking) -> str:
    """The rendered telegram with its banner line on top and at the bottom."""
    line = banner.banner()
    return f"{line}\n\n{render_telegram(telegram).rstrip()}\n\n{line}\n"


def visible_audit_trail(
    session: Session,
    account: Account,
    *,
    username: str = "",
    action: str = "",
    limit: int = AUDIT_ROWS_DEFAULT,
) -> tuple[AuditEntry, ...]:
    """The latest audit rows the account may read, by each row's marking.

    An admin reads the audit log through the same gate as everything else: a row about a case
    carries the case's marking, a telegram read the banner of the copy given, a search or a
    probe for an id its author's ceiling. A row the admin may not read is left out before the
    limit is applied.
    """
    return audit_trail(
        session,
        username=username,
        action=action,
        shown=lambda marking: may_see(account, marking),
        limit=limit,
    )
