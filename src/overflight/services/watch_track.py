"""One aircraft's observed track: its positions through the watch, as transits and events.

The watch's accepted positions (impossible motion dropped) become a ``Route`` through them,
and each debounced airspace entry starts a ``Transit``, so that tables, GeoJSON and maps are
drawn by the same code as filed routes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from overflight.errors import InputError, Param, ParseError
from overflight.geo import Airspace, state_name
from overflight.model import GeoPoint, Route, RoutePoint, Transit
from overflight.observed import (
    EventKind,
    FeedOptions,
    ObservedPosition,
    TrackEvent,
    Watch,
    WatchSettings,
    open_feed,
    parse_icao24,
)

__all__ = ["ObservedTrack", "observe_track", "read_track_file"]

_EARTH_M = 6_371_008.8
_THIN_M = 2_000.0  # route points closer than this to the last one kept are left out


@dataclass(frozen=True, slots=True)
class ObservedTrack:
    """One aircraft's observed transits, with the events and counts behind them."""

    icao24: str
    callsign: str
    route: Route
    transits: tuple[Transit, ...]
    events: tuple[TrackEvent, ...]
    positions: int
    rejected: int
    problems: tuple[str, ...]
    others: int  # other aircraft in the file, not shown


def read_track_file(
    path: Path, aircraft: str = "", options: FeedOptions | None = None
) -> tuple[list[ObservedPosition], list[str], int]:
    """One aircraft's positions from a file (the named one, else the one seen most).

    Returns its positions in time order, the file's problems, and how many other aircraft the
    file holds.

    Raises:
        InputError: the file holds no position (of that aircraft).
    """
    wanted = parse_icao24(aircraft, source=Param("aircraft")) if aircraft else ""
    positions: list[ObservedPosition] = []
    problems: list[str] = []
    for item in open_feed(str(path), options or FeedOptions()):
        if isinstance(item, ParseError):
            problems.append(str(item))
        elif item is not None:
            positions.append(item)
    counts = Counter(p.icao24 for p in positions)
    if not counts or (wanted and wanted not in counts):
        what = f"no position of {wanted}" if wanted else "no position"
        raise InputError(str(path), f"{what} could be read ({len(problems)} problems)")
    chosen = wanted or counts.most_common(1)[0][0]
    mine = sorted((p for p in positions if p.icao24 == chosen), key=lambda p: p.at)
    return mine, problems, len(counts) - 1


def observe_track(
    positions: Iterable[ObservedPosition],
    airspace: Airspace,
    settings: WatchSettings | None = None,
    problems: Iterable[str] = (),
    others: int = 0,
) -> ObservedTrack:
    """The transits of one aircraft's positions (sorted by time), after the watch's gate."""
    ordered = sorted(positions, key=lambda p: p.at)
    watch = Watch(airspace, settings, keep=True)
    events = watch.observe(ordered)
    icao24 = ordered[0].icao24
    kept = (watch.kept or {}).get(icao24, [])
    index_at = {p.at: i for i, (p, _) in enumerate(kept)}
    entries = {0: kept[0][1]} if kept else {}
    for event in events:
        if event.kind is EventKind.ENTERED and event.icao24 == icao24 and event.at in index_at:
            entries[index_at[event.at]] = event.state
    points, starts = _route_points(kept, entries)
    route = Route(tuple(points), points[-1].along_m)
    transits = _transits(points, starts)
    callsign = next((p.callsign for p, _ in reversed(kept) if p.callsign), "")
    return ObservedTrack(
        icao24=icao24,
        callsign=callsign,
        route=route,
        transits=tuple(transits),
        events=tuple(e for e in events if e.kind is not EventKind.FIRST_SEEN),
        positions=len(ordered),
        rejected=watch.rejected,
        problems=tuple(problems),
        others=others,
    )


def _route_points(
    kept: list[tuple[ObservedPosition, str]], entries: dict[int, str]
) -> tuple[list[RoutePoint], list[tuple[int, str]]]:
    """Route points through the positions (thinned), and where each airspace starts.

    ``entries`` maps a kept position's index to the airspace the watch confirmed entering
    there; the point of each start is always kept.
    """
    points: list[RoutePoint] = []
    starts: list[tuple[int, str]] = []
    along = 0.0
    previous: ObservedPosition | None = None
    last_kept: ObservedPosition | None = None
    for i, (p, _) in enumerate(kept):
        if previous is not None:
            along += _distance_m(previous, p)
        boundary = i in entries
        last = i == len(kept) - 1
        if boundary or last or last_kept is None or _distance_m(last_kept, p) >= _THIN_M:
            if boundary:
                starts.append((len(points), entries[i]))
            points.append(RoutePoint(p.callsign or p.icao24, GeoPoint(p.lat, p.lon), along, p.at))
            last_kept = p
        previous = p
    if len(points) == 1:
        points.append(points[0])
    return points, starts


def _transits(points: list[RoutePoint], starts: list[tuple[int, str]]) -> list[Transit]:
    transits: list[Transit] = []
    for k, (first, state) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(points) - 1
        entry, exit_ = points[first], points[end]
        transits.append(
            Transit(
                state=state,
                name=state_name(state) if state else "international airspace",
                entry=entry.position,
                exit=exit_.position,
                entry_m=entry.along_m,
                exit_m=exit_.along_m,
                entered_at=entry.time,
                exited_at=exit_.time,
                territorial_sea_only=False,
            )
        )
    return transits


def _distance_m(a: ObservedPosition, b: ObservedPosition) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(h)))
