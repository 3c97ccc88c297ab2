"""Storing linked messages a chunk at a time: bulk writes, messages concerning a case alone.

Per chunk the known hashes, the flights on its routes and the cases following them are each read
in one query; the messages are linked in memory (``Linker``) and written together in one
savepoint. A message that concerns a case is stored alone, in its own savepoint, after the
messages before it; a failed bulk write is replayed one savepoint per message, so a bad message
costs only itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from overflight.ats import AtsMessage, format_message
from overflight.cases.columns import digest, write_flight
from overflight.cases.follow import follow_message
from overflight.cases.linker import LinkedMessage, Linker
from overflight.cases.report import IngestProgress, IngestReport
from overflight.errors import OverflightError
from overflight.markings import Reader
from overflight.store import (
    AtsMessageRow,
    FlightRow,
    Session,
    add,
    insert_messages,
    known_hashes,
    savepoint,
)

__all__ = ["ChunkedIngest"]


class ChunkedIngest:
    """One ingest run: the messages linked and waiting to be written, the hashes seen, counts."""

    def __init__(
        self, session: Session, at: datetime, actor: str, reader: Reader | None = None
    ) -> None:
        self.session = session
        self.at = at
        self.actor = actor
        self.reader = reader  # whose cases the run may change (None: any)
        self.view = Linker(session, at)
        self.counts = {"added": 0, "new_flights": 0, "linked": 0, "unmatched": 0}
        self.errors: list[OverflightError] = []
        self.pending: list[LinkedMessage] = []
        self.seen: set[str] = set()  # hashes stored before or during this run
        self.duplicates = 0

    def report(self, source: str) -> IngestReport:
        """The run's counts and errors so far."""
        counts = self.counts
        return IngestReport(
            source=source,
            added=counts["added"],
            duplicates=self.duplicates,
            new_flights=counts["new_flights"],
            linked=counts["linked"],
            unmatched=counts["unmatched"],
            errors=tuple(self.errors),
        )

    def ingest_chunk(
        self,
        chunk: list[AtsMessage],
        start: int,
        raws: list[str | None],
        progress: IngestProgress | None,
    ) -> None:
        """Link a chunk's messages in order; those that concern a case are stored at once."""
        view = self.view
        canonicals = [format_message(message) for message in chunk]
        digests = [digest(canonical) for canonical in canonicals]
        self.seen.update(known_hashes(self.session, [d for d in digests if d not in self.seen]))
        view.forget()
        for offset, message in enumerate(chunk):
            number, content, canonical = start + offset + 1, digests[offset], canonicals[offset]
            if content in self.seen:
                self.duplicates += 1
                continue
            if not view.knows(message):
                view.load(chunk[offset:])
            try:
                step = view.link(message, canonical, raws[start + offset] or canonical)
            except OverflightError as error:
                self.errors.append(error)
                continue
            if view.concerns_case(step):  # written alone, after the messages before it
                self.write()
                after = None if progress is None else partial(progress, number, message)
                if view.knows(message):
                    stored = self.store(step, after)
                else:  # a failed bulk write was replayed, the view dropped: link again
                    stored = self.replay(step, after)
                if stored:
                    self.seen.add(content)
                continue
            if progress is not None:
                progress(number, message)
            self.pending.append(step)
            view.apply(step)
            self.seen.add(content)

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

    def _write(self, steps: list[LinkedMessage]) -> None:
        works = {id(step.work): step.work for step in steps if step.work is not None}
        for work in sorted(works.values(), key=lambda w: w.order):
            if work.row is None:
                work.row = FlightRow(created_at=self.at)
                self.session.add(work.row)
            write_flight(work.row, work.flight, self.at, work.plan_text)
        self.session.flush()  # new flights get their ids (in filing order), changed ones update
        rows = []
        for step in steps:
            row = dict(step.fields)
            if step.work is not None and step.work.row is not None:
                row["flight_id"] = step.work.row.id
            rows.append(row)
        insert_messages(self.session, rows)

    def store(self, step: LinkedMessage, after: Callable[[], None] | None = None) -> bool:
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
            self.view.forget()  # cases may follow other flights now; undone rows are expired
        self.counts["added"] += 1
        self.counts[step.kind] += 1
        return True

    def replay(self, step: LinkedMessage, after: Callable[[], None] | None = None) -> bool:
        """Link a message again against the stored flights, then ``store`` it alone."""
        self.view.forget()
        try:
            self.view.load([step.message])
            again = self.view.link(step.message, step.canonical, str(step.fields["raw_text"]))
        except OverflightError as error:
            self.errors.append(error)
            return False
        return self.store(again, after)

    def _store(self, step: LinkedMessage) -> None:
        row = add(self.session, AtsMessageRow(**step.fields))
        work, flight = step.work, step.flight
        if work is None or flight is None:
            return
        new = work.row is None
        target = work.row if work.row is not None else FlightRow(created_at=self.at)
        known_text = work.plan_text if flight.plan is work.flight.plan else None
        write_flight(target, flight, self.at, known_text)
        if new:
            add(self.session, target)
        row.flight_id = target.id
        self.session.flush()
        follow_message(
            self.session,
            row,
            target,
            new_flight=new,
            at=self.at,
            actor=self.actor,
            reader=self.reader,
        )
