import gzip
import json

import pytest
from adsb_samples import sample

from overflight.errors import ParseError
from overflight.observed import ObservedPosition
from overflight.observed.readsb import decode_json_bytes, read_aircraft_json, read_trace

SNAPSHOT = {
    "now": 1_777_000_000.0,
    "aircraft": [
        {"hex": "4ca2d6", "flight": "RYR12AB ", "alt_baro": 37000, "gs": 452.1, "track": 87.5,
         "squawk": "2301", "lat": 53.1, "lon": -2.25, "seen_pos": 1.5},
        {"hex": "abc123", "flight": "NOPOS"},  # no position yet: left out
        {"hex": "3c6444", "altitude": "ground", "speed": 12, "lat": 50.03, "lon": 8.57,
         "seen_pos": 0.0},  # dump1090-mutability's field names
        {"hex": "406b90", "lat": 51.0, "lon": 0.1, "seen_pos": 120.0},  # stale: left out
        {"hex": "nothex", "lat": 51.0, "lon": 0.1},
        "not an object",
    ],
}  # fmt: skip


def test_a_snapshot_gives_one_position_per_fresh_aircraft_timed_by_its_age():
    found = list(read_aircraft_json(SNAPSHOT, "aircraft.json"))
    positions = [f for f in found if isinstance(f, ObservedPosition)]
    assert [p.icao24 for p in positions] == ["4ca2d6", "3c6444"]
    first, ground = positions
    assert first.at.timestamp() == 1_777_000_000.0 - 1.5
    assert (first.callsign, first.altitude_ft, first.ground_speed_kt) == ("RYR12AB", 37000, 452.1)
    assert ground.on_ground
    assert ground.altitude_ft is None
    assert ground.ground_speed_kt == 12
    errors = [str(f) for f in found if isinstance(f, ParseError)]
    assert errors == [
        "aircraft.json:5: icao24: 'nothex' is not an ICAO 24-bit address (6 hex digits)",
        "aircraft.json:6: an aircraft entry is an object",
    ]


def test_a_document_that_is_no_snapshot_is_one_error():
    (only,) = read_aircraft_json({"aircraft": []}, "x.json")
    assert str(only) == "x.json: an aircraft.json snapshot has a numeric 'now'"


def test_gzipped_and_broken_json_are_told_apart():
    raw = gzip.compress(json.dumps(SNAPSHOT).encode())
    assert decode_json_bytes(raw, "a.json.gz")["now"] == SNAPSHOT["now"]
    with pytest.raises(ParseError) as caught:
        decode_json_bytes(b'{"now": 1,\n "aircraft": [', "a.json")
    assert caught.value.source == "a.json"
    assert caught.value.line == 2


def test_a_trace_carries_its_callsign_forward_and_reads_ground_rows():
    trace = {
        "icao": "ac671b",
        "r": "N899DN",
        "timestamp": 1738703622.619,
        "trace": [
            [0.0, 16.7, -88.0, 32000, 478.6, 327.8, 1, 0, None],
            [8.9, 16.8, -88.1, 32000, 482.0, 336.8, 0, 0, {"flight": "DAL1812 ", "squawk": "3356"}],
            [20.0, 16.9, -88.2, "ground", 12.0, 270.0, 0, 0, None],
            [30.0, "x", -88.2, 1000, 12.0, 270.0, 0, 0, None],
            [40.0],
        ],
    }
    found = list(read_trace(trace, "trace.json"))
    positions = [f for f in found if isinstance(f, ObservedPosition)]
    assert [p.callsign for p in positions] == ["", "DAL1812", "DAL1812"]
    assert positions[2].on_ground
    assert positions[1].registration == "N899DN"
    assert [str(f) for f in found if isinstance(f, ParseError)] == [
        "trace.json:4: lat: 'x' is not a number",
        "trace.json:5: a trace row is a list of at least 6 values",
    ]


def test_the_real_readsb_trace_reads_whole_and_in_time_order():
    path = sample("readsb/trace_full_ac671b.json")
    found = list(read_trace(decode_json_bytes(path.read_bytes(), str(path)), str(path)))
    assert all(isinstance(f, ObservedPosition) for f in found)
    times = [f.at for f in found if isinstance(f, ObservedPosition)]
    assert times == sorted(times)
    assert len(found) > 2000
    assert {f.callsign for f in found if isinstance(f, ObservedPosition)} >= {"DAL1812"}
