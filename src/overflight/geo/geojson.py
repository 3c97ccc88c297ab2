"""Routes and their transits as GeoJSON (RFC 7946), for maps and GIS tools."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from overflight.geo.routes import plan_route
from overflight.geo.transits import sample_route
from overflight.model import GeoPoint, Route, RoutePoint, Transit, to_jsonable

__all__ = ["path_geometry", "route_geojson"]


def route_geojson(route: Route, transits: tuple[Transit, ...]) -> dict[str, Any]:
    """A FeatureCollection: the route's points, and one LineString per transit.

    Lines follow the geodesics (sampled every 20 km) and are split at the antimeridian into
    MultiLineStrings, as RFC 7946 §3.1.9 asks.
    """
    lon, lat, along = sample_route(route)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.position.lon, p.position.lat]},
            "properties": {"role": "point", "name": p.name, **_time(p.time)},
        }
        for p in route.points
    ]
    for transit in transits:
        inside = (along > transit.entry_m) & (along < transit.exit_m)
        xs = [transit.entry.lon, *lon[inside], transit.exit.lon]
        ys = [transit.entry.lat, *lat[inside], transit.exit.lat]
        properties = to_jsonable(transit)
        for key in ("entry", "exit"):
            properties.pop(key)
        properties["distance_m"] = round(transit.distance_m, 1)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "MultiLineString", "coordinates": _split(xs, ys)},
                "properties": {"role": "transit", **properties},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def path_geometry(path: Sequence[Sequence[float]]) -> dict[str, Any]:
    """A MultiLineString along the geodesics through ``path`` (``[lon, lat]`` pairs).

    Raises:
        InputError: fewer than two points.
    """
    route = plan_route([RoutePoint("", GeoPoint(lat, lon)) for lon, lat in path])
    lon, lat, _ = sample_route(route)
    return {"type": "MultiLineString", "coordinates": _split(list(lon), list(lat))}


def _time(moment: Any) -> dict[str, str]:
    return {"time": moment.isoformat()} if moment is not None else {}


def _split(xs: list[float], ys: list[float]) -> list[list[list[float]]]:
    """Cut a lon/lat line wherever it jumps across ±180°, adding the crossing point."""
    lines: list[list[list[float]]] = [[[xs[0], ys[0]]]]
    for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:], strict=False):
        if abs(x1 - x0) > 180:
            edge = 180.0 if x0 > 0 else -180.0
            unwrapped = x1 + (360 if x0 > 0 else -360)
            y = float(
                np.interp(edge, sorted([x0, unwrapped]), [y0, y1] if x0 < unwrapped else [y1, y0])
            )
            lines[-1].append([edge, y])
            lines.append([[-edge, y]])
        lines[-1].append([x1, y1])
    return [[[round(x, 6), round(y, 6)] for x, y in line] for line in lines if len(line) > 1]
