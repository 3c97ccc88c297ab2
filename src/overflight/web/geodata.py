"""Country polygons for the browser map: the packaged sovereign airspace, simplified, cached.

The map and the computation draw on the same polygons (``geo.load_airspace``), simplified to
0.05° (about 5 km) so the whole world is small enough to send once and cache in the browser.
Making it costs about 3 s of CPU, once per worker: requests that arrive meanwhile wait for
that one build instead of each starting their own (eight at once took 50 s).
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache

import shapely

from overflight.geo import load_airspace

__all__ = ["SIMPLIFY_DEG", "airspace_geojson"]

SIMPLIFY_DEG = 0.05
_BUILDING = threading.Lock()


def airspace_geojson() -> bytes:
    """A FeatureCollection of every state's airspace (``state`` = ISO alpha-2), as UTF-8 JSON."""
    with _BUILDING:
        return _built_airspace_geojson()


@lru_cache(maxsize=1)
def _built_airspace_geojson() -> bytes:
    airspace = load_airspace()
    by_state: dict[str, list[shapely.Geometry]] = {}
    for code, region in zip(airspace.codes, airspace.regions, strict=True):
        by_state.setdefault(code, []).append(region)
    features = []
    for code, regions in sorted(by_state.items()):
        simple = shapely.simplify(shapely.union_all(regions), SIMPLIFY_DEG, preserve_topology=True)
        if simple.is_empty:
            continue
        rounded = shapely.set_precision(simple, 0.001)
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(rounded)),
                "properties": {"state": code},
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":")).encode("utf-8")
