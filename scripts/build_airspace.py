"""Build overflight's packaged sovereign-airspace file from Natural Earth.

Source: Natural Earth 1:10m admin-0 countries (public domain), as the TopoJSON that the npm
package ``world-atlas@2.0.2`` ships (``countries-10m.json``, quantised to about 400 m x 190 m).
Run ``python scripts/build_airspace.py`` (it fetches the package with ``npm pack``) or give the
file: ``python scripts/build_airspace.py --topology countries-10m.json``. It writes
``src/overflight/geo/airspace.npz``, regions and their edge index (``overflight.geo.airspace.
encode_edge_index``, so loading need not rebuild it); ``--index-only`` re-indexes the file as it
is, without Natural Earth (after a change to the grid or the index's code).
``docs/airspace.md`` states the rules it applies:

* Land: each feature's polygons, repaired; features without an ISO code get the state that ICAO
  holds responsible (``UNNAMED``); Antarctica and unowned reefs are left out (international).
* Territorial sea: every coast (arcs used by one state only, not the antimeridian cut) is
  buffered geodesically by 12 NM = 22,224 m, in azimuthal equidistant projections centred on
  2-degree tiles; other states' land is removed.
* Where two states' seas overlap, the overlap is divided by equidistance: each point goes to the
  state whose land is nearer (Voronoi cells of the two coastlines, densified to 500 m).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pycountry
import shapely
from pyproj import Transformer
from rich.progress import track
from shapely import MultiPolygon, Polygon

from overflight.geo.airspace import encode_edge_index

WORLD_ATLAS = "world-atlas@2.0.2"
TERRITORIAL_SEA_M = 22_224.0
TILE_DEG = 2.0
CHUNK_POINTS = 32
COAST_SPACING_M = 500.0
SIMPLIFY_M = 30.0
OUT = Path(__file__).resolve().parents[1] / "src" / "overflight" / "geo" / "airspace.npz"

UNNAMED = {
    "Akrotiri": "GB",  # UK Sovereign Base Area
    "Dhekelia": "GB",  # UK Sovereign Base Area
    "Baikonur": "KZ",  # leased to Russia; sovereignty Kazakh
    "Bajo Nuevo Bank": "CO",  # administered by Colombia
    "Serranilla Bank": "CO",  # administered by Colombia
    "Clipperton I.": "FR",
    "Coral Sea Is.": "AU",
    "Indian Ocean Ter.": "AU",  # Christmas and Cocos (Keeling) Islands
    "Cyprus U.N. Buffer Zone": "CY",
    "N. Cyprus": "CY",  # ICAO: Nicosia FIR
    "Kosovo": "XK",  # user-assigned code, as the EU and IMF use it
    "Siachen Glacier": "IN",  # Natural Earth's de facto view
    "Somaliland": "SO",  # ICAO: Mogadishu FIR
    "USNB Guantanamo Bay": "CU",  # leased; sovereignty Cuban under the 1903 lease
}
UNOWNED = {"Antarctica", "Spratly Is.", "Scarborough Reef"}


def fetch_topology(work: Path) -> Path:
    """Download world-atlas from the npm registry and return its 10m countries file."""
    subprocess.run(["npm", "pack", WORLD_ATLAS, "--silent"], cwd=work, check=True)
    with tarfile.open(next(work.glob("world-atlas-*.tgz"))) as tar:
        tar.extract("package/countries-10m.json", work, filter="data")
    return work / "package" / "countries-10m.json"


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """The topology's arcs as lon/lat arrays (delta- and quantisation-decoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        q = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
        arcs.append(np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty]))
    return arcs


def ring_coords(arc_ids: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Join a ring's arcs (negative ids run backwards), dropping each shared joint."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in arc_ids]
    return np.concatenate([parts[0], *(p[1:] for p in parts[1:])])


def feature_code(feature: dict) -> str | None:
    """ISO 3166-1 alpha-2 code of a feature, or None for land that no state owns."""
    name = feature["properties"]["name"]
    if name in UNOWNED:
        return None
    if "id" not in feature:
        return UNNAMED[name]
    return pycountry.countries.get(numeric=feature["id"]).alpha_2


def feature_polygons(feature: dict, arcs: list[np.ndarray]) -> list[shapely.Geometry]:
    """A feature's polygons, cut at ±180° where a ring jumps across it.

    world-atlas is made for spherical rendering: a ring that crosses the antimeridian (Russia's
    Chukotka, Fiji, the Aleutians) jumps from +180 to -180 there. Such rings are unwrapped into
    continuous longitudes and then folded back into [-180, 180] in pieces. Rings collapsed by
    quantisation (under 4 points) are dropped.
    """
    polys = feature["arcs"] if feature["type"] == "MultiPolygon" else [feature["arcs"]]
    out: list[shapely.Geometry] = []
    for rings in polys:
        coords = [_unwrap(ring_coords(r, arcs)) for r in rings]
        shell, holes = coords[0], [h for h in coords[1:] if len(h) >= 4]
        if len(shell) < 4:
            continue
        centre = (shell[:, 0].min() + shell[:, 0].max()) / 2
        holes = [
            h + np.array([360 * np.round((centre - h[:, 0].mean()) / 360), 0.0]) for h in holes
        ]
        out.append(fold_antimeridian(shapely.make_valid(Polygon(shell, holes))))
    return out


def _unwrap(ring: np.ndarray) -> np.ndarray:
    """Longitudes made continuous along the ring (steps of more than 180° are jumps)."""
    return np.column_stack([np.unwrap(ring[:, 0], period=360), ring[:, 1]])


def read_land(topology: dict) -> tuple[dict[str, shapely.Geometry], dict[str, list[np.ndarray]]]:
    """Land per state, and each state's coast lines (arcs no other state shares)."""
    arcs = decode_arcs(topology)
    features = topology["objects"]["countries"]["geometries"]
    polygons: dict[str, list[shapely.Geometry]] = defaultdict(list)
    users: dict[int, set[str]] = defaultdict(set)
    uses: dict[int, int] = defaultdict(int)
    for feature in features:
        code = feature_code(feature)
        if code is None:
            continue
        polygons[code].extend(feature_polygons(feature, arcs))
        for arc in _arc_ids(feature):
            users[arc].add(code)
            uses[arc] += 1
    # Union, not MultiPolygon(...): features of one state may nest (Baikonur fills a hole).
    land = {
        code: shapely.union_all(shapely.make_valid(np.array(polys))).buffer(0)
        for code, polys in polygons.items()
    }
    coasts: dict[str, list[np.ndarray]] = defaultdict(list)
    for arc, codes in users.items():
        if len(codes) == 1 and uses[arc] == 1:
            coasts[next(iter(codes))].extend(_drop_antimeridian(arcs[arc]))
    return land, coasts


def _arc_ids(feature: dict) -> Iterator[int]:
    polys = feature["arcs"] if feature["type"] == "MultiPolygon" else [feature["arcs"]]
    for rings in polys:
        for ring in rings:
            for i in ring:
                yield i if i >= 0 else ~i


def _drop_antimeridian(line: np.ndarray) -> list[np.ndarray]:
    """Split a line where it runs along the ±180° cut, which is no coast."""
    on_cut = (np.abs(line[:-1, 0]) == 180) & (np.abs(line[1:, 0]) == 180)
    pieces, start = [], 0
    for i in np.flatnonzero(on_cut):
        if i + 1 - start >= 2:
            pieces.append(line[start : i + 1])
        start = i + 1
    if len(line) - start >= 2:
        pieces.append(line[start:])
    return pieces


def aeqd(lat: float, lon: float) -> tuple[Transformer, Transformer]:
    """Forward and inverse transformers of an azimuthal equidistant projection."""
    proj = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    return (
        Transformer.from_crs("EPSG:4326", proj, always_xy=True),
        Transformer.from_crs(proj, "EPSG:4326", always_xy=True),
    )


def to_lonlat(geom: shapely.Geometry, inverse: Transformer, lon0: float) -> shapely.Geometry:
    """Unproject, keeping longitudes continuous around lon0, then fold into [-180, 180]."""

    def unproject(xy: np.ndarray) -> np.ndarray:
        lon, lat = inverse.transform(xy[:, 0], xy[:, 1])
        lon = lon0 + (np.asarray(lon) - lon0 + 180) % 360 - 180
        return np.column_stack([lon, lat])

    return fold_antimeridian(shapely.transform(geom, unproject))


def fold_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    """Cut a lon/lat geometry that runs past ±180° and shift the pieces back into range."""
    west, _, east, _ = geom.bounds
    if west >= -180 and east <= 180:
        return geom
    pieces = []
    for shift in (-360, 0, 360):
        window = shapely.box(-180 - shift, -90, 180 - shift, 90)
        piece = shapely.intersection(geom, window)
        if not piece.is_empty:
            pieces.append(shapely.transform(piece, lambda xy, s=shift: xy + np.array([s, 0.0])))
    return shapely.union_all(pieces)


def buffer_coasts(lines: list[np.ndarray]) -> shapely.Geometry:
    """The geodesic 12 NM buffer of coast lines, tile by tile."""
    tiles: dict[tuple[int, int], list[np.ndarray]] = defaultdict(list)
    for line in lines:
        for start in range(0, len(line) - 1, CHUNK_POINTS):
            chunk = line[start : start + CHUNK_POINTS + 1]
            mid = chunk[len(chunk) // 2]
            tiles[(int(mid[0] // TILE_DEG), int(mid[1] // TILE_DEG))].append(chunk)
    zones = []
    for (tx, ty), tile_lines in tiles.items():
        lon0, lat0 = (tx + 0.5) * TILE_DEG, min(max((ty + 0.5) * TILE_DEG, -89.0), 89.0)
        forward, inverse = aeqd(lat0, lon0)
        projected = []
        for line in tile_lines:
            lon = lon0 + (line[:, 0] - lon0 + 180) % 360 - 180
            x, y = forward.transform(lon, line[:, 1])
            projected.append(shapely.linestrings(np.column_stack([x, y])))
        zone = shapely.union_all(shapely.buffer(projected, TERRITORIAL_SEA_M, quad_segs=8))
        zones.append(to_lonlat(zone.simplify(SIMPLIFY_M), inverse, lon0))
    return shapely.union_all(zones)


def raw_seas(
    land: dict[str, shapely.Geometry], coasts: dict[str, list[np.ndarray]]
) -> dict[str, shapely.Geometry]:
    """Each state's 12 NM zone over water, before overlaps are divided."""
    codes = sorted(land)
    tree = shapely.STRtree([land[c] for c in codes])
    seas = {}
    for code in track(codes, description="territorial seas"):
        if not coasts.get(code):
            continue
        zone = buffer_coasts(coasts[code])
        near = [land[codes[i]] for i in tree.query(zone)]
        seas[code] = shapely.make_valid(shapely.difference(zone, shapely.union_all(near)))
    return seas


def coast_points(boundary: shapely.Geometry, near: shapely.Geometry) -> np.ndarray:
    """Points every ~500 m along the part of a state's land boundary near a region."""
    boundary = shapely.clip_by_rect(boundary, *near.buffer(0.5).bounds)
    return shapely.get_coordinates(shapely.segmentize(boundary, COAST_SPACING_M / 111_000))


def divide(
    part: Polygon, boundary_a: shapely.Geometry, boundary_b: shapely.Geometry
) -> tuple[shapely.Geometry, shapely.Geometry]:
    """Split an overlap between two seas by equidistance from the two states' land boundaries."""
    pts_a, pts_b = coast_points(boundary_a, part), coast_points(boundary_b, part)
    if len(pts_a) == 0 or len(pts_b) == 0:
        return (part, Polygon()) if len(pts_b) == 0 else (Polygon(), part)
    centre = part.representative_point()
    forward, inverse = aeqd(centre.y, centre.x)
    pts = np.concatenate([pts_a, pts_b])
    owner_a = np.arange(len(pts)) < len(pts_a)
    lon = centre.x + (pts[:, 0] - centre.x + 180) % 360 - 180
    xy = np.column_stack(forward.transform(lon, pts[:, 1]))
    # A shared land border is as near to one state as to the other: its points count for neither.
    keys, first, counts = np.unique(np.round(xy, 1), axis=0, return_index=True, return_counts=True)
    single = first[counts == 1]
    xy, owner_a = keys[counts == 1], owner_a[single]
    (x_lo, y_lo), (x_hi, y_hi) = xy.min(axis=0) - 1e5, xy.max(axis=0) + 1e5
    cells = shapely.voronoi_polygons(
        shapely.multipoints(xy), ordered=True, extend_to=shapely.box(x_lo, y_lo, x_hi, y_hi)
    )
    cells = np.asarray(shapely.get_parts(cells))
    nearer_a = to_lonlat(shapely.union_all(cells[owner_a]), inverse, centre.x)
    share_a = shapely.intersection(part, nearer_a)
    return share_a, shapely.difference(part, share_a)


def divide_overlaps(
    seas: dict[str, shapely.Geometry], land: dict[str, shapely.Geometry]
) -> dict[str, shapely.Geometry]:
    """Give each point where two seas overlap to the state whose land is nearer."""
    codes = sorted(seas)
    tree = shapely.STRtree([seas[c] for c in codes])
    left, right = tree.query([seas[c] for c in codes], predicate="intersects")
    pairs = [(codes[i], codes[j]) for i, j in zip(left, right, strict=True) if i < j]
    lose: dict[str, list[shapely.Geometry]] = defaultdict(list)
    boundaries = {code: land[code].boundary for code in codes}
    for a, b in track(pairs, description="dividing overlaps"):
        overlap = shapely.intersection(seas[a], seas[b])
        for part in _polygons(overlap):
            share_a, share_b = divide(part, boundaries[a], boundaries[b])
            lose[a].append(share_b)
            lose[b].append(share_a)
    return {
        code: shapely.make_valid(shapely.difference(sea, shapely.union_all(lose[code])))
        if lose[code]
        else sea
        for code, sea in seas.items()
    }


def _polygons(geom: shapely.Geometry) -> Iterable[Polygon]:
    return (g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and g.area > 0)


def polygonal(geom: shapely.Geometry) -> MultiPolygon:
    """Only the polygons of a geometry (make_valid may add lines and points), rounded to 1e-6°."""
    parts = [p for p in _polygons(geom) if p.area > 1e-10]
    return shapely.set_precision(MultiPolygon(parts), 1e-6) if parts else MultiPolygon()


def write(path: Path, land: dict, seas: dict) -> None:
    """Save regions as quantised ragged arrays, exteriors counter-clockwise, holes clockwise."""
    codes, kinds, geoms = [], [], []
    for code in sorted(land):
        for kind, geom in (("land", land[code]), ("sea", seas.get(code))):
            geom = polygonal(geom) if geom is not None else MultiPolygon()
            if not geom.is_empty:
                codes.append(code)
                kinds.append(kind)
                geoms.append(shapely.orient_polygons(MultiPolygon(shapely.get_parts(geom))))
    _, coords, (rings, polys, regions) = shapely.to_ragged_array(geoms)
    micro = np.round(coords * 1e6).astype(np.int64)
    deltas = np.diff(micro, axis=0, prepend=np.zeros((1, 2), np.int64)).astype(np.int32)
    save_with_index(
        path,
        {
            "source": np.array(f"Natural Earth 1:10m admin-0 via {WORLD_ATLAS}; 12 NM = 22,224 m"),
            "codes": np.array(codes),
            "kinds": np.array(kinds),
            "coord_deltas_microdeg": deltas,
            "ring_offsets": rings.astype(np.int32),
            "polygon_offsets": polys.astype(np.int32),
            "region_offsets": regions.astype(np.int32),
        },
    )


REGION_ARRAYS = (
    "source",
    "codes",
    "kinds",
    "coord_deltas_microdeg",
    "ring_offsets",
    "polygon_offsets",
    "region_offsets",
)


def save_with_index(path: Path, regions: dict[str, np.ndarray]) -> None:
    """Save the region arrays and their edge index, compressed."""
    regions = {name: regions[name] for name in REGION_ARRAYS}
    np.savez_compressed(path, **regions, **encode_edge_index(regions))


def reindex(path: Path) -> None:
    """Rewrite an airspace file's edge index, keeping its regions as they are."""
    with np.load(path) as npz:
        regions = {name: npz[name] for name in REGION_ARRAYS}
    save_with_index(path, regions)


def main() -> None:
    """Build the airspace file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topology", type=Path, help="world-atlas countries-10m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--index-only", action="store_true", help="re-index OUT as it is (no Natural Earth)"
    )
    args = parser.parse_args()
    if args.index_only:
        reindex(args.out)
        print(f"re-indexed {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.topology or fetch_topology(Path(tmp))
        topology = json.loads(path.read_text())
    land, coasts = read_land(topology)
    seas = divide_overlaps(raw_seas(land, coasts), land)
    write(args.out, land, seas)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {len(land)} states)")


if __name__ == "__main__":
    main()
