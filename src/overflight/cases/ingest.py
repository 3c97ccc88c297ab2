"""Ingest ATS messages: linked in memory a chunk at a time, written in bulk, atomic per message.

A message is known by the SHA-256 of its canonical text, so the same message from two files is
stored once and a re-run adds only what is missing. Messages are read in chunks of ``batch``: the
chunk's known hashes, the flights on its routes and the cases following those flights are each
read in one query; each message is then linked in memory by the ``overflight.ats`` rules, and the
chunk's writes go out together (flights, then the messages in one bulk insert) in one savepoint,
then are committed. A message that concerns a case (it links to a flight a case follows, or an
FPL refiles a flight an open case follows) is stored alone, in its own savepoint, after the
messages before it. If a bulk write fails, its messages are replayed one savepoint each, so one
bad message still costs only itself. An exception (also from ``progress``, or ^C while linking)
leaves the store as it was after the last complete message.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

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
from overflight.cases.model import CaseStatus
from overflight.cases.records import as_json
from overflight.errors import InputError, OverflightError
from overflight.store import (
    AtsMessageRow,
    FlightRow,
    Session,
    add,
    known_hashes,
    savepoint,
)
from overflight.store.messages import case_statuses_of_flights, flights_on_routes, insert_messages

__all__ = ["IngestReport", "content_hash", "ingest_file", "ingest_messages", "ingest_text"]

Progress = Callable[[int, AtsMessage], None]
Route = tuple[str, str, str]
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
    return _digest(format_message(message))


def _digest(canonical: str) -> str:
    return hashlib.sha256(canonical.encode()).hexdigest()


def _route_key(message: AtsMessage) -> Route:
    departure = message.departure.aerodrome if message.departure else ""
    if message.destination is not None:
        destination = message.destination.aerodrome
    else:
        destination = message.arrival.aerodrome if message.arrival else ""
    return message.aircraft_id, departure, destination


def _message_fields(
    message: AtsMessage, digest: str, raw_text: str, at: datetime, forms: _JsonForms
) -> dict[str, object]:
    """The columns of a message's row, before it is linked."""
    aircraft_id, departure, destination = _route_key(message)
    origin = message.origin
    return {
        "content_hash": digest,
        "title": message.title.value,
        "aircraft_id": aircraft_id,
        "departure": departure,
        "destination": destination,
        "raw_text": raw_text,
        "source": origin.source if origin else "",
        "position": origin.index if origin else 0,
        "line": origin.line if origin else 1,
        "parsed": forms.parsed(message),
        "flight_id": None,
        "flight_status": None,
        "changes": [],
        "link_note": "",
        "ingested_at": at,
    }


_AS_IS = frozenset({str, int, bool, type(None)})


class _JsonForms:
    """``as_json`` (``to_jsonable``, times of day as text) with each class's fields looked up once.

    Ingest turns every message into JSON; ``dataclasses.fields`` per value was 40% of its time.
    """

    def __init__(self) -> None:
        self._names: dict[type, tuple[str, ...] | None] = {}

    def _field_names(self, kind: type) -> tuple[str, ...] | None:
        if kind not in self._names:
            fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
            self._names[kind] = None if fields is None else tuple(f.name for f in fields)
        return self._names[kind]

    def of(self, value: Any) -> Any:
        """``value`` as JSON data."""
        kind = type(value)
        if kind in _AS_IS:
            return value
        names = self._field_names(kind)
        if names is not None:
            return {name: self.of(getattr(value, name)) for name in names}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.of(item) for item in value]
        if isinstance(value, dict):
            return {str(key): self.of(item) for key, item in value.items()}
        if isinstance(value, Enum):
            return value.value
        return as_json(value)  # dates, floats, times of day: as the rest of the project

    def parsed(self, message: AtsMessage) -> dict[str, Any]:
        """The stored ``parsed`` JSON: the message without its origin (the source's lines)."""
        names = self._field_names(type(message)) or ()
        return {name: self.of(getattr(message, name)) for name in names if name != "origin"}


@dataclass(slots=True)
class _Working:
    """A flight as this run knows it: its row (``None`` until written) and its current value."""

    row: FlightRow | None
    flight: Flight
    order: int  # filing order: the row's id; new flights come after every stored one
    plan_text: str | None  # the plan's canonical text, while known without formatting it


@dataclass(frozen=True, slots=True)
class _Step:
    """One message linked in memory, waiting to be written with its chunk."""

    message: AtsMessage
    canonical: str  # the message's canonical text
    fields: dict[str, object]  # the message row's columns, except its flight id
    kind: str  # the report count it adds to: new_flights, linked or unmatched
    work: _Working | None = None  # the flight it linked to
    flight: Flight | None = None  # that flight after the message (history dropped)


_NEW = -1  # order of a flight opened by a step not yet applied
_AFTER_STORED = 1 << 62


class _Ingest:
    """One ingest run: the in-memory view of a chunk's flights, pending writes and counts."""

    def __init__(self, session: Session, at: datetime, actor: str) -> None:
        self.session = session
        self.at = at
        self.actor = actor
        self.counts = {"added": 0, "new_flights": 0, "linked": 0, "unmatched": 0}
        self.errors: list[OverflightError] = []
        self.pending: list[_Step] = []
        self._plans: dict[str, AtsMessage] = {}  # plan text -> parsed plan (text is immutable)
        self._routes: dict[Route, list[_Working]] = {}
        self._followed: set[int] = set()  # flights some case follows
        self._open_routes: set[Route] = set()  # routes of flights an open case follows
        self._opened = 0
        self._forms = _JsonForms()
        self.seen: set[str] = set()  # hashes stored before or during this run
        self.duplicates = 0

    def ingest_chunk(
        self,
        chunk: list[AtsMessage],
        start: int,
        raws: list[str | None],
        progress: Progress | None,
    ) -> None:
        """Link a chunk's messages in order; those that concern a case are stored at once."""
        canonicals = [format_message(message) for message in chunk]
        digests = [_digest(canonical) for canonical in canonicals]
        self.seen.update(known_hashes(self.session, [d for d in digests if d not in self.seen]))
        self.forget()
        for offset, message in enumerate(chunk):
            number, digest, canonical = start + offset + 1, digests[offset], canonicals[offset]
            if digest in self.seen:
                self.duplicates += 1
                continue
            if not self.knows(message):
                self.load(chunk[offset:])
            try:
                step = self.link(message, canonical, raws[start + offset] or canonical)
            except OverflightError as error:
                self.errors.append(error)
                continue
            if self.concerns_case(step):  # written alone, after the messages before it
                self.write()
                after = None if progress is None else partial(progress, number, message)
                if self.knows(message):
                    stored = self.store(step, after)
                else:  # a failed bulk write was replayed, the view dropped: link again
                    stored = self.replay(step, after)
                if stored:
                    self.seen.add(digest)
                continue
            if progress is not None:
                progress(number, message)
            self.apply(step)
            self.seen.add(digest)

    def _plan(self, text: str) -> AtsMessage:
        plan = self._plans.get(text)
        if plan is None:
            if len(self._plans) > 20_000:
                self._plans.clear()
            plan = self._plans[text] = parse_message(text, "store")
        return plan

    def _flight(self, row: FlightRow) -> Flight:
        return Flight(self._plan(row.plan_text), FlightStatus(row.status), row.eobt, row.dof, ())

    def knows(self, message: AtsMessage) -> bool:
        """Whether the flights on the message's route are in the in-memory view."""
        return _route_key(message) in self._routes

    def load(self, messages: Sequence[AtsMessage]) -> None:
        """Read the flights on these messages' routes and the cases following them (2 queries)."""
        missing = {_route_key(m) for m in messages} - self._routes.keys()
        rows = flights_on_routes(self.session, missing)
        for route in missing:
            self._routes[route] = []
        for row in rows:
            route = (row.aircraft_id, row.departure, row.destination)
            self._routes[route].append(_Working(row, self._flight(row), row.id, row.plan_text))
        by_id = {row.id: row for row in rows}
        if not by_id:
            return
        for flight_id, status in case_statuses_of_flights(self.session, list(by_id)):
            self._followed.add(flight_id)
            if status != CaseStatus.CLOSED.value:
                row = by_id[flight_id]
                self._open_routes.add((row.aircraft_id, row.departure, row.destination))

    def forget(self) -> None:
        """Drop the in-memory view (the store has moved on: a commit, a message written alone)."""
        self._routes.clear()
        self._followed.clear()
        self._open_routes.clear()

    def link(self, message: AtsMessage, canonical: str, raw_text: str) -> _Step:
        """Link a message in memory (its route must be loaded); nothing changes until ``apply``.

        Raises:
            OverflightError: the message cannot be stored.
        """
        route = _route_key(message)
        fields = _message_fields(message, _digest(canonical), raw_text, self.at, self._forms)
        if message.title not in _LINKED_TITLES:
            fields["link_note"] = f"{message.title.value} is not linked"
            return _Step(message, canonical, fields, "unmatched")
        candidates = self._routes[route]
        before = Flights(tuple(work.flight for work in candidates))
        after = link_messages([message], into=before)
        if len(after.unmatched) > len(before.unmatched):
            fields["link_note"] = after.unmatched[-1].reason
            return _Step(message, canonical, fields, "unmatched")
        if len(after.flights) > len(candidates):  # an FPL opened a flight
            flight, kind = after.flights[-1], "new_flights"
            work = _Working(None, flight, _NEW, canonical if flight.plan is message else None)
        else:
            index = next(i for i, f in enumerate(after.flights) if f.history)
            flight, work, kind = after.flights[index], candidates[index], "linked"
        event = flight.history[-1]
        fields["flight_status"] = event.status.value
        fields["changes"] = list(event.changes)
        return _Step(message, canonical, fields, kind, work, replace(flight, history=()))

    def concerns_case(self, step: _Step) -> bool:
        """Whether a case follows the step's flight, or will (an FPL refiling a followed plan)."""
        work = step.work
        if work is None:
            return False
        if work.row is None:  # opened by this message, or by one not written yet (no case)
            return work.order == _NEW and _route_key(step.message) in self._open_routes
        return work.row.id in self._followed

    def apply(self, step: _Step) -> None:
        """Make a linked message part of the in-memory view and of the pending writes."""
        self.pending.append(step)
        work, flight = step.work, step.flight
        if work is None or flight is None:
            return
        route = _route_key(step.message)
        if work.order == _NEW:  # filed after every flight stored or opened before it
            self._opened += 1
            work.order = _AFTER_STORED + self._opened
            self._routes[route].append(work)
        if flight.plan is not work.flight.plan:
            work.plan_text = None
        work.flight = flight
        moved = _route_key(flight.plan)
        if moved != route:  # a CHG changed the key: the flight is found under the new one
            self._routes[route].remove(work)
            if moved in self._routes:
                self._routes[moved].append(work)
                self._routes[moved].sort(key=lambda w: w.order)

    def write(self) -> None:
        """Write the pending messages and their flights in one savepoint (bulk where possible).

        If the bulk write fails, it is undone and the messages are stored one savepoint each
        (``store``), so that a bad one costs only itself and those before it are kept.
        """
        steps, self.pending = self.pending, []
        if not steps:
            return
        try:
            with savepoint(self.session):
                self._write(steps)
        except Exception:  # replayed one message at a time: the error surfaces where it belongs
            for step in steps:
                self.replay(step)
            return
        for step in steps:
            self.counts["added"] += 1
            self.counts[step.kind] += 1

    def _write(self, steps: list[_Step]) -> None:
        works = {id(step.work): step.work for step in steps if step.work is not None}
        for work in sorted(works.values(), key=lambda w: w.order):
            if work.row is None:
                work.row = FlightRow(created_at=self.at)
                self.session.add(work.row)
            _write_flight(work.row, work.flight, self.at, work.plan_text)
        self.session.flush()  # new flights get their ids (in filing order), changed ones update
        rows = []
        for step in steps:
            row = dict(step.fields)
            if step.work is not None and step.work.row is not None:
                row["flight_id"] = step.work.row.id
            rows.append(row)
        insert_messages(self.session, rows)

    def store(self, step: _Step, after: Callable[[], None] | None = None) -> bool:
        """Store one linked message in its own savepoint (with its flight) and update its cases.

        The in-memory view must match the store (nothing pending). ``after`` runs inside the
        savepoint after the writes; an exception there, or an ``OverflightError`` from the
        writes (reported, ``False``), undoes this message only.
        """
        try:
            with savepoint(self.session):
                self._store(step)
                if after is not None:
                    after()
        except OverflightError as error:
            self.errors.append(error)
            return False
        finally:
            self.forget()  # cases may follow other flights now; undone rows are expired
        self.counts["added"] += 1
        self.counts[step.kind] += 1
        return True

    def replay(self, step: _Step, after: Callable[[], None] | None = None) -> bool:
        """Link a message again against the stored flights, then ``store`` it alone."""
        self.forget()
        try:
            self.load([step.message])
            again = self.link(step.message, step.canonical, str(step.fields["raw_text"]))
        except OverflightError as error:
            self.errors.append(error)
            return False
        return self.store(again, after)

    def _store(self, step: _Step) -> None:
        row = add(self.session, AtsMessageRow(**step.fields))
        work, flight = step.work, step.flight
        if work is None or flight is None:
            return
        new = work.row is None
        target = work.row if work.row is not None else FlightRow(created_at=self.at)
        known_text = work.plan_text if flight.plan is work.flight.plan else None
        _write_flight(target, flight, self.at, known_text)
        if new:
            add(self.session, target)
        row.flight_id = target.id
        self.session.flush()
        follow_message(self.session, row, target, new_flight=new, at=self.at, actor=self.actor)


def _write_flight(
    row: FlightRow, flight: Flight, at: datetime, plan_text: str | None = None
) -> None:
    row.aircraft_id, row.departure, row.destination = _route_key(flight.plan)
    row.dof = flight.dof
    row.eobt = flight.eobt
    row.status = flight.status.value
    row.plan_text = plan_text if plan_text is not None else format_message(flight.plan)
    row.updated_at = at


def _raw_texts(messages: list[AtsMessage], text: str | None) -> list[str | None]:
    """Each message as it stood in ``text`` (from its ``(`` to its ``)``), if known."""
    raws: list[str | None] = []
    for index, message in enumerate(messages):
        origin = message.origin
        if text is None or origin is None:
            raws.append(None)
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
        batch: messages read per chunk; each chunk is written and committed together.
        text: the text the messages were read from, to keep each one's raw text (the
            canonical text is stored otherwise).
        progress: called as ``progress(n, message)`` once a message is linked, before the next
            one; an exception raised there undoes that message only (those before it are
            committed), then propagates.

    Returns:
        The counts, and the messages that could not be stored (one bad message costs only itself).
    """
    run = _Ingest(session, at or datetime.now(UTC), f"{actor}:{source}" if source else actor)
    pending = list(messages)
    raws = _raw_texts(pending, text)
    size = max(batch, 1)
    try:
        for start in range(0, len(pending), size):
            run.ingest_chunk(pending[start : start + size], start, raws, progress)
            run.write()
            session.commit()
    finally:
        # Keep every complete message, also when an exception (or ^C) is on its way out.
        try:
            run.write()
        finally:
            if session.in_transaction():
                session.commit()
    counts = run.counts
    return IngestReport(
        source=source,
        added=counts["added"],
        duplicates=run.duplicates,
        new_flights=counts["new_flights"],
        linked=counts["linked"],
        unmatched=counts["unmatched"],
        errors=tuple(run.errors),
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
