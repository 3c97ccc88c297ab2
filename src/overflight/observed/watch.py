"""The watch: each aircraft's positions turned into events (entries, departures, gaps…).

Per aircraft a small state machine over its positions, in time order:

* **plausibility gate.** A position is compared with the last one accepted. An implied speed
  over ``max_speed_kt`` (beyond ``jitter_km`` of noise) is impossible motion: rejected. A jump
  over ``jump_km`` is not rejected outright (a coverage gap can hide a long leg) but held as
  *provisional* until ``confirm_s`` of following positions show that the aircraft really moves
  there: a provisional stretch that crawls (slower than ``min_cruise_kt`` at or above
  ``cruise_ft``), or whose positions move at a speed unlike the ground speed the aircraft
  reports, is the signature of a spoofed or bad position source and is dropped. Dropped
  positions never move the aircraft, so a spoofed stretch cannot make an entry.
* **debounced entries.** The airspace (``states_at``) must be the same on ``confirm_positions``
  accepted positions in a row before an entry counts; it is dated at the first of them.
* **departures and landings** from the ground flag; **coverage gaps** when no position has been
  accepted for ``gap_s`` (told by ``sweep``), with the states within ``near_border_km``.

Everything here is pure and in memory: the caller feeds positions and a clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

import numpy as np

from overflight.geo import Airspace, states_at
from overflight.observed.position import ObservedPosition

__all__ = ["EventKind", "TrackEvent", "Watch", "WatchSettings"]

_EARTH_KM = 6371.0088
_KM_PER_DEG = math.pi * _EARTH_KM / 180.0
_KM_PER_NM = 1.852


class EventKind(StrEnum):
    """What happened to an aircraft."""

    FIRST_SEEN = "first seen"
    ENTERED = "entered"  # an airspace ("" state: international airspace)
    DEPARTED = "departed"
    LANDED = "landed"
    GAP = "gap"  # no accepted position for a while
    RESUMED = "resumed"  # after a gap
    REJECTED = "rejected"  # positions dropped as impossible motion (once per run)


@dataclass(frozen=True, slots=True)
class TrackEvent:
    """One event of one aircraft, where and when it happened."""

    kind: EventKind
    icao24: str
    callsign: str
    at: datetime
    lat: float
    lon: float
    state: str  # the airspace it concerns ("" international)
    previous: str = ""  # ENTERED: the airspace left
    detail: str = ""
    registration: str = ""


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """The watch's thresholds (see the module's description)."""

    max_speed_kt: float = 800.0
    jitter_km: float = 2.0
    jump_km: float = 50.0
    confirm_s: float = 30.0
    min_cruise_kt: float = 100.0
    cruise_ft: float = 20_000.0
    confirm_positions: int = 2
    gap_s: float = 300.0
    near_border_km: float = 50.0
    forget_s: float = 7200.0


@dataclass(slots=True)
class _Track:
    """One aircraft's watch state (mutable: the state machine's memory)."""

    last: ObservedPosition
    state: str
    candidate: str = ""
    candidate_count: int = 0
    candidate_first: ObservedPosition | None = None
    provisional: list[tuple[ObservedPosition, str]] = field(default_factory=list)
    rejecting: bool = False
    in_gap: bool = False
    rejected: int = 0


class Watch:
    """Every aircraft's state machine; feed it batches of positions in time order."""

    def __init__(
        self, airspace: Airspace, settings: WatchSettings | None = None, *, keep: bool = False
    ) -> None:
        self.airspace = airspace
        self.settings = settings or WatchSettings()
        self.tracks: dict[str, _Track] = {}
        self.kept: dict[str, list[tuple[ObservedPosition, str]]] | None = {} if keep else None
        """With ``keep``: every aircraft's accepted positions and their airspace, in order."""
        self.positions = 0
        self.rejected = 0
        self.stale = 0  # positions not newer than the aircraft's last (repeats, reordering)

    def observe(self, positions: Sequence[ObservedPosition]) -> list[TrackEvent]:
        """Events caused by ``positions`` (one vectorised airspace look-up for the batch)."""
        if not positions:
            return []
        states = states_at(
            np.fromiter((p.lon for p in positions), np.float64, len(positions)),
            np.fromiter((p.lat for p in positions), np.float64, len(positions)),
            self.airspace,
        ).tolist()
        events: list[TrackEvent] = []
        for position, state in zip(positions, states, strict=True):
            self._step(position, state, events)
        self.positions += len(positions)
        return events

    def sweep(self, now: datetime) -> list[TrackEvent]:
        """Coverage gaps as of ``now``: airborne aircraft with no accepted position for a while.

        Aircraft silent for ``forget_s`` are forgotten (a later position starts them afresh).
        """
        events: list[TrackEvent] = []
        for address, track in list(self.tracks.items()):
            silent = (now - track.last.at).total_seconds()
            if silent > self.settings.forget_s:
                del self.tracks[address]
            elif silent > self.settings.gap_s and not track.in_gap and not track.last.on_ground:
                track.in_gap = True
                near = self._states_near(track.last)
                detail = f"silent {silent / 60:.0f} min"
                if near:
                    detail += f"; within {self.settings.near_border_km:g} km of " + ", ".join(near)
                events.append(_event(EventKind.GAP, track.last, track.state, detail=detail))
        return events

    def _step(self, p: ObservedPosition, state: str, events: list[TrackEvent]) -> None:
        track = self.tracks.get(p.icao24)
        if track is None:
            self.tracks[p.icao24] = _Track(p, state)
            events.append(_event(EventKind.FIRST_SEEN, p, state))
            if self.kept is not None:
                self.kept.setdefault(p.icao24, []).append((p, state))
            return
        if p.at <= track.last.at:
            self.stale += 1
            return
        if track.provisional:
            self._extend_provisional(track, p, state, events)
            return
        distance_km = _distance_km(track.last, p)
        if self._too_fast(track.last, p, distance_km):
            self._reject(track, p, "implied speed over the limit", events)
        elif distance_km > self.settings.jump_km:
            track.provisional.append((p, state))
        else:
            self._accept(track, p, state, events)

    def _too_fast(self, a: ObservedPosition, b: ObservedPosition, distance_km: float) -> bool:
        seconds = (b.at - a.at).total_seconds()
        if distance_km <= self.settings.jitter_km:
            return False
        return distance_km / _KM_PER_NM / (seconds / 3600) > self.settings.max_speed_kt

    def _extend_provisional(
        self, track: _Track, p: ObservedPosition, state: str, events: list[TrackEvent]
    ) -> None:
        head, _ = track.provisional[0]
        last, _ = track.provisional[-1]
        from_last = _distance_km(last, p)
        if self._too_fast(last, p, from_last) or from_last > self.settings.jump_km:
            # Not even consistent with the stretch: back to the accepted track, or a new stretch.
            self._drop_provisional(track, "a jump that later positions did not follow", events)
            self._step(p, state, events)
            return
        track.provisional.append((p, state))
        span_s = (p.at - head.at).total_seconds()
        if span_s < self.settings.confirm_s or len(track.provisional) < 3:
            return
        why = self._implausible(track.provisional, span_s)
        if why:
            self._drop_provisional(track, why, events)
            return
        stretch, track.provisional = track.provisional, []
        for q, s in stretch:
            self._accept(track, q, s, events)

    def _implausible(self, stretch: list[tuple[ObservedPosition, str]], span_s: float) -> str:
        """Why a provisional stretch cannot be real motion ("" when it can).

        It crawls (moves, or says it moves, slower than ``min_cruise_kt`` at cruise level), or
        its positions move at a speed unlike the ground speed the aircraft reports.
        """
        head, tail = stretch[0][0], stretch[-1][0]
        implied_kt = _distance_km(head, tail) / _KM_PER_NM / (span_s / 3600)
        reported = [q.ground_speed_kt for q, _ in stretch if q.ground_speed_kt is not None]
        altitude = tail.altitude_ft if tail.altitude_ft is not None else head.altitude_ft
        if altitude is not None and altitude >= self.settings.cruise_ft:
            slowest = min([implied_kt, *reported])
            if slowest < self.settings.min_cruise_kt:
                return (
                    f"positions that crawl ({slowest:.0f} kt) at {altitude:,.0f} ft "
                    "(spoofed or bad source)"
                )
        if reported:
            said = sum(reported) / len(reported)
            if abs(implied_kt - said) > max(100.0, 0.5 * said):
                return (
                    f"positions moving at {implied_kt:.0f} kt while the aircraft reports "
                    f"{said:.0f} kt (spoofed or bad source)"
                )
        return ""

    def _drop_provisional(self, track: _Track, why: str, events: list[TrackEvent]) -> None:
        stretch, track.provisional = track.provisional, []
        for q, _ in stretch:
            self._reject(track, q, why, events)

    def _reject(
        self, track: _Track, p: ObservedPosition, why: str, events: list[TrackEvent]
    ) -> None:
        self.rejected += 1
        track.rejected += 1
        if not track.rejecting:
            track.rejecting = True
            state = states_at([p.lon], [p.lat], self.airspace)[0]
            events.append(_event(EventKind.REJECTED, p, str(state), detail=why))

    def _accept(
        self, track: _Track, p: ObservedPosition, state: str, events: list[TrackEvent]
    ) -> None:
        before = track.last
        track.rejecting = False
        if track.in_gap:
            track.in_gap = False
            silent = (p.at - before.at).total_seconds()
            events.append(
                _event(EventKind.RESUMED, p, state, detail=f"after {silent / 60:.0f} min")
            )
        if before.on_ground and not p.on_ground:
            events.append(_event(EventKind.DEPARTED, p, state))
        elif p.on_ground and not before.on_ground:
            events.append(_event(EventKind.LANDED, p, state))
        if p.callsign == "" and before.callsign:
            p = _with_identity(p, before)
        track.last = p
        if self.kept is not None:
            self.kept.setdefault(p.icao24, []).append((p, state))
        if state == track.state:
            track.candidate_count = 0
            return
        if state != track.candidate or track.candidate_count == 0:
            track.candidate, track.candidate_count, track.candidate_first = state, 0, p
        track.candidate_count += 1
        if track.candidate_count >= self.settings.confirm_positions:
            first = track.candidate_first or p
            events.append(_event(EventKind.ENTERED, first, state, previous=track.state))
            track.state, track.candidate_count = state, 0

    def _states_near(self, p: ObservedPosition) -> list[str]:
        """States other than the aircraft's own within ``near_border_km`` (16 bearings)."""
        bearings = np.radians(np.arange(0, 360, 22.5))
        angle = self.settings.near_border_km / _EARTH_KM
        lat1, lon1 = math.radians(p.lat), math.radians(p.lon)
        lat2 = np.arcsin(
            math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * np.cos(bearings)
        )
        lon2 = lon1 + np.arctan2(
            np.sin(bearings) * math.sin(angle) * math.cos(lat1),
            math.cos(angle) - math.sin(lat1) * np.sin(lat2),
        )
        lon_deg = (np.degrees(lon2) + 180.0) % 360.0 - 180.0
        around = states_at(lon_deg, np.degrees(lat2), self.airspace).tolist()
        own = states_at([p.lon], [p.lat], self.airspace).tolist()[0]
        return sorted({s for s in around if s and s != own})


def _with_identity(p: ObservedPosition, before: ObservedPosition) -> ObservedPosition:
    return replace(p, callsign=before.callsign, registration=p.registration or before.registration)


def _event(
    kind: EventKind, p: ObservedPosition, state: str, *, previous: str = "", detail: str = ""
) -> TrackEvent:
    return TrackEvent(
        kind, p.icao24, p.callsign, p.at, p.lat, p.lon, state, previous, detail, p.registration
    )


def _distance_km(a: ObservedPosition, b: ObservedPosition) -> float:
    """Distance on the mean sphere, equirectangular (cheap: it runs once per position).

    Within 0.5% up to a few hundred km, and of the right order beyond: ample for a gate.
    """
    dlat = b.lat - a.lat
    dlon = (b.lon - a.lon + 180.0) % 360.0 - 180.0
    x = dlon * math.cos(math.radians((a.lat + b.lat) * 0.5))
    return _KM_PER_DEG * math.sqrt(dlat * dlat + x * x)
