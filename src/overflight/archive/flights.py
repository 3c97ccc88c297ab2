"""Cutting each aircraft's positions into flights, continuing flights left open by an import.

Per aircraft, in time order, a new flight starts:

* at its first position ever, or after ``flight_gap_s`` of silence;
* at the last position on the ground before a take-off, when it stood on the ground for at
  least ``turnaround_s`` (a ground-flag flicker on a touch-and-go does not cut a flight).

A flight's id is ``<icao24>-<first position's time as YYYYMMDDTHHMMSSZ>`` and it belongs to the
day of that first position. When an aircraft's first new position follows its last archived one
within ``flight_gap_s`` (and is no take-off after a turnaround), the new positions continue that
flight: same id, same day, so its partition keeps it whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from numpy.typing import NDArray

__all__ = ["AircraftState", "FlightCut", "cut_flights"]


@dataclass(frozen=True, slots=True)
class AircraftState:
    """Where an aircraft's last archived flight stands: what the next import continues."""

    last_s: float  # Unix seconds of its last archived position
    on_ground: bool
    ground_since_s: float  # when its current stretch on the ground began (NaN: airborne)
    flight_id: str
    flight_day: date


@dataclass(frozen=True, slots=True, eq=False)
class FlightCut:
    """Rows in (icao24, time) order, each row's flight and day, and each aircraft's new state."""

    order: NDArray[np.int64]  # the input's rows in (icao24, time) order
    flight_id: NDArray[np.object_]  # per ordered row
    day: NDArray[np.int64]  # per ordered row: the flight's day (proleptic ordinal)
    states: dict[str, AircraftState]


def cut_flights(
    icao24: NDArray[np.object_],
    time_s: NDArray[np.float64],
    on_ground: NDArray[np.bool_],
    before: dict[str, AircraftState],
    *,
    flight_gap_s: float,
    turnaround_s: float,
) -> FlightCut:
    """Each row's flight (see the module's description), vectorised over the rows."""
    order = np.lexsort((time_s, icao24)).astype(np.int64)
    a, t, g = icao24[order], time_s[order], on_ground[order]
    n = len(a)
    if n == 0:
        return FlightCut(order, np.empty(0, dtype=object), np.empty(0, np.int64), dict(before))
    first = np.ones(n, dtype=bool)
    first[1:] = a[1:] != a[:-1]
    gap = np.zeros(n, dtype=bool)
    gap[1:] = (t[1:] - t[:-1]) > flight_gap_s
    # Stretches on the ground: each row's stretch began at ground_start (rows of one aircraft,
    # not cut by a gap, with the same ground flag).
    run_start = first | gap
    run_start[1:] |= g[1:] != g[:-1]
    run_index = np.maximum.accumulate(np.where(run_start, np.arange(n), 0))
    began_before = np.full(n, np.nan)  # a continued stretch on the ground began earlier
    continuing: dict[int, AircraftState] = {}
    for i in np.flatnonzero(first).tolist():
        previous = before.get(a[i])
        if previous is not None and _continues(previous, t[i], g[i], flight_gap_s, turnaround_s):
            continuing[i] = previous
            if previous.on_ground and g[i]:
                began_before[i] = previous.ground_since_s
    earlier = began_before[run_index]
    ground_start = np.where(np.isnan(earlier), t[run_index], earlier)
    takeoff = np.zeros(n, dtype=bool)  # row i-1 is the last ground row before a take-off at i
    takeoff[:-1] = (
        ~first[1:] & ~gap[1:] & g[:-1] & ~g[1:] & (t[1:] - ground_start[:-1] >= turnaround_s)
    )
    start = first | gap | takeoff
    ids: list[str] = []
    days: list[int] = []
    for i in np.flatnonzero(start).tolist():
        previous = None if takeoff[i] else continuing.get(i)
        if previous is not None:
            ids.append(previous.flight_id)
            days.append(previous.flight_day.toordinal())
        else:
            at = datetime.fromtimestamp(float(t[i]), tz=UTC)
            ids.append(f"{a[i]}-{at:%Y%m%dT%H%M%SZ}")
            days.append(at.date().toordinal())
    flight = np.cumsum(start) - 1
    flight_id = np.array(ids, dtype=object)[flight]
    day = np.array(days, dtype=np.int64)[flight]
    states = dict(before)
    last = np.ones(n, dtype=bool)
    last[:-1] = first[1:]
    for i in np.flatnonzero(last).tolist():
        old = before.get(a[i])
        if old is None or t[i] > old.last_s:
            states[a[i]] = AircraftState(
                last_s=float(t[i]),
                on_ground=bool(g[i]),
                ground_since_s=float(ground_start[i]) if g[i] else float("nan"),
                flight_id=str(flight_id[i]),
                flight_day=date.fromordinal(int(day[i])),
            )
    return FlightCut(order, flight_id, day, states)


def _continues(
    previous: AircraftState, t: float, ground: bool, flight_gap_s: float, turnaround_s: float
) -> bool:
    """Whether an aircraft's first new position continues its last archived flight."""
    if not (previous.last_s < t <= previous.last_s + flight_gap_s):
        return False
    took_off = previous.on_ground and not ground and t - previous.ground_since_s >= turnaround_s
    return not took_off
