"""Ingest ATS messages into the store: one transaction per message, duplicates skipped.

Each message is written inside its own savepoint: the message row, its flight (new or updated by
``overflight.ats`` linking rules) and the cases that follow the flight. If anything fails inside
it, that message's writes are undone. Completed messages are committed every ``batch`` messages
and before any exception leaves: an interrupted run leaves the store exactly as it was after the
last complete message, and running it again adds only what is missing (a message is known by
the SHA-256 of its canonical text, so the same message from two files is stored once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from overflight.ats import (
    AtsMessage,
    Flight,
    Flights,
    FlightStatus,
    Title,
    format_message,
    link_messages,
    parse_message,
    parse_messages,
)
from overflight.cases.follow import follow_message
from overflight.cases.records import as_json
from overflight.errors import InputError, OverflightError
from overflight.store import (
    AtsMessageRow,
    FlightRow,
    Session,
    add,
    flights_on_route,
    known_hashes,
    savepoint,
)

__all__ = ["IngestReport", "content_hash", "ingest_file", "ingest_messages", "ingest_text"]

Progress = Callable[[int, AtsMessage], None]
_LINKED_TITLES = frozenset({Title.FPL, Title.CHG, Title.DLA, Title.CNL, Title.DEP, Title.ARR})


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest run did.

    Attributes:
        source: the file or feed name.
        added: messages stored by this run.
        duplicates: messages already stored (or repeated within the run), skipped.
        new_flights: flights opened by FPLs.
        linked: non-FPL messages linked to a flight.
        unmatched: messages that linked to no flight (kept, with the reason).
        errors: messages that could not be read or stored, with their place.
    """

    source: str
    added: int = 0
    duplicates: int = 0
    new_flights: int = 0
    linked: int = 0
    unmatched: int = 0
    errors: tuple[OverflightError, ...] = ()

    @property
    def read(self) -> int:
        """Messages read from the source (stored, skipped or not linked)."""
        return self.added + self.duplicates


def content_hash(message: AtsMessage) -> str:
    """SHA-256 of the message's canonical text: equal messages hash equal whatever their file."""
    return hashlib.sha256(format_message(message).encode()).hexdigest()


def _route_key(message: AtsMessage) -> tuple[str, str, str]:
    departure = message.departure.aerodrome if message.departure else ""
    if message.destination is not None:
        destination = message.destination.aerodrome
    else:
        destination = message.arrival.aerodrome if message.arrival else ""
    return message.aircraft_id, departure, destination


class _Linker:
    """Links one message at a time against the flights stored for its route."""

    def __init__(self, session: Session, at: datetime, actor: str) -> None:
        self.session = session
        self.at = at
        self.actor = actor
        self._plans: dict[str, AtsMessage] = {}  # plan text -> parsed plan (text is immutable)
        self.counts = {"added": 0, "new_flights": 0, "linked": 0, "unmatched": 0}

    def _plan(self, text: str) -> AtsMessage:
        plan = self._plans.get(text)
        if plan is None:
            plan = self._plans[text] = parse_message(text, "store")
        return plan

    def _flight(self, row: FlightRow) -> Flight:
        return Flight(self._plan(row.plan_text), FlightStatus(row.status), row.eobt, row.dof, ())

    def store(self, message: AtsMessage, digest: str, raw_text: str) -> None:
        aircraft_id, departure, destination = _route_key(message)
        origin = message.origin
        parsed = as_json(replace(message, origin=None))  # origin holds the whole source's lines
        parsed.pop("origin", None)
        row = add(
            self.session,
            AtsMessageRow(
                content_hash=digest,
                title=message.title.value,
                aircraft_id=aircraft_id,
                departure=departure,
                destination=destination,
                raw_text=raw_text,
                source=origin.source if origin else "",
                position=origin.index if origin else 0,
                line=origin.line if origin else 1,
                parsed=parsed,
                changes=[],
                link_note="",
                ingested_at=self.at,
            ),
        )
        self.counts["added"] += 1
        if message.title not in _LINKED_TITLES:
            row.link_note = f"{message.title.value} is not linked"
            self.counts["unmatched"] += 1
            return
        self._link(message, row)

    def _link(self, message: AtsMessage, row: AtsMessageRow) -> None:
        candidates = flights_on_route(self.session, *_route_key(message))
        before = Flights(tuple(self._flight(flight) for flight in candidates))
        after = link_messages([message], into=before)
        if len(after.unmatched) > len(before.unmatched):
            row.link_note = after.unmatched[-1].reason
            self.counts["unmatched"] += 1
            return
        if len(after.flights) > len(candidates):  # an FPL opened a flight
            flight, target, new = after.flights[-1], FlightRow(created_at=self.at), True
            self.counts["new_flights"] += 1
        else:
            index = next(i for i, f in enumerate(after.flights) if f.history)
            flight, target, new = after.flights[index], candidates[index], False
            self.counts["linked"] += 1
        _write_flight(target, flight, self.at)
        if new:
            add(self.session, target)
        event = flight.history[-1]
        row.flight_id = target.id
        row.flight_status = event.status.value
        row.changes = list(event.changes)
        self.session.flush()
        follow_message(self.session, row, target, new_flight=new, at=self.at, actor=self.actor)


def _write_flight(row: FlightRow, flight: Flight, at: datetime) -> None:
    row.aircraft_id, row.departure, row.destination = _route_key(flight.plan)
    row.dof = flight.dof
    row.eobt = flight.eobt
    row.status = flight.status.value
    row.plan_text = format_message(flight.plan)
    row.updated_at = at


def _raw_texts(messages: list[AtsMessage], text: str | None) -> list[str]:
    """Each message as it stood in ``text`` (from its ``(`` to its ``)``), else canonical."""
    raws = []
    for index, message in enumerate(messages):
        origin = message.origin
        if text is None or origin is None:
            raws.append(format_message(message))
            continue
        following = messages[index + 1].origin if index + 1 < len(messages) else None
        limit = following.offset if following is not None else len(text)
        close = text.find(")", origin.offset, limit)
        raws.append(text[origin.offset : close + 1 if close >= 0 else limit].strip())
    return raws


def ingest_messages(
    session: Session,
    messages: Iterable[AtsMessage],
    *,
    source: str = "",
    at: datetime | None = None,
    actor: str = "ingest",
    batch: int = 500,
    progress: Progress | None = None,
    text: str | None = None,
) -> IngestReport:
    """Store messages in order, link them into flights and bring the cases concerned up to date.

    Args:
        session: a session with no transaction of the caller's open (this function commits).
        messages: parsed messages, in the order they were received.
        source: the feed's name, for the report.
        at: the ingest time recorded on rows and timeline events (now by default, aware UTC).
        actor: who ingested, for the case timeline.
        batch: commit after this many stored messages.
        text: the text the messages were read from, to keep each one's raw text (the
            canonical text is stored otherwise).
        progress: called as ``progress(n, message)`` inside each message's transaction after its
            writes; an exception raised there undoes that message only, then propagates.

    Returns:
        The counts, and the messages that could not be stored (one bad message costs only itself).
    """
    when = at or datetime.now(UTC)
    linker = _Linker(session, when, f"{actor}:{source}" if source else actor)
    pending = list(messages)
    raws = _raw_texts(pending, text)
    stored = known_hashes(session, [content_hash(m) for m in pending])
    duplicates = 0
    errors: list[OverflightError] = []
    since_commit = 0
    try:
        for number, message in enumerate(pending, start=1):
            digest = content_hash(message)
            if digest in stored:
                duplicates += 1
                continue
            try:
                with savepoint(session):
                    linker.store(message, digest, raws[number - 1])
                    if progress is not None:
                        progress(number, message)
            except OverflightError as error:
                errors.append(error)
                continue
            stored.add(digest)
            since_commit += 1
            if since_commit >= batch:
                session.commit()
                since_commit = 0
    finally:
        # Keep every complete message, also when an exception (or ^C) is on its way out.
        if session.in_transaction():
            session.commit()
    counts = linker.counts
    return IngestReport(
        source=source,
        added=counts["added"],
        duplicates=duplicates,
        new_flights=counts["new_flights"],
        linked=counts["linked"],
        unmatched=counts["unmatched"],
        errors=tuple(errors),
    )


def ingest_text(
    session: Session,
    text: str,
    source: str = "",
    *,
    at: datetime | None = None,
    actor: str = "ingest",
    progress: Progress | None = None,
) -> IngestReport:
    """Parse a feed's text and ingest every message that reads; the others are reported."""
    messages, parse_errors = parse_messages(text, source)
    report = ingest_messages(
        session, messages, source=source, at=at, actor=actor, progress=progress, text=text
    )
    return IngestReport(
        source=report.source,
        added=report.added,
        duplicates=report.duplicates,
        new_flights=report.new_flights,
        linked=report.linked,
        unmatched=report.unmatched,
        errors=(*parse_errors, *report.errors),
    )


def ingest_file(
    session: Session,
    path: Path,
    *,
    at: datetime | None = None,
    actor: str = "ingest",
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every ATS message in a text file (see ``ingest_messages``).

    Raises:
        InputError: the file cannot be read.
    """
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise InputError(str(path), f"cannot read the file: {error.strerror}") from error
    return ingest_text(session, text, str(path), at=at, actor=actor, progress=progress)
