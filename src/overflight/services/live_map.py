"""The live map's data: watched aircraft a reader may see, and what changed since they last looked.

Each stored sighting carries the marking of the reason it is watched (a case's, or UNCLASSIFIED
for public reasons); a reader gets only the sightings they may read, so a case they may not see
shows neither its aircraft nor that the aircraft is watched for it. The banner is the highest
marking of what is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from overflight.markings import (
    UNCLASSIFIED,
    Marking,
    MarkingError,
    compute_banner,
    parse_portion,
)
from overflight.services.accounts import Account, may_see
from overflight.store import Session, WatchedAircraftRow, latest_watch_seq, watched_since

__all__ = ["RECENT", "LivePicture", "live_picture"]

RECENT = timedelta(hours=6)
"""Aircraft last seen longer ago than this are not on the map."""


@dataclass(frozen=True, slots=True)
class LivePicture:
    """What one reader may see of the watch since ``seq``: sightings, and the next ``seq``."""

    seq: int
    sightings: tuple[dict[str, Any], ...]
    banner: Marking


def live_picture(session: Session, account: Account, since: int, now: datetime) -> LivePicture:
    """The sightings written after ``since`` that ``account`` may read, seen within ``RECENT``."""
    seq = latest_watch_seq(session)
    shown: list[dict[str, Any]] = []
    markings: list[Marking] = []
    for row in watched_since(session, since, seen_after=now - RECENT):
        marking = _marking(row.marking)
        if marking is not None and may_see(account, marking):
            shown.append(_document(row, marking))
            markings.append(marking)
    banner = compute_banner(markings) if markings else UNCLASSIFIED
    return LivePicture(seq, tuple(shown), banner)


def _marking(text: str) -> Marking | None:
    try:
        return parse_portion(text)
    except MarkingError:  # not one the watch wrote: shown to no one
        return None


def _document(row: WatchedAircraftRow, marking: Marking) -> dict[str, Any]:
    return {
        "key": f"{row.icao24}/{row.concern}",
        "icao24": row.icao24,
        "callsign": row.callsign,
        "registration": row.registration,
        "case_id": row.case_id,
        "why": row.why,
        "marking": marking.portion(),
        "at": row.at.isoformat(),
        "lat": row.lat,
        "lon": row.lon,
        "altitude_ft": row.altitude_ft,
        "ground_speed_kt": row.ground_speed_kt,
        "track_deg": row.track_deg,
        "on_ground": row.on_ground,
        "state": row.state,
        "trail": row.trail,
    }
