"""Ingest ATS messages from a file, a feed's text or parsed messages: the public entry points.

A message is known by the SHA-256 of its canonical text (``content_hash``), so the same message
from two files is stored once and a re-run adds only what is missing. Messages are read in chunks
of ``batch``, linked in memory by the ``overflight.ats`` rules and written together, then
committed (``chunks.py``); a message that concerns a case is stored alone. An exception (also
from ``progress``, or ^C while linking) leaves the store as it was after the last complete
message; one bad message costs only itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from overflight.ats import AtsMessage, parse_messages
from overflight.cases.chunks import ChunkedIngest
from overflight.cases.report import IngestProgress, IngestReport
from overflight.markings import Reader
from overflight.store import Session
from overflight.textfile import read_text_file

__all__ = ["ingest_file", "ingest_messages", "ingest_text"]


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
    progress: IngestProgress | None = None,
    text: str | None = None,
    reader: Reader | None = None,
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
        reader: who is writing; a message that would change a case they may not see (join it,
            change a flight it follows, refile a plan it would follow) is not stored and is
            reported as a ``HiddenCaseError`` that names no case. ``None``: the store's owner.

    Returns:
        The counts, and the messages that could not be stored (one bad message costs only itself).
    """
    # The source's name only: a server's folders tell the case's readers nothing.
    who = f"{actor}:{source.replace(chr(92), '/').rsplit('/', 1)[-1]}" if source else actor
    run = ChunkedIngest(session, at or datetime.now(UTC), who, reader)
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
    return run.report(source)


def ingest_text(
    session: Session,
    text: str,
    source: str = "",
    *,
    at: datetime | None = None,
    actor: str = "ingest",
    progress: IngestProgress | None = None,
) -> IngestReport:
    """Parse a feed's text and ingest every message that reads; the others are reported."""
    messages, parse_errors = parse_messages(text, source)
    report = ingest_messages(
        session, messages, source=source, at=at, actor=actor, progress=progress, text=text
    )
    return replace(report, errors=(*parse_errors, *report.errors))


def ingest_file(
    session: Session,
    path: Path,
    *,
    at: datetime | None = None,
    actor: str = "ingest",
    progress: IngestProgress | None = None,
) -> IngestReport:
    """Ingest every ATS message in a text file (see ``ingest_messages``).

    Raises:
        InputError: the file cannot be read.
        ParseError: it is not UTF-8 (at the line and column of the first bad byte).
    """
    text = read_text_file(Path(path))
    return ingest_text(session, text, str(path), at=at, actor=actor, progress=progress)
