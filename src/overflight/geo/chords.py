"""Routes as straight chords in longitude/latitude, and where those chords cross region edges.

Routes are sampled along their geodesics (``SAMPLE_M`` apart) into chords. Only chords near a
boundary can cross one, so before any further work each chord's box is tested against a
summed-area table of the grid cells that file edges: on long-haul routes about one chord in six
survives. Survivors are split at ±180° and cut so each spans at most one cell per axis; each is
intersected exactly with the edges filed under its (up to four) cells, in blocks of eight whose
boxes are tested first. A chord left out files no crossing and a block left out holds no edge
the chord crosses, so the crossings found are those of the plain test, bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from overflight.geo.airspace import CELL_DEG, Airspace, cell_columns, cell_rows
from overflight.geo.sampling import GEOD, SAMPLE_M, sample_route, sample_routes
from overflight.model import Route

__all__ = ["GEOD", "SAMPLE_M", "Chords", "Crossings", "find_crossings", "route_chords",
           "sample_route"]  # fmt: skip

_POLAR_LAT = 85.0  # no sovereign airspace lies poleward of 84° (Antarctica is international)
_COLUMNS = round(360 / CELL_DEG)
_ROWS = round(180 / CELL_DEG)
_Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Chords:
    """Straight pieces of routes in lon/lat, each inside one 2x2 block of grid cells."""

    route: NDArray[np.int64]  # which route of the batch
    x0: _Array
    y0: _Array
    x1: _Array
    y1: _Array
    start_m: _Array  # distance along its route where the chord starts
    length_m: _Array
    restart: NDArray[np.bool_]  # the chord starts on the antimeridian, coming from across it

    def take(self, index: NDArray[np.int64] | NDArray[np.bool_]) -> Chords:
        """The chords at ``index`` (positions or a mask), in that order."""
        return Chords(*(getattr(self, name)[index] for name in Chords.__slots__))


@dataclass(frozen=True, slots=True)
class Crossings:
    """Where chords cross region boundaries, ordered by route, then along it (exits first)."""

    route: NDArray[np.int64]
    at_m: _Array  # distance along the route
    region: NDArray[np.int32]
    entering: NDArray[np.bool_]
    x: _Array  # the crossing point
    y: _Array


def route_chords(routes: Sequence[Route], airspace: Airspace) -> Chords:
    """The chords of ``routes`` that may cross a boundary, split at ±180°, cut to cells.

    A chord is kept if its box, widened by ``_ROUNDING_DEG``, meets a cell that files an edge
    (a summed-area table answers for any box at once), or if it crosses ±180°; the pieces
    it is cut into lie in that box, so no piece that could cross an edge is lost.
    """
    points = sample_routes(routes)
    lon, lat, along = points.lon, points.lat, points.along
    x0, y0, x1, y1 = lon[:-1], lat[:-1], lon[1:], lat[1:]
    keep = points.joined & _near_edges(x0, y0, x1, y1, airspace)
    wide = np.flatnonzero(keep | (points.joined & (np.abs(x1 - x0) >= 180)))
    keep[wide] |= _wraps(x0[wide], x1[wide])
    chords = Chords(
        points.route[:-1][keep],
        x0[keep],
        y0[keep],
        x1[keep],
        y1[keep],
        along[:-1][keep],
        (along[1:] - along[:-1])[keep],
        np.zeros(int(keep.sum()), dtype=bool),
    )
    return _cut_to_cells(_split_at_antimeridian(chords))


_ROUNDING_DEG = 1e-9  # far beyond the rounding of a chord's pieces (~1e-14°)


def _wraps(x0: _Array, x1: _Array) -> NDArray[np.bool_]:
    """Chords that cross ±180° (the short way round)."""
    dx = (x1 - x0 + 180) % 360 - 180
    return np.asarray(np.abs(x0 + dx) > 180)


def _near_edges(
    x0: _Array, y0: _Array, x1: _Array, y1: _Array, airspace: Airspace
) -> NDArray[np.bool_]:
    """Chords whose box, widened by ``_ROUNDING_DEG``, meets a cell that files an edge."""
    table = _busy_table(airspace).ravel()  # read flat: rows are _COLUMNS + 1 long
    c0 = cell_columns(np.minimum(x0, x1) - _ROUNDING_DEG)
    c1 = cell_columns(np.maximum(x0, x1) + _ROUNDING_DEG) + 1
    r0 = cell_rows(np.minimum(y0, y1) - _ROUNDING_DEG) * (_COLUMNS + 1)
    r1 = (cell_rows(np.maximum(y0, y1) + _ROUNDING_DEG) + 1) * (_COLUMNS + 1)
    return np.asarray(table[r1 + c1] - table[r0 + c1] - table[r1 + c0] + table[r0 + c0] > 0)


@cache
def _busy_table(airspace: Airspace) -> NDArray[np.int32]:
    """Summed-area table of the cells that file edges."""
    busy = (np.diff(airspace.cell_start) > 0).reshape(_ROWS, _COLUMNS)
    table = np.zeros((_ROWS + 1, _COLUMNS + 1), dtype=np.int32)
    table[1:, 1:] = busy.cumsum(axis=0, dtype=np.int32).cumsum(axis=1, dtype=np.int32)
    return table


def _split_at_antimeridian(c: Chords) -> Chords:
    """Cut chords that cross ±180° in two; the second half is marked ``restart``."""
    dx = (c.x1 - c.x0 + 180) % 360 - 180
    wraps = np.abs(c.x0 + dx) > 180
    if not wraps.any():
        return c
    w = np.flatnonzero(wraps)
    edge = np.where(c.x0[w] + dx[w] > 180, 180.0, -180.0)
    f = (edge - c.x0[w]) / dx[w]
    ym = c.y0[w] + f * (c.y1[w] - c.y0[w])
    x1, y1, length = c.x1.copy(), c.y1.copy(), c.length_m.copy()
    x1[w], y1[w], length[w] = edge, ym, f * c.length_m[w]
    head = Chords(c.route, c.x0, c.y0, x1, y1, c.start_m, length, c.restart)
    tail = Chords(
        c.route[w], -edge, ym, c.x1[w], c.y1[w],
        c.start_m[w] + f * c.length_m[w], (1 - f) * c.length_m[w], np.ones(len(w), dtype=bool),
    )  # fmt: skip
    both = Chords(*(np.concatenate([getattr(head, n), getattr(tail, n)]) for n in Chords.__slots__))
    return both.take(np.lexsort((both.start_m, both.route)))


def _cut_to_cells(c: Chords) -> Chords:
    """Cut chords into equal parts spanning at most one grid cell in each axis."""
    if len(c.x0) == 0:
        return c
    steps = np.ceil(np.maximum(np.abs(c.x1 - c.x0), np.abs(c.y1 - c.y0)) / CELL_DEG)
    steps[(np.abs(c.y0) > _POLAR_LAT) & (np.abs(c.y1) > _POLAR_LAT)] = 1
    steps = np.maximum(steps, 1).astype(np.int64)
    if steps.max() == 1:
        return c
    i = np.repeat(np.arange(len(c.x0)), steps)
    k = np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)
    f0, f1 = k / steps[i], (k + 1) / steps[i]
    dx, dy = c.x1[i] - c.x0[i], c.y1[i] - c.y0[i]
    return Chords(
        c.route[i],
        c.x0[i] + f0 * dx,
        c.y0[i] + f0 * dy,
        c.x0[i] + f1 * dx,
        c.y0[i] + f1 * dy,
        c.start_m[i] + f0 * c.length_m[i],
        c.length_m[i] / steps[i],
        c.restart[i] & (k == 0),
    )


@dataclass(frozen=True, slots=True)
class _FiledEdges:
    """The edges in the index's filing order (``cell_edges``), each column contiguous.

    A chord's candidate edges are runs of consecutive filings, so reading them from these
    columns goes through memory in order rather than jumping about the edge table.
    """

    x0: _Array
    y0: _Array
    x1: _Array
    y1: _Array
    dx: _Array  # x1 - x0, as the crossing test computes it
    dy: _Array


@cache
def _filed_edges(airspace: Airspace) -> _FiledEdges:
    x0, y0, x1, y1 = (airspace.edges[:, k][airspace.cell_edges] for k in range(4))
    return _FiledEdges(x0, y0, x1, y1, x1 - x0, y1 - y0)


_BLOCK = 8  # filings per block
_BLOCK_MARGIN_DEG = 1e-7  # ~1 cm: far beyond rounding, so no crossing the test finds is lost
_BLOCKS_FROM = 1_000  # chords in a pass from which blocks pay for their one-time set-up


@dataclass(frozen=True, slots=True)
class _EdgeBlocks:
    """Each cell's filings in blocks of up to ``_BLOCK``, with the bounding box of each block.

    A chord is tested against a block's box first and against its edges only if the boxes
    meet (within ``_BLOCK_MARGIN_DEG``): about a third of the edge tests remain.
    """

    cell_start: NDArray[np.int64]  # CSR over cells, as ``Airspace.cell_start``
    first: NDArray[np.int64]  # the block's first filing
    size: NDArray[np.int64]
    x_lo: _Array
    x_hi: _Array
    y_lo: _Array
    y_hi: _Array


@cache
def _edge_blocks(airspace: Airspace) -> _EdgeBlocks:
    per_cell = np.diff(airspace.cell_start)
    blocks = (per_cell + _BLOCK - 1) // _BLOCK
    cell_start = np.zeros(len(blocks) + 1, dtype=np.int64)
    np.cumsum(blocks, out=cell_start[1:])
    owner = np.repeat(np.arange(len(blocks)), blocks)
    first = airspace.cell_start[owner] + (np.arange(len(owner)) - cell_start[owner]) * _BLOCK
    size = np.minimum(first + _BLOCK, airspace.cell_start[owner + 1]) - first
    filed = _filed_edges(airspace)
    x_lo, x_hi = np.minimum(filed.x0, filed.x1), np.maximum(filed.x0, filed.x1)
    y_lo, y_hi = np.minimum(filed.y0, filed.y1), np.maximum(filed.y0, filed.y1)
    return _EdgeBlocks(
        cell_start,
        first,
        size,
        np.minimum.reduceat(x_lo, first) - _BLOCK_MARGIN_DEG,
        np.maximum.reduceat(x_hi, first) + _BLOCK_MARGIN_DEG,
        np.minimum.reduceat(y_lo, first) - _BLOCK_MARGIN_DEG,
        np.maximum.reduceat(y_hi, first) + _BLOCK_MARGIN_DEG,
    )


def _expand(starts: NDArray[np.int64], counts: NDArray[np.int64]) -> NDArray[np.int64]:
    """``starts[i], starts[i] + 1, ..., starts[i] + counts[i] - 1`` for every ``i``, in order."""
    shift = starts - (np.cumsum(counts) - counts)  # one repeat rather than two
    return np.asarray(np.repeat(shift, counts) + np.arange(counts.sum()), dtype=np.int64)


def _candidates(
    chords: Chords, chord: NDArray[np.int64], cells: NDArray[np.int64], airspace: Airspace
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The (chord, filing) pairs to test for each (chord, cell).

    Every edge filed under the cell; in big passes only those of the cell's blocks whose box
    meets the chord's.
    """
    if len(chords.x0) < _BLOCKS_FROM:
        first = airspace.cell_start[cells]
        counts = airspace.cell_start[cells + 1] - first
        return np.repeat(chord, counts), _expand(first, counts)
    blocks = _edge_blocks(airspace)
    first = blocks.cell_start[cells]
    counts = blocks.cell_start[cells + 1] - first
    pair_chord, block = np.repeat(chord, counts), _expand(first, counts)
    x0, x1, y0, y1 = chords.x0, chords.x1, chords.y0, chords.y1
    meets = (
        (blocks.x_lo[block] <= np.maximum(x0, x1)[pair_chord])
        & (blocks.x_hi[block] >= np.minimum(x0, x1)[pair_chord])
        & (blocks.y_lo[block] <= np.maximum(y0, y1)[pair_chord])
        & (blocks.y_hi[block] >= np.minimum(y0, y1)[pair_chord])
    )
    pair_chord, block = pair_chord[meets], block[meets]
    size = blocks.size[block]
    return np.repeat(pair_chord, size), _expand(blocks.first[block], size)


def find_crossings(chords: Chords, airspace: Airspace) -> Crossings:
    """Where chords cross region boundaries, ordered by route, then along it (exits first)."""
    a_row, a_column = cell_rows(chords.y0) * _COLUMNS, cell_columns(chords.x0)
    b_row, b_column = cell_rows(chords.y1) * _COLUMNS, cell_columns(chords.x1)
    a, b = a_row + a_column, b_row + b_column
    diagonal = (a_column != b_column) & (a_row != b_row)
    corner1 = a_row + b_column
    corner2 = b_row + a_column
    n = np.arange(len(a))
    chord = np.concatenate([n, n[b != a], n[diagonal], n[diagonal]])
    cells = np.concatenate([a, b[b != a], corner1[diagonal], corner2[diagonal]])
    busy = airspace.cell_start[cells + 1] > airspace.cell_start[cells]
    pair_chord, filing = _candidates(chords, chord[busy], cells[busy], airspace)
    chord_dx, chord_dy = chords.x1 - chords.x0, chords.y1 - chords.y0
    px, py = chords.x0[pair_chord], chords.y0[pair_chord]
    dx, dy = chord_dx[pair_chord], chord_dy[pair_chord]
    if len(chords.x0) < _BLOCKS_FROM:  # a few routes: read their edges, build no filed table
        e = airspace.edges[airspace.cell_edges[filing]]
        ex, ey = e[:, 2] - e[:, 0], e[:, 3] - e[:, 1]
        qx, qy = e[:, 0] - px, e[:, 1] - py
    else:
        filed = _filed_edges(airspace)
        ex, ey = filed.dx[filing], filed.dy[filing]
        qx, qy = filed.x0[filing] - px, filed.y0[filing] - py
    denom = dx * ey - dy * ex
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qx * ey - qy * ex) / denom
        u = (qx * dy - qy * dx) / denom
    hit = np.flatnonzero((denom != 0) & (t >= 0) & (t < 1) & (u >= 0) & (u < 1))
    # An edge filed under two of a chord's cells is found twice: keep one.
    edge = airspace.cell_edges[filing[hit]]
    key = pair_chord[hit].astype(np.int64) << 32 | edge
    once = np.unique(key, return_index=True)[1]
    hit, edge = hit[once], edge[once]
    c, t = pair_chord[hit], t[hit]
    route = chords.route[c]
    at_m = chords.start_m[c] + t * chords.length_m[c]
    entering = denom[hit] < 0  # the chord passes from the edge's right (outside) to its left
    order = np.lexsort((entering, np.round(at_m, 3), route))
    c, t = c[order], t[order]
    return Crossings(
        route[order],
        at_m[order],
        airspace.edge_region[edge[order]],
        entering[order],
        chords.x0[c] + t * (chords.x1[c] - chords.x0[c]),
        chords.y0[c] + t * (chords.y1[c] - chords.y0[c]),
    )
