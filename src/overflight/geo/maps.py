"""A picture of routes over the states they cross (SVG or PNG, by the file's suffix).

matplotlib draws it and comes with the ``maps`` extra (``pip install 'overflight[maps]'``):
nothing else needs it, so it is imported only here, when a map is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, overload

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Geod, Transformer

from overflight.errors import InputError, Param
from overflight.geo.airspace import Airspace
from overflight.geo.states import state_name
from overflight.geo.transits import sample_route
from overflight.model import Route, Transit

if TYPE_CHECKING:
    from matplotlib.path import Path as MplPath

MAPS_EXTRA = "pip install 'overflight[maps]'"
"""What installs matplotlib, which draws the maps: an extra, as nothing else needs it."""

GEOD = Geod(ellps="WGS84")
_PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948",
    "#76b7b2", "#ff9da7", "#9c755f", "#e15759", "#bab0ac",
)  # fmt: skip
_NAMED_POINTS = 6
_ROUTE_COLOURS = ("#c00000", "#1f3b73", "#006d2c", "#7a0177", "#b35806")
_View = tuple[float, float, float, float]  # x min, y min, x max, y max (projected metres)


@dataclass(frozen=True, slots=True)
class MapLayer:
    """One route to draw, with its transits, a label, and the states to colour."""

    route: Route
    transits: tuple[Transit, ...]
    label: str = ""
    highlight: frozenset[str] = field(default_factory=frozenset)


def draw_route_map(
    layers: Sequence[MapLayer], airspace: Airspace, path: Path, title: str = ""
) -> Path:
    """Draw routes over the states they cross, with state names, and save to ``path``.

    The projection is azimuthal equidistant around the middle of the first route, so
    geodesics through the centre are straight and distances from it true.

    Raises:
        InputError: the suffix is neither ``.svg`` nor ``.png``, or matplotlib is not installed.
    """
    if path.suffix.lower() not in (".svg", ".png"):
        raise InputError(Param("map_path"), f"{path.name!r}: write the map to a .svg or .png file")
    check_maps_installed(Param("map_path"))
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch

    first = layers[0].route
    mid_lon, mid_lat = _midpoint(first)
    project = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={mid_lat} +lon_0={mid_lon} +datum=WGS84", always_xy=True
    )
    lines = [_project_line(layer.route, project, mid_lon) for layer in layers]
    xs = np.concatenate([x for x, _ in lines])
    ys = np.concatenate([y for _, y in lines])
    margin = max(np.ptp(xs), np.ptp(ys), 400_000) * 0.12
    view: _View = (xs.min() - margin, ys.min() - margin, xs.max() + margin, ys.max() + margin)
    crossed = [t.state for layer in layers for t in layer.transits if t.state]
    colours = {s: _PALETTE[i % len(_PALETTE)] for i, s in enumerate(dict.fromkeys(crossed))}
    highlight = frozenset().union(*(layer.highlight for layer in layers))

    width = 10.0
    height = width * (view[3] - view[1]) / (view[2] - view[0])
    figure = Figure(figsize=(width, min(max(height, 3.0), 14.0)), layout="constrained")
    axes = figure.add_subplot()
    axes.set_facecolor("#dbe9f4")
    axes.set_xlim(view[0], view[2])
    axes.set_ylim(view[1], view[3])
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    labels: dict[str, tuple[float, shapely.Geometry]] = {}
    for region in _regions_in_view(airspace, project, mid_lon, view):
        code, sea, geom = region
        colour = colours.get(code, "#f2efe6")
        edge = "#c00000" if code in highlight else "#8a8a8a"
        axes.add_patch(
            PathPatch(
                _mpl_path(geom),
                facecolor=colour,
                alpha=0.35 if sea else (0.85 if code in colours else 1.0),
                edgecolor=edge,
                linewidth=1.6 if code in highlight else 0.3,
            )
        )
        # shapely.area is what ``BaseGeometry.area`` computes; the stubs' ``Geometry`` lacks it.
        area = float(shapely.area(geom))
        if not sea and (code not in labels or area > labels[code][0]):
            labels[code] = (area, geom)
    for code, (_, geom) in labels.items():
        spot = shapely.intersection(geom, shapely.box(*view)).representative_point()
        if spot.is_empty:
            continue
        bold = code in colours or code in highlight
        axes.annotate(
            state_name(code) if bold else code,
            (spot.x, spot.y),
            ha="center",
            fontsize=8 if bold else 6,
            fontweight="bold" if bold else "normal",
            color="#222222" if bold else "#777777",
        )
    for i, (layer, (x, y)) in enumerate(zip(layers, lines, strict=True)):
        colour = _ROUTE_COLOURS[i % len(_ROUTE_COLOURS)]
        axes.plot(x, y, color=colour, linewidth=2.2 - 0.3 * min(i, 3), label=layer.label or None)
        # Name every point of a short route; of a long one, only its aerodromes.
        crowded = len(layer.route.points) > _NAMED_POINTS
        for point in layer.route.points:
            px, py = project.transform(_near(point.position.lon, mid_lon), point.position.lat)
            axes.plot(px, py, "o", color=colour, markersize=5 if point.aerodrome else 3)
            if not crowded or point.aerodrome is not None:
                axes.annotate(point.name, (px, py), xytext=(4, 4), textcoords="offset points",
                              fontsize=8, color=colour)  # fmt: skip
    if any(layer.label for layer in layers):
        axes.legend(loc="lower left", fontsize=8)
    axes.set_title(title or _title(layers[0]), fontsize=11)
    path.parent.mkdir(parents=True, exist_ok=True)
    with rc_context({"svg.fonttype": "none"}):  # names stay text: searchable, selectable
        figure.savefig(path, dpi=150)
    return path


def check_maps_installed(option: str) -> None:
    """Refuse a map, before any work, where matplotlib (the ``maps`` extra) is not installed.

    Raises:
        InputError: matplotlib, or a module it needs, cannot be imported; naming ``option``
            and the extra that installs it.
    """
    try:
        import matplotlib.figure  # noqa: F401  (the whole of what drawing needs)
    except ModuleNotFoundError as err:
        missing = (err.name or "").split(".")[0]
        if missing == "matplotlib":
            why = f"drawing maps needs matplotlib, which is not installed: {MAPS_EXTRA}"
        else:
            why = (
                f"drawing maps needs matplotlib's {missing!r}, which is not installed: {MAPS_EXTRA}"
            )
        raise InputError(option, why) from None


def _title(layer: MapLayer) -> str:
    route = layer.route
    states = [t.state for t in layer.transits if t.state]
    return (
        f"{route.departure.name} → {route.destination.name}: {route.distance_m / 1000:,.0f} km, "
        f"{len(set(states))} states: {', '.join(dict.fromkeys(states))}"
    )


def _midpoint(route: Route) -> tuple[float, float]:
    lon, lat, along = sample_route(route)
    i = int(np.searchsorted(along, along[-1] / 2))
    return float(lon[min(i, len(lon) - 1)]), float(lat[min(i, len(lat) - 1)])


@overload
def _near(lon: float, centre: float) -> float: ...
@overload
def _near(lon: NDArray[np.float64], centre: float) -> NDArray[np.float64]: ...
def _near(lon: float | NDArray[np.float64], centre: float) -> float | NDArray[np.float64]:
    """Longitude shifted by whole turns to within 180° of ``centre``."""
    return centre + (lon - centre + 180) % 360 - 180


def _project_line(
    route: Route, project: Transformer, mid_lon: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    lon, lat, _ = sample_route(route, spacing_m=10_000)
    x, y = project.transform(_near(lon, mid_lon), lat)
    return np.asarray(x), np.asarray(y)


def _regions_in_view(
    airspace: Airspace, project: Transformer, mid_lon: float, view: _View
) -> list[tuple[str, bool, shapely.Geometry]]:
    """Regions near the view, projected, and cut to it."""
    corners = np.array(
        [(x, y) for x in np.linspace(view[0], view[2], 9) for y in np.linspace(view[1], view[3], 9)]
    )
    lon, lat = project.transform(corners[:, 0], corners[:, 1], direction="INVERSE")
    lon = _near(np.asarray(lon), mid_lon)
    window = (lon.min() - 5, max(lat.min() - 5, -90), lon.max() + 5, min(lat.max() + 5, 90))
    box = shapely.box(*view)
    out = []
    for shift in (-360.0, 0.0, 360.0):
        lo, hi = window[0] - shift, window[2] - shift
        if hi < -180 or lo > 180:
            continue
        query = shapely.box(max(lo, -180), window[1], min(hi, 180), window[3])
        for i in airspace.tree.query(query):
            geom = shapely.clip_by_rect(airspace.regions[i], max(lo, -180), window[1],
                                        min(hi, 180), window[3])  # fmt: skip
            if geom.is_empty:
                continue

            def shifted(xy: NDArray[np.float64], s: float = shift) -> NDArray[np.float64]:
                return np.column_stack(project.transform(xy[:, 0] + s, xy[:, 1]))

            projected = shapely.transform(geom, shifted)
            clipped = shapely.intersection(shapely.make_valid(projected), box)
            if not clipped.is_empty:
                out.append((airspace.codes[i], bool(airspace.is_sea[i]), clipped))
    return out


def _mpl_path(geom: shapely.Geometry) -> MplPath:
    """A matplotlib path with every ring of the polygons in ``geom`` (holes stay holes)."""
    from matplotlib.path import Path as MplPath

    vertices, codes = [], []
    for polygon in shapely.get_parts(geom):
        if not isinstance(polygon, shapely.Polygon):
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.asarray(ring.coords)
            vertices.append(coords)
            codes.append(
                [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
            )
    if not vertices:
        return MplPath(np.zeros((1, 2)), [MplPath.MOVETO])
    return MplPath(np.concatenate(vertices), np.concatenate(codes))
