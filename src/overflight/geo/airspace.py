"""Every state's sovereign airspace (land plus 12 NM territorial sea), indexed for transits.

The packaged file ``airspace.npz`` is built by ``scripts/build_airspace.py`` from Natural Earth;
``docs/airspace.md`` gives its rules. Each *region* is one state's land, or its territorial sea.
The edge index files every boundary edge of every region under the grid cells of ``CELL_DEG``
degrees it touches, so a route is tested only against the few edges near it. The script stores
the index in the file too (``encode_edge_index``: which ring points start no edge, and per cell
its edges, delta-coded, about 0.7 MB), so loading decodes it rather than rebuilding it; a file
without it (or built for another grid) is indexed at load, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from overflight.geo.kept import cache_folder, remove_other_versions

CELL_DEG = 0.25
_COLUMNS = round(360 / CELL_DEG)
_ROWS = round(180 / CELL_DEG)
_CELLS_PER_DEG = 1 / CELL_DEG
# A power of two, so ``x * _CELLS_PER_DEG`` is exact and its floor is ``x // CELL_DEG``, bit for
# bit, at a third of the cost (numpy's float floor division goes through ``fmod``).
assert math.frexp(CELL_DEG)[0] == 0.5
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, eq=False)
class Airspace:
    """Sovereign airspace regions and their boundary-edge index. Build it with ``load_airspace``.

    Edges are oriented with the region's interior on their left (exteriors counter-clockwise).
    """

    codes: tuple[str, ...]  # region -> ISO 3166-1 alpha-2 code
    is_sea: NDArray[np.bool_]  # region -> territorial sea (True) or land (False)
    regions: NDArray[np.object_]  # region -> shapely MultiPolygon, lon/lat degrees
    tree: shapely.STRtree  # over ``regions``
    edges: NDArray[np.float64]  # (n, 4): x0, y0, x1, y1
    edge_region: NDArray[np.int32]
    cell_start: NDArray[np.int64]  # CSR over grid cells, row-major from (-180, -90)
    cell_edges: NDArray[np.int32]
    source: str

    @property
    def states(self) -> tuple[str, ...]:
        """The codes of every state with airspace, sorted."""
        return tuple(sorted(set(self.codes)))

    def regions_at(self, lon: float, lat: float) -> tuple[int, ...]:
        """Regions containing a point (boundary points count as inside)."""
        return _regions_at(self, lon, lat)

    def state_at(self, lon: float, lat: float) -> str:
        """The state whose airspace holds a point, or "" over international airspace."""
        found = self.regions_at(lon, lat)
        return self.codes[found[0]] if found else ""

    def geometry(self, state: str) -> shapely.Geometry:
        """A state's whole airspace (land and sea) as one geometry."""
        parts = [g for g, code in zip(self.regions, self.codes, strict=True) if code == state]
        return shapely.union_all(parts)


@lru_cache(maxsize=65_536)
def _regions_at(airspace: Airspace, lon: float, lat: float) -> tuple[int, ...]:
    """Cached, since routes start and end at the same few thousand aerodromes.

    ``intersects_xy`` prepares each candidate region on first use (an index of its edges), so
    later look-ups in that region are logarithmic rather than a scan of its boundary.
    """
    candidates = airspace.tree.query(shapely.Point(lon, lat))
    inside = shapely.intersects_xy(airspace.regions[candidates], lon, lat)
    return tuple(int(i) for i in candidates[inside])


def cell_of(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.int64]:
    """Grid cell numbers of points (longitude 180 folds into the last column)."""
    return cell_rows(lat) * _COLUMNS + cell_columns(lon)


def cell_columns(lon: NDArray[np.float64]) -> NDArray[np.int64]:
    """Grid column numbers of longitudes (180 folds into the last column)."""
    return np.clip(np.floor((lon + 180) * _CELLS_PER_DEG).astype(np.int64), 0, _COLUMNS - 1)


def cell_rows(lat: NDArray[np.float64]) -> NDArray[np.int64]:
    """Grid row numbers of latitudes (90 folds into the last row)."""
    return np.clip(np.floor((lat + 90) * _CELLS_PER_DEG).astype(np.int64), 0, _ROWS - 1)


@cache
def packaged_airspace_digest() -> str:
    """A digest of the packaged airspace file's bytes: its version, for caches built from it."""
    data = resources.files("overflight.geo").joinpath("airspace.npz").read_bytes()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def load_airspace(path: Path | None = None) -> Airspace:
    """Load the packaged airspace (or a file built by ``scripts/build_airspace.py``), once.

    The packaged airspace is read from its kept arrays when there are some (``kept_airspace``),
    and they are kept for later runs when there are none, and other versions' removed.
    """
    if path is None:
        kept = _kept_airspace_folder()
        found = read_kept_airspace(kept)
        if found is not None:
            return found
    source = path or resources.files("overflight.geo").joinpath("airspace.npz")
    with source.open("rb") as handle, np.load(handle) as npz:
        arrays = {name: npz[name] for name in npz.files}
    airspace = airspace_from_arrays(arrays, rebuild_index=False)
    if path is None:
        keep_airspace(airspace, arrays, kept)
        remove_other_versions(kept)  # kept from other packaged files or layouts: dead
    return airspace


_KEPT_FORMAT = 1  # raised when the kept files' layout changes
_KEPT_ARRAYS = ("coords", "ring_offsets", "polygon_offsets", "region_offsets", "is_sea")
_KEPT_INDEX = ("edges", "edge_region", "cell_start", "cell_edges")


def _kept_airspace_folder() -> Path:
    key = f"{packaged_airspace_digest()}-{CELL_DEG}-{_KEPT_FORMAT}"
    return cache_folder() / "airspace" / key


def read_kept_airspace(folder: Path) -> Airspace | None:
    """The airspace kept in ``folder`` (its arrays memory-mapped), or ``None`` if not whole."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf8"))
        arrays = {
            # a plain ndarray over the mapping: ``np.memmap``'s own indexing is slower
            name: np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray)
            for name in (*_KEPT_ARRAYS, *_KEPT_INDEX)
        }
        coords = arrays["coords"]
        geoms = shapely.from_ragged_array(
            shapely.GeometryType.MULTIPOLYGON,
            coords,
            (arrays["ring_offsets"], arrays["polygon_offsets"], arrays["region_offsets"]),
        )
        return Airspace(
            codes=tuple(meta["codes"]),
            is_sea=arrays["is_sea"],
            regions=geoms,
            tree=shapely.STRtree(geoms),
            **{name: arrays[name] for name in _KEPT_INDEX},
            source=meta["source"],
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        _log.debug("no kept airspace in %s: %s", folder, err)
        return None


def keep_airspace(airspace: Airspace, arrays: Mapping[str, NDArray[Any]], folder: Path) -> None:
    """Keep ``airspace``, loaded from the file ``arrays``, in ``folder`` as plain ``.npy`` files.

    Written to a new folder beside it and renamed into place, so a reader never sees half of
    them; a folder that cannot be written is not an error (the next run builds again).
    """
    kept = {
        "coords": _coords(arrays),
        **{name: arrays[name] for name in _KEPT_ARRAYS[1:4]},
        "is_sea": airspace.is_sea,
        **{name: getattr(airspace, name) for name in _KEPT_INDEX},
    }
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder.parent) as temporary:
            work = Path(temporary) / "kept"
            work.mkdir()
            for name, array in kept.items():
                np.save(work / f"{name}.npy", np.ascontiguousarray(array))
            meta = {"codes": list(airspace.codes), "source": airspace.source}
            (work / "meta.json").write_text(json.dumps(meta), encoding="utf8")
            with contextlib.suppress(FileExistsError):  # another run kept it first
                work.rename(folder)
    except OSError as err:
        _log.debug("airspace not kept in %s: %s", folder, err)


def airspace_from_arrays(
    arrays: Mapping[str, NDArray[Any]], *, rebuild_index: bool = False
) -> Airspace:
    """An ``Airspace`` from the arrays of an airspace file.

    Args:
        arrays: the file's arrays by name (``scripts/build_airspace.py`` writes them).
        rebuild_index: index the edges afresh even if the file carries a stored index (the
            tests compare the two).
    """
    coords = _coords(arrays)
    rings, polygons, regions = (
        arrays["ring_offsets"],
        arrays["polygon_offsets"],
        arrays["region_offsets"],
    )
    geoms = shapely.from_ragged_array(
        shapely.GeometryType.MULTIPOLYGON, coords, (rings, polygons, regions)
    )
    stored = not rebuild_index and _has_stored_index(arrays)
    skips = arrays["edge_skips"] if stored else _edge_skips(coords, rings)
    edges, edge_region = _edges(coords, rings, polygons, regions, skips)
    if stored:
        cell_start, cell_edges = _decode_cells(arrays)
    else:
        cell_start, cell_edges = _index_edges(edges)
    return Airspace(
        codes=tuple(str(c) for c in arrays["codes"]),
        is_sea=arrays["kinds"] == "sea",
        regions=geoms,
        tree=shapely.STRtree(geoms),
        edges=edges,
        edge_region=edge_region,
        cell_start=cell_start,
        cell_edges=cell_edges,
        source=str(arrays["source"]),
    )


def _coords(arrays: Mapping[str, NDArray[Any]]) -> NDArray[np.float64]:
    """The ring points, lon/lat degrees, from the file's microdegree steps."""
    return np.cumsum(arrays["coord_deltas_microdeg"], axis=0, dtype=np.int64) / 1e6


def encode_edge_index(arrays: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    """The stored form of an airspace file's edge index, to save beside its regions.

    ``edge_skips``: the ring points that start no edge (a ring's last point, the ±180° cut,
    repeated points); ``cell_edge_counts``: how many edges each grid cell files;
    ``cell_edge_deltas``: the cells' edge numbers, row-major, each as the step from the one
    before (runs along a ring make small steps, which compress well); ``index_cell_deg``: the
    grid they were built for.
    """
    built = airspace_from_arrays(arrays, rebuild_index=True)
    coords = _coords(arrays)
    counts = np.diff(built.cell_start)
    if counts.max() > np.iinfo(np.uint16).max:
        raise ValueError(f"a grid cell files {counts.max()} edges, more than a uint16 holds")
    return {
        "edge_skips": _edge_skips(coords, arrays["ring_offsets"]),
        "cell_edge_counts": counts.astype(np.uint16),
        "cell_edge_deltas": np.diff(built.cell_edges, prepend=0).astype(np.int32),
        "index_cell_deg": np.array(CELL_DEG),
    }


def _has_stored_index(arrays: Mapping[str, NDArray[Any]]) -> bool:
    return "cell_edge_counts" in arrays and float(arrays["index_cell_deg"]) == CELL_DEG


def _decode_cells(
    arrays: Mapping[str, NDArray[Any]],
) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    cell_start = np.zeros(_COLUMNS * _ROWS + 1, dtype=np.int64)
    np.cumsum(arrays["cell_edge_counts"], out=cell_start[1:])
    cell_edges = np.cumsum(arrays["cell_edge_deltas"], dtype=np.int32)
    return cell_start, cell_edges


def _edge_skips(coords: NDArray[np.float64], rings: NDArray[np.int32]) -> NDArray[np.int32]:
    """Points that start no edge: a ring's last, and those along the ±180° cut or repeated."""
    keep = np.ones(len(coords) - 1, dtype=bool)
    keep[rings[1:-1] - 1] = False  # a ring's last point starts no edge
    a, b = coords[:-1], coords[1:]
    keep &= ~((np.abs(a[:, 0]) == 180) & (np.abs(b[:, 0]) == 180))
    keep &= np.any(a != b, axis=1)
    return np.flatnonzero(~keep).astype(np.int32)


def _edges(
    coords: NDArray[np.float64],
    rings: NDArray[np.int32],
    polygons: NDArray[np.int32],
    regions: NDArray[np.int32],
    skips: NDArray[np.int32],
) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """Every ring edge with its region, leaving out edges along the ±180° cut (no boundary)."""
    ring_of_polygon = np.repeat(np.arange(len(polygons) - 1), np.diff(polygons))
    region_of_polygon = np.repeat(np.arange(len(regions) - 1), np.diff(regions))
    region_of_ring = region_of_polygon[ring_of_polygon].astype(np.int32)
    keep = np.ones(len(coords) - 1, dtype=bool)
    keep[skips] = False
    starts = np.flatnonzero(keep)
    # row i of ``pairs`` is points i and i + 1 (a view, nothing copied): one gather makes the
    # edge table, several times faster than filling its two halves from ``coords`` apart
    pairs = np.lib.stride_tricks.sliding_window_view(np.ascontiguousarray(coords).ravel(), 4)[::2]
    edges = pairs[starts]
    ring_of_start = np.repeat(np.arange(len(rings) - 1, dtype=np.int32), np.diff(rings))
    return edges, region_of_ring[ring_of_start[starts]]


def _index_edges(edges: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    """File each edge under every cell of its bounding box (a CSR table)."""
    x_lo = np.minimum(edges[:, 0], edges[:, 2])
    x_hi = np.maximum(edges[:, 0], edges[:, 2])
    y_lo = np.minimum(edges[:, 1], edges[:, 3])
    y_hi = np.maximum(edges[:, 1], edges[:, 3])
    lo, hi = cell_of(x_lo, y_lo), cell_of(x_hi, y_hi)
    col0, row0 = lo % _COLUMNS, lo // _COLUMNS
    width, height = hi % _COLUMNS - col0 + 1, hi // _COLUMNS - row0 + 1
    counts = width * height
    edge = np.repeat(np.arange(len(edges), dtype=np.int32), counts)
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    w = np.repeat(width, counts)
    cells = (np.repeat(row0, counts) + k // w) * _COLUMNS + np.repeat(col0, counts) + k % w
    order = np.argsort(cells, kind="stable")
    cell_start = np.searchsorted(cells[order], np.arange(_COLUMNS * _ROWS + 1))
    return cell_start.astype(np.int64), edge[order]
