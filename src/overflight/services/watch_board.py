"""The live picture the watch keeps in the store: where each aircraft of concern was last seen.

After each batch, the last accepted position of every aircraft in it that is of concern is
noted, once per reason it is watched (each reason has its own marking), with a short trail of
where it has been. Sightings are written at most once a second, in one transaction, so the web's
live map follows the watch without slowing it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from overflight.observed import ObservedPosition, Watch
from overflight.services.watch_concern import Concern, ConcernIndex
from overflight.store import Store, put_watched

__all__ = ["TRAIL_POINTS", "LiveBoard"]

TRAIL_POINTS = 240
"""Positions kept in an aircraft's trail (one per ``TRAIL_STEP_S`` at most: an hour)."""
TRAIL_STEP_S = 15.0
WRITE_EVERY_S = 1.0
CLEAR_FOR = timedelta(seconds=60)
"""How long (feed time) an aircraft found of no concern is not asked again: a case's time
window can open at any minute, so not longer."""


class LiveBoard:
    """Sightings of aircraft of concern, written to the store at most once a second."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._trails: dict[str, deque[tuple[float, float, datetime]]] = {}
        self._pending: dict[tuple[str, str], dict[str, Any]] = {}
        self._written_at = 0.0
        self._clear_until: dict[tuple[str, str, str], datetime] = {}
        self.writes = 0

    def note(
        self, positions: Sequence[ObservedPosition], watch: Watch, concerns: ConcernIndex
    ) -> None:
        """Note where each aircraft of ``positions`` that is of concern was last accepted."""
        for icao24 in dict.fromkeys(p.icao24 for p in positions):
            track = watch.tracks.get(icao24)
            if track is None:
                continue
            last = track.last
            key = (icao24, last.callsign, last.registration)
            if key in self._clear_until and last.at < self._clear_until[key]:
                continue
            found = concerns.concerns(icao24, last.callsign, last.registration, last.at)
            if not found:
                if len(self._clear_until) > 200_000:  # a day of the whole sky: start afresh
                    self._clear_until.clear()
                self._clear_until[key] = last.at + CLEAR_FOR
                continue
            trail = self._trails.setdefault(icao24, deque(maxlen=TRAIL_POINTS))
            if not trail or (last.at - trail[-1][2]).total_seconds() >= TRAIL_STEP_S:
                trail.append((round(last.lon, 5), round(last.lat, 5), last.at))
            path = [[lon, lat] for lon, lat, _ in trail]
            for concern in found:
                sighting = _sighting(last, track.state, concern, path)
                self._pending[(icao24, sighting["concern"])] = sighting

    def write(self, *, force: bool = False) -> None:
        """Write what is pending, if a second has passed since the last write (or ``force``)."""
        now = time.monotonic()
        if not self._pending or (not force and now - self._written_at < WRITE_EVERY_S):
            return
        pending, self._pending = list(self._pending.values()), {}
        with self.store.session(writing=True) as session, session.begin():
            put_watched(session, pending)
        self._written_at = now
        self.writes += 1


def _sighting(
    last: ObservedPosition, state: str, concern: Concern, trail: list[list[float]]
) -> dict[str, Any]:
    case = concern.case
    return {
        "icao24": last.icao24,
        "concern": f"case:{case.id}" if case else "public",
        "case_id": case.id if case else None,
        "marking": concern.marking.portion(),
        "why": concern.why,
        "callsign": last.callsign[:16],
        "registration": last.registration[:16],
        "at": last.at,
        "lat": last.lat,
        "lon": last.lon,
        "altitude_ft": last.altitude_ft,
        "ground_speed_kt": last.ground_speed_kt,
        "track_deg": last.track_deg,
        "on_ground": last.on_ground,
        "state": state,
        "trail": trail,
    }
