"""The map's airspace layer is built once per worker, however many requests ask at once."""

from __future__ import annotations

import json
import threading

from overflight.web import geodata


def test_requests_arriving_together_share_one_build() -> None:
    geodata._built_airspace_geojson.cache_clear()
    found: list[bytes] = []
    askers = [
        threading.Thread(target=lambda: found.append(geodata.airspace_geojson())) for _ in range(4)
    ]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert geodata._built_airspace_geojson.cache_info().misses == 1
    assert len(set(found)) == 1
    assert json.loads(found[0])["type"] == "FeatureCollection"
