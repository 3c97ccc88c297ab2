"""Repository functions for where watched aircraft were last seen (``watched_aircraft``).

The watch writes a row per aircraft and concern, numbering each write with ``seq``; the web
reads what changed since the last ``seq`` it saw. Like every repository function here, these
take the caller's ``Session`` and never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, tuple_

from overflight.store.schema import WatchedAircraftRow
from overflight.store.sql import Session

__all__ = ["latest_watch_seq", "put_watched", "watched_since"]


def latest_watch_seq(session: Session) -> int:
    """The highest ``seq`` written so far (0 when none)."""
    return int(session.scalar(select(func.max(WatchedAircraftRow.seq))) or 0)


def put_watched(session: Session, sightings: Sequence[Mapping[str, Any]]) -> int:
    """Write each aircraft's sighting (a mapping of the row's columns but ``id`` and ``seq``).

    A sighting replaces the row of the same ``icao24`` and ``concern``. All of them get the one
    next ``seq``, which is returned.
    """
    seq = latest_watch_seq(session) + 1
    keys = [(s["icao24"], s["concern"]) for s in sightings]
    rows = session.scalars(
        select(WatchedAircraftRow).where(
            tuple_(WatchedAircraftRow.icao24, WatchedAircraftRow.concern).in_(keys)
        )
    ).all()
    existing = {(r.icao24, r.concern): r for r in rows}
    for sighting in sightings:
        row = existing.get((sighting["icao24"], sighting["concern"]))
        if row is None:
            session.add(WatchedAircraftRow(seq=seq, **sighting))
            continue
        row.seq = seq
        for name, value in sighting.items():
            setattr(row, name, value)
    session.flush()
    return seq


def watched_since(
    session: Session, seq: int = 0, seen_after: datetime | None = None
) -> list[WatchedAircraftRow]:
    """The rows written after ``seq`` (and seen after ``seen_after``), oldest write first."""
    query = select(WatchedAircraftRow).where(WatchedAircraftRow.seq > seq)
    if seen_after is not None:
        query = query.where(WatchedAircraftRow.at > seen_after)
    return list(session.scalars(query.order_by(WatchedAircraftRow.seq, WatchedAircraftRow.id)))
