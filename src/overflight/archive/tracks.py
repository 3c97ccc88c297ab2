"""Every flight of a partition → the sovereign airspaces it entered and left, with times.

The answer is the live watch's (``observed.Watch``) and ``overflight track``'s, computed for
many flights at once:

* each position's airspace comes from one vectorised ``geo.states_at`` call per partition;
* a position no later than the one before it is a repeat (the watch ignores it);
* where no step of a flight trips the watch's plausibility gate (an implied speed over
  ``max_speed_kt`` beyond ``jitter_km``, or a jump over ``jump_km``), the watch accepts every
  position, and its debounce is vectorised: a run of ``confirm_positions`` or more positions in
  a new airspace is an entry, dated at the run's first position. A flight that trips the gate
  goes through the ``Watch`` itself, position by position, and its accepted positions are then
  treated the same way;
* a transit runs from its entry to the next entry (or the flight's last accepted position);
  its distance is along the accepted positions (haversine, mean Earth radius).

Times are whole microseconds (``int64``) throughout, as ``ObservedPosition.at`` holds them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from overflight.geo import Airspace, states_at
from overflight.observed import ObservedPosition, Watch, WatchSettings

__all__ = ["FlightColumns", "TransitColumns", "flight_codes", "flight_transits", "last_nonempty"]

_EARTH_M = 6_371_008.8
_EARTH_KM = 6371.0088
_KM_PER_DEG = math.pi * _EARTH_KM / 180.0
_KM_PER_NM = 1.852
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, eq=False)
class FlightColumns:
    """The positions of some flights, one array per column, rows in any order."""

    flight_id: NDArray[np.object_]
    icao24: NDArray[np.object_]
    time_us: NDArray[np.int64]  # Unix microseconds
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    on_ground: NDArray[np.bool_]
    speed_kt: NDArray[np.float64]  # NaN: not reported
    altitude_ft: NDArray[np.float64]  # NaN: not reported
    callsign: NDArray[np.object_]
    registration: NDArray[np.object_]


@dataclass(frozen=True, slots=True, eq=False)
class TransitColumns:
    """One row per transit, in (flight, order flown); the flight's columns repeated per row."""

    flight_id: NDArray[np.object_]
    icao24: NDArray[np.object_]
    callsign: NDArray[np.object_]
    registration: NDArray[np.object_]
    first_seen_us: NDArray[np.int64]
    last_seen_us: NDArray[np.int64]
    positions: NDArray[np.int64]  # the flight's positions, repeats and rejected ones included
    rejected: NDArray[np.int64]  # the flight's positions dropped by the gate
    seq: NDArray[np.int64]  # 1, 2… within the flight
    state: NDArray[np.object_]  # ISO alpha-2, "" international airspace
    entered_us: NDArray[np.int64]
    exited_us: NDArray[np.int64]
    entry_lat: NDArray[np.float64]
    entry_lon: NDArray[np.float64]
    exit_lat: NDArray[np.float64]
    exit_lon: NDArray[np.float64]
    distance_m: NDArray[np.float64]


def flight_transits(
    flights: FlightColumns, airspace: Airspace, settings: WatchSettings | None = None
) -> TransitColumns:
    """The transits of every flight in ``flights`` (see the module's description)."""
    s = settings or WatchSettings()
    order = np.lexsort((flights.time_us, flight_codes(flights.flight_id)))
    fid, t = flights.flight_id[order], flights.time_us[order]
    lat, lon = flights.lat[order], flights.lon[order]
    n = len(t)
    starts = _starts(fid)
    flight_of = np.cumsum(starts) - 1
    total = np.bincount(flight_of, minlength=int(starts.sum())) if n else np.zeros(0, np.int64)
    fresh = starts.copy()
    fresh[1:] |= t[1:] != t[:-1]  # a repeat (same time as the one before) is ignored
    rows = np.flatnonzero(fresh)
    state = np.asarray(states_at(lon[rows], lat[rows], airspace), dtype=object)
    tripped = _tripped_flights(rows, flight_of, t, lat, lon, s)
    rejected = np.zeros(len(total), dtype=np.int64)
    if len(tripped):
        rows, state, rejected = _through_watch(
            rows, state, tripped, flight_of, order, flights, airspace, s, rejected
        )
    return _transits(rows, state, flight_of, order, flights, total, rejected, s)


def flight_codes(flight_id: NDArray[np.object_]) -> NDArray[np.int64]:
    """Each row's flight as an integer, in order of first appearance (sorts far faster)."""
    import pandas as pd

    codes, _ = pd.factorize(flight_id)
    return np.asarray(codes, dtype=np.int64)


def _starts(key: NDArray[np.object_]) -> NDArray[np.bool_]:
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = key[1:] != key[:-1]
    return starts


def _distance_km(
    lat0: NDArray[np.float64], lon0: NDArray[np.float64],
    lat1: NDArray[np.float64], lon1: NDArray[np.float64],
) -> NDArray[np.float64]:  # fmt: skip
    """The watch's equirectangular distance (``observed.watch._distance_km``), vectorised."""
    dlat = lat1 - lat0
    dlon = (lon1 - lon0 + 180.0) % 360.0 - 180.0
    x = dlon * np.cos(np.radians((lat0 + lat1) * 0.5))
    return np.asarray(_KM_PER_DEG * np.sqrt(dlat * dlat + x * x))


def _tripped_flights(
    rows: NDArray[np.int64],
    flight_of: NDArray[np.int64],
    t: NDArray[np.int64],
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    s: WatchSettings,
) -> NDArray[np.int64]:
    """Flights with a step the watch's gate would not accept as it stands."""
    a, b = rows[:-1], rows[1:]
    same = flight_of[a] == flight_of[b]
    a, b = a[same], b[same]
    km = _distance_km(lat[a], lon[a], lat[b], lon[b])
    hours = (t[b] - t[a]) / 3.6e9
    too_fast = (km > s.jitter_km) & (km / _KM_PER_NM / hours > s.max_speed_kt)
    return np.unique(flight_of[b[too_fast | (km > s.jump_km)]])


def _through_watch(
    rows: NDArray[np.int64],
    state: NDArray[np.object_],
    tripped: NDArray[np.int64],
    flight_of: NDArray[np.int64],
    order: NDArray[np.int64],
    flights: FlightColumns,
    airspace: Airspace,
    s: WatchSettings,
    rejected: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.object_], NDArray[np.int64]]:
    """Rows and states the ``Watch`` accepts for the tripped flights; the others' unchanged."""
    untouched = ~np.isin(flight_of[rows], tripped)
    kept_rows, kept_states = [rows[untouched]], [state[untouched]]
    of_row = flight_of[rows]  # sorted: a flight's rows are one stretch
    for flight in tripped.tolist():
        mine = rows[np.searchsorted(of_row, flight) : np.searchsorted(of_row, flight, "right")]
        positions = _positions(flights, order[mine])
        watch = Watch(airspace, s, keep=True)
        watch.observe(positions)
        row_at = {p.at: i for p, i in zip(positions, mine.tolist(), strict=True)}
        kept = next(iter((watch.kept or {}).values()), [])
        kept_rows.append(np.array([row_at[p.at] for p, _ in kept], dtype=np.int64))
        kept_states.append(np.array([st for _, st in kept], dtype=object))
        rejected[flight] = watch.rejected
    all_rows = np.concatenate(kept_rows)
    all_states = np.concatenate(kept_states)
    by_row = np.argsort(all_rows, kind="stable")
    return all_rows[by_row], all_states[by_row], rejected


def _positions(f: FlightColumns, rows: NDArray[np.int64]) -> list[ObservedPosition]:
    """``ObservedPosition`` values of some rows (the watch's input), built from plain lists."""
    speed = [None if v != v else v for v in f.speed_kt[rows].tolist()]  # NaN: not reported
    altitude = [None if v != v else v for v in f.altitude_ft[rows].tolist()]
    return [
        ObservedPosition(
            at=_EPOCH + timedelta(microseconds=us), icao24=icao24, lat=lat, lon=lon,
            callsign=callsign, altitude_ft=alt, ground_speed_kt=kt, on_ground=ground,
            registration=registration,
        )
        for us, icao24, lat, lon, callsign, alt, kt, ground, registration in zip(
            f.time_us[rows].tolist(), f.icao24[rows].tolist(), f.lat[rows].tolist(),
            f.lon[rows].tolist(), f.callsign[rows].tolist(), altitude, speed,
            f.on_ground[rows].tolist(), f.registration[rows].tolist(), strict=True,
        )
    ]  # fmt: skip


def _transits(
    rows: NDArray[np.int64],
    state: NDArray[np.object_],
    flight_of: NDArray[np.int64],
    order: NDArray[np.int64],
    flights: FlightColumns,
    total: NDArray[np.int64],
    rejected: NDArray[np.int64],
    s: WatchSettings,
) -> TransitColumns:
    """Debounced entries over the accepted rows, then one transit per entry."""
    o = order[rows]
    fl = flight_of[rows]
    lat, lon, t = flights.lat[o], flights.lon[o], flights.time_us[o]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = fl[1:] != fl[:-1]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = first[1:]
    # Runs of one airspace within a flight; a run counts when it is the flight's first or is
    # confirm_positions long, and an entry is a counted run whose airspace differs from the
    # counted run before it.
    run_start = first.copy()
    run_start[1:] |= state[1:] != state[:-1]
    run_first = np.flatnonzero(run_start)
    run_length = np.diff(np.append(run_first, len(rows)))
    counted = run_first[first[run_first] | (run_length >= s.confirm_positions)]
    entry = np.ones(len(counted), dtype=bool)
    entry[1:] = first[counted[1:]] | (state[counted[1:]] != state[counted[:-1]])
    entries = counted[entry]
    # Along-track distance, restarting at each flight.
    step = np.zeros(len(rows))
    step[1:] = _haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    step[first] = 0.0
    along = np.cumsum(step)
    along -= np.repeat(along[first], np.diff(np.append(np.flatnonzero(first), len(rows))))
    flight_last = np.flatnonzero(last)[np.cumsum(first) - 1]
    exits = np.empty(len(entries), dtype=np.int64)
    if len(entries):
        same_next = np.zeros(len(entries), dtype=bool)
        same_next[:-1] = fl[entries[1:]] == fl[entries[:-1]]
        exits[:-1] = entries[1:]
        exits = np.where(same_next, exits, flight_last[entries])
    f = fl[entries]
    new_flight = np.ones(len(f), dtype=bool)
    new_flight[1:] = f[1:] != f[:-1]
    seq = np.arange(len(f)) - np.flatnonzero(new_flight)[np.cumsum(new_flight) - 1] + 1
    first_row, last_row = np.flatnonzero(first), np.flatnonzero(last)
    flight_index = np.cumsum(first) - 1  # per accepted row: which accepted flight
    callsign = last_nonempty(flights.callsign[o], first)
    registration = last_nonempty(flights.registration[o], first)
    k = flight_index[entries]
    return TransitColumns(
        flight_id=flights.flight_id[o][entries],
        icao24=flights.icao24[o][entries],
        callsign=callsign[k],
        registration=registration[k],
        first_seen_us=t[first_row][k],
        last_seen_us=t[last_row][k],
        positions=total[f],
        rejected=rejected[f],
        seq=seq.astype(np.int64),
        state=state[entries],
        entered_us=t[entries],
        exited_us=t[exits],
        entry_lat=lat[entries],
        entry_lon=lon[entries],
        exit_lat=lat[exits],
        exit_lon=lon[exits],
        distance_m=along[exits] - along[entries],
    )


def last_nonempty(values: NDArray[np.object_], first: NDArray[np.bool_]) -> NDArray[np.object_]:
    """Per flight (``first`` marks where each begins): its last non-empty value, else ""."""
    if not len(values):
        return np.zeros(0, dtype=object)
    index = np.where(values != "", np.arange(len(values)), -1)
    segment = np.flatnonzero(first)
    best = np.maximum.reduceat(index, segment)
    padded = np.append(values, "")
    return np.asarray(padded[np.where(best >= 0, best, len(values))], dtype=object)


def _haversine_m(
    lat0: NDArray[np.float64], lon0: NDArray[np.float64],
    lat1: NDArray[np.float64], lon1: NDArray[np.float64],
) -> NDArray[np.float64]:  # fmt: skip
    p1, p2 = np.radians(lat0), np.radians(lat1)
    dlon = np.radians(lon1 - lon0)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * _EARTH_M * np.arcsin(np.minimum(1.0, np.sqrt(h))))
