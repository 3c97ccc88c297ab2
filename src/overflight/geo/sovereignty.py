"""Whose sovereign airspace holds each of many points, vectorised on the airspace's edge index.

The grid of ``CELL_DEG`` cells that files boundary edges (``airspace.py``) also answers points:
a cell with no edge lies wholly inside or outside every region, so its centre's answer is every
point's; in a cell with edges, a point's regions are the centre's regions, toggled by each
region boundary crossed on the straight segment from the centre to the point (that segment stays
in the cell, so every edge it can cross is filed there). The crossing test is the one route
transits use, so a point answers as the route through it does.

Every cell centre's regions are found once, the first time a point is asked about, by a
scanline over the edges (each row of centres is a line of latitude; the crossings of a region's
edges along it, paired, are the stretches inside it). Edges along the ±180° cut are not in the
index, so for the few regions that reach the cut, whether a row starts inside is asked of
shapely.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from overflight.geo.airspace import CELL_DEG, Airspace, cell_of

__all__ = ["locate_regions", "states_at"]

_COLUMNS = round(360 / CELL_DEG)
_ROWS = round(180 / CELL_DEG)
_UNKNOWN = -2
_NONE = -1


@dataclass(frozen=True, slots=True, eq=False)
class _CellLabels:
    """What each grid cell's centre lies in, filled in as cells are met (-2: not yet looked up)."""

    region: NDArray[np.int32]  # per cell: the preferred region at its centre, -1 for none
    centre_pairs: dict[int, tuple[int, ...]]  # cell -> every region at its centre, where > 1
    busy: NDArray[np.bool_]  # per cell: boundary edges are filed under it
    rank: NDArray[np.int64]  # per region: preference where regions overlap (land first)
    codes: NDArray[np.str_]  # per region, then "" for none (index -1)


@cache
def _labels(airspace: Airspace) -> _CellLabels:
    regions = len(airspace.codes)
    order = np.lexsort((np.arange(regions), airspace.is_sea))
    rank = np.empty(regions, dtype=np.int64)
    rank[order] = np.arange(regions)
    return _CellLabels(
        region=np.full(_COLUMNS * _ROWS, _UNKNOWN, dtype=np.int32),
        centre_pairs={},
        busy=np.diff(airspace.cell_start) > 0,
        rank=rank,
        codes=np.array([*airspace.codes, ""]),
    )


def states_at(lon: ArrayLike, lat: ArrayLike, airspace: Airspace) -> NDArray[np.str_]:
    """The ISO 3166-1 alpha-2 code of the airspace (land or 12 NM sea) holding each point.

    ``""`` where a point is in international airspace. Where packaged regions overlap (slivers
    between neighbours' polygons), land wins over sea, then the first region stored.

    >>> from overflight.geo import load_airspace
    >>> states_at([2.35, -30.0], [48.85, 40.0], load_airspace()).tolist()
    ['FR', '']
    """
    regions = locate_regions(lon, lat, airspace)
    return _labels(airspace).codes[regions]


def locate_regions(lon: ArrayLike, lat: ArrayLike, airspace: Airspace) -> NDArray[np.int64]:
    """The index of the region (a state's land or sea) holding each point, -1 for none."""
    x = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    y = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    labels = _labels(airspace)
    cells = cell_of(x, y)
    if labels.region[0] == _UNKNOWN:
        _label_centres(airspace, labels)
    found = labels.region[cells].astype(np.int64)
    exact = np.flatnonzero(labels.busy[cells])
    if len(exact):
        found[exact] = _regions_near_edges(x[exact], y[exact], cells[exact], airspace, labels)
    return found


def _centres(cells: NDArray[np.int64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    column = (cells % _COLUMNS).astype(np.float64)
    row = (cells // _COLUMNS).astype(np.float64)
    return -180.0 + (column + 0.5) * CELL_DEG, -90.0 + (row + 0.5) * CELL_DEG


def _label_centres(airspace: Airspace, labels: _CellLabels) -> None:
    """Every cell centre's regions, by scanline (see the module's description)."""
    cell, region = _centre_pairs(airspace)
    labels.region[:] = _NONE
    order = np.lexsort((labels.rank[region], cell))
    cell, region = cell[order], region[order]
    first = np.ones(len(cell), dtype=bool)
    first[1:] = cell[1:] != cell[:-1]
    labels.region[cell[first]] = region[first]
    for c in np.unique(cell[~first]).tolist():
        labels.centre_pairs[int(c)] = tuple(int(r) for r in region[cell == c])


def _centre_pairs(airspace: Airspace) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(cell, region) for every cell centre inside a region."""
    e = airspace.edges
    y_lo, y_hi = np.minimum(e[:, 1], e[:, 3]), np.maximum(e[:, 1], e[:, 3])
    # Rows whose centre latitude c satisfies y_lo <= c < y_hi (half open: vertices count once).
    row_lo = np.ceil((y_lo + 90.0) / CELL_DEG - 0.5).astype(np.int64)
    row_hi = np.ceil((y_hi + 90.0) / CELL_DEG - 0.5).astype(np.int64)
    counts = np.maximum(row_hi - row_lo, 0)
    edge = np.repeat(np.arange(len(e)), counts)
    row = np.repeat(row_lo, counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    centre_y = -90.0 + (row + 0.5) * CELL_DEG
    x0, y0, x1, y1 = e[edge, 0], e[edge, 1], e[edge, 2], e[edge, 3]
    x = x0 + (centre_y - y0) * (x1 - x0) / (y1 - y0)
    region = airspace.edge_region[edge].astype(np.int64)
    order = np.lexsort((x, region, row))
    row, region, x = row[order], region[order], x[order]
    group_start = np.ones(len(row), dtype=bool)
    group_start[1:] = (row[1:] != row[:-1]) | (region[1:] != region[:-1])
    group = np.cumsum(group_start) - 1
    rank_in_group = np.arange(len(row)) - np.flatnonzero(group_start)[group]
    starts_inside = _inside_at_cut(airspace, row[group_start], region[group_start])[group]
    inside_after = starts_inside ^ (rank_in_group % 2 == 0)
    last = np.ones(len(row), dtype=bool)
    last[:-1] = group_start[1:]
    next_x = np.where(last, 180.0, np.append(x[1:], 180.0))
    # Stretches inside: after each crossing that leaves us inside, to the next crossing (or
    # +180), and from -180 to the first crossing of a row that starts inside.
    a = np.concatenate([x[inside_after], np.full(int(starts_inside[group_start].sum()), -180.0)])
    b = np.concatenate([next_x[inside_after], x[group_start & starts_inside]])
    r = np.concatenate([row[inside_after], row[group_start & starts_inside]])
    g = np.concatenate([region[inside_after], region[group_start & starts_inside]])
    first_col = np.ceil((a + 180.0) / CELL_DEG - 0.5).astype(np.int64)
    end_col = np.minimum(np.ceil((b + 180.0) / CELL_DEG - 0.5).astype(np.int64), _COLUMNS)
    width = np.maximum(end_col - first_col, 0)
    k = np.arange(width.sum()) - np.repeat(np.cumsum(width) - width, width)
    cells = np.repeat(r * _COLUMNS + first_col, width) + k
    return cells, np.repeat(g, width)


def _inside_at_cut(
    airspace: Airspace, rows: NDArray[np.int64], regions: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Whether each (row, region) starts inside at -180° (asked of shapely where it may)."""
    inside = np.zeros(len(rows), dtype=bool)
    reaches = shapely.bounds(airspace.regions)[:, 0] <= -180.0 + 1e-9
    ask = np.flatnonzero(reaches[regions])
    if len(ask):
        centre_y = -90.0 + (rows[ask] + 0.5) * CELL_DEG
        inside[ask] = shapely.intersects_xy(
            airspace.regions[regions[ask]], np.full(len(ask), -180.0 + 1e-7), centre_y
        )
    return inside


def _regions_near_edges(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    cells: NDArray[np.int64],
    airspace: Airspace,
    labels: _CellLabels,
) -> NDArray[np.int64]:
    """Regions of points in cells with edges: the centre's, toggled by crossings on the way."""
    n = np.arange(len(x))
    first = airspace.cell_start[cells]
    counts = airspace.cell_start[cells + 1] - first
    pair_point = np.repeat(n, counts)
    offset = np.arange(len(pair_point)) - np.repeat(np.cumsum(counts) - counts, counts)
    pair_edge = airspace.cell_edges[np.repeat(first, counts) + offset]
    cx, cy = _centres(cells)
    px, py = cx[pair_point], cy[pair_point]
    dx, dy = x[pair_point] - px, y[pair_point] - py
    e = airspace.edges[pair_edge]
    ex, ey = e[:, 2] - e[:, 0], e[:, 3] - e[:, 1]
    qx, qy = e[:, 0] - px, e[:, 1] - py
    denom = dx * ey - dy * ex
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qx * ey - qy * ex) / denom
        u = (qx * dy - qy * dx) / denom
    hit = (denom != 0) & (t >= 0) & (t < 1) & (u >= 0) & (u < 1)
    crossed_point = pair_point[hit]
    crossed_region = airspace.edge_region[pair_edge[hit]].astype(np.int64)
    centre_point, centre_region = _centre_memberships(cells, labels)
    key = np.concatenate([crossed_point, centre_point]) * len(airspace.codes) + np.concatenate(
        [crossed_region, centre_region]
    )
    unique, times = np.unique(key, return_counts=True)
    member = unique[times % 2 == 1]
    point, region = member // len(airspace.codes), member % len(airspace.codes)
    found = np.full(len(x), _NONE, dtype=np.int64)
    order = np.lexsort((labels.rank[region], point))
    point, region = point[order], region[order]
    keep = np.ones(len(point), dtype=bool)
    keep[1:] = point[1:] != point[:-1]
    found[point[keep]] = region[keep]
    return found


def _centre_memberships(
    cells: NDArray[np.int64], labels: _CellLabels
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(point, region) for every region holding the centre of each point's cell."""
    region = labels.region[cells].astype(np.int64)
    point = np.flatnonzero(region >= 0)
    pairs_point, pairs_region = [point], [region[point]]
    if labels.centre_pairs:
        for i, cell in enumerate(cells.tolist()):
            more = labels.centre_pairs.get(cell)
            if more:
                extra = [r for r in more if r != region[i]]
                pairs_point.append(np.full(len(extra), i, dtype=np.int64))
                pairs_region.append(np.array(extra, dtype=np.int64))
    return np.concatenate(pairs_point), np.concatenate(pairs_region)
