"""Whose sovereign airspace holds each of many points, vectorised on the airspace's edge index.

The grid of ``CELL_DEG`` cells that files boundary edges (``airspace.py``) also answers points:
a cell with no edge lies wholly inside or outside every region, so its centre's answer is every
point's; in a cell with edges, a point's regions are the centre's regions, toggled by each
region boundary crossed on the straight segment from the centre to the point (that segment stays
in the cell, so every edge it can cross is filed there). The crossing test is the one route
transits use, so a point answers as the route through it does. Centres are looked up with
shapely the first time a cell is met, then kept.
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
    unknown = np.unique(cells[labels.region[cells] == _UNKNOWN])
    if len(unknown):
        _look_up_centres(unknown, airspace, labels)
    found = labels.region[cells].astype(np.int64)
    exact = np.flatnonzero(labels.busy[cells])
    if len(exact):
        found[exact] = _regions_near_edges(x[exact], y[exact], cells[exact], airspace, labels)
    return found


def _centres(cells: NDArray[np.int64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    column = (cells % _COLUMNS).astype(np.float64)
    row = (cells // _COLUMNS).astype(np.float64)
    return -180.0 + (column + 0.5) * CELL_DEG, -90.0 + (row + 0.5) * CELL_DEG


def _look_up_centres(cells: NDArray[np.int64], airspace: Airspace, labels: _CellLabels) -> None:
    """Which regions hold the centres of ``cells`` (shapely, prepared regions), kept for later."""
    cx, cy = _centres(cells)
    point, region = airspace.tree.query(shapely.points(cx, cy))
    inside = shapely.intersects_xy(airspace.regions[region], cx[point], cy[point])
    point, region = point[inside], region[inside]
    labels.region[cells] = _NONE
    order = np.lexsort((labels.rank[region], point))
    point, region = point[order], region[order]
    first = np.ones(len(point), dtype=bool)
    first[1:] = point[1:] != point[:-1]
    labels.region[cells[point[first]]] = region[first]
    for i in np.unique(point[~first]).tolist():
        labels.centre_pairs[int(cells[i])] = tuple(int(r) for r in region[point == i])


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
