"""The transits of many routes as columns, and the ``Transit`` values they stand for.

A batch writes its transits' fields straight from these columns (``services.routes``), making
no ``Transit`` value; ``find_transits_many`` makes them from the same columns, so both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from overflight.model import GeoPoint, Route, Transit

__all__ = ["TransitTable", "join_tables", "transits_of_table"]

_Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TransitTable:
    """Transits of routes ``0 .. n - 1``: route ``k``'s are rows ``start[k]`` to ``start[k + 1]``.

    Rows are in flight order, as ``find_transits`` gives them. A transit's exit is the next
    one's entry, and the last one's exit is its route's destination; the first one's entry is
    its route's departure. Times are POSIX seconds (``times_at``'s, before they become
    datetimes), NaN on a route without times.
    """

    start: NDArray[np.int64]  # one more than the routes
    state: list[str]
    name: list[str]
    territorial_sea_only: list[bool]
    entry_lat: _Array
    entry_lon: _Array
    entry_m: _Array
    exit_m: _Array
    entered_s: _Array
    exited_s: _Array


def join_tables(tables: Sequence[TransitTable]) -> TransitTable:
    """One table of the routes of ``tables``, in order."""
    if len(tables) == 1:
        return tables[0]
    offsets = np.cumsum([0] + [int(t.start[-1]) for t in tables[:-1]])
    start = np.concatenate(
        [[0], *(t.start[1:] + offset for t, offset in zip(tables, offsets, strict=True))]
    ).astype(np.int64)
    return TransitTable(
        start,
        [v for t in tables for v in t.state],
        [v for t in tables for v in t.name],
        [v for t in tables for v in t.territorial_sea_only],
        *(
            np.concatenate([getattr(t, name) for t in tables])
            for name in TransitTable.__slots__[4:]
        ),
    )


def transits_of_table(routes: Sequence[Route], table: TransitTable) -> list[tuple[Transit, ...]]:
    """Each route's ``Transit`` values (timed as ``times_at`` times them)."""
    cut = table.start.tolist()
    lat, lon = table.entry_lat.tolist(), table.entry_lon.tolist()
    entry_m, exit_m = table.entry_m.tolist(), table.exit_m.tolist()
    entered_s, exited_s = table.entered_s.tolist(), table.exited_s.tolist()
    found: list[tuple[Transit, ...]] = []
    for n, route in enumerate(routes):
        a, b = cut[n], cut[n + 1]
        entries = [route.points[0].position]
        entries += map(GeoPoint, lat[a + 1 : b], lon[a + 1 : b])
        first = route.points[0].time
        if first is None:
            times: list[datetime | None] = [None] * (b - a + 1)
        else:
            zone = first.tzinfo
            times = [datetime.fromtimestamp(t, tz=zone) for t in [*entered_s[a:b], exited_s[b - 1]]]
        found.append(
            tuple(
                map(
                    Transit,
                    table.state[a:b],
                    table.name[a:b],
                    entries,
                    [*entries[1:], route.destination.position],
                    entry_m[a:b],
                    exit_m[a:b],
                    times[:-1],
                    times[1:],
                    table.territorial_sea_only[a:b],
                )
            )
        )
    return found
