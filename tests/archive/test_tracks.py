"""The vectorised flight transits give the live watch's answer (``observe_track``) exactly."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from overflight.archive import FlightColumns, flight_transits
from overflight.geo import load_airspace
from overflight.observed import ObservedPosition
from overflight.services.watch_track import observe_track

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
T0 = datetime(2025, 3, 1, 6, tzinfo=UTC)


def _flight(icao24, start, end, n, rng, *, spoof=False, repeats=False, noise=0.0):
    lat = np.linspace(start[0], end[0], n) + rng.normal(0, noise, n)
    lon = np.linspace(start[1], end[1], n) + rng.normal(0, noise, n)
    positions = []
    for i in range(n):
        la, lo = float(lat[i]), float(lon[i])
        if spoof and n // 3 <= i < n // 3 + 30:
            la, lo = 50.0, 30.5
        at = T0 + timedelta(seconds=10 * i)
        if repeats and i % 50 == 7:
            at -= timedelta(seconds=10)  # the same time as the one before: a repeat
        positions.append(
            ObservedPosition(at, icao24, la, lo, "ABC1" if i % 5 else "", 36000.0, 450.0, None, "",
                     i < 3, "", "test")
        )  # fmt: skip
    return positions


def _columns(flights):
    rows = [(f"{ps[0].icao24}-f", p) for ps in flights for p in ps]
    rows.reverse()  # any order in, flight order out

    def column(get, dtype):
        return np.array([get(r) for r in rows], dtype=dtype)

    return FlightColumns(
        flight_id=column(lambda r: r[0], object),
        icao24=column(lambda r: r[1].icao24, object),
        time_us=column(lambda r: (r[1].at - EPOCH) // timedelta(microseconds=1), np.int64),
        lat=column(lambda r: r[1].lat, np.float64),
        lon=column(lambda r: r[1].lon, np.float64),
        on_ground=column(lambda r: r[1].on_ground, bool),
        speed_kt=column(lambda r: r[1].ground_speed_kt, np.float64),
        altitude_ft=column(lambda r: r[1].altitude_ft, np.float64),
        callsign=column(lambda r: r[1].callsign, object),
        registration=column(lambda r: r[1].registration, object),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_flight_transits_equal_observe_track(seed):
    rng = np.random.default_rng(seed)
    airspace = load_airspace()
    flights = [
        _flight("730001", (35.7, 51.4), (41.3, 69.3), 3000, rng),  # Tehran → Tashkent
        _flight("730002", (35.7, 51.4), (41.0, 28.9), 3000, rng, spoof=True),  # → Istanbul
        _flight("4b1801", (47.5, 8.5), (51.5, -0.4), 1500, rng, repeats=True),  # Zurich → London
        # near borders, with noise: runs of one position in a neighbour are not entries
        _flight("3c6444", (47.6, 7.0), (47.6, 9.8), 800, rng, noise=0.02),
        _flight("a00001", (32.0, -117.2), (32.7, -114.0), 400, rng, noise=0.05),  # US/MX
    ]
    found = flight_transits(_columns(flights), airspace)
    for positions in flights:
        expected = observe_track(positions, airspace)
        mine = found.icao24 == positions[0].icao24
        got = [
            (s, EPOCH + timedelta(microseconds=int(e)), EPOCH + timedelta(microseconds=int(x)))
            for s, e, x in zip(found.state[mine], found.entered_us[mine], found.exited_us[mine],
                               strict=True)
        ]  # fmt: skip
        assert got == [(t.state, t.entered_at, t.exited_at) for t in expected.transits]
        assert found.distance_m[mine] == pytest.approx(
            [t.distance_m for t in expected.transits], abs=0.01
        )
        assert set(found.rejected[mine].tolist()) == {expected.rejected}
        assert set(found.positions[mine].tolist()) == {len(positions)}
        assert set(found.callsign[mine].tolist()) == {"ABC1"}
    spoofed = found.icao24 == "730002"
    assert "UA" not in found.state[spoofed].tolist()
    assert found.rejected[spoofed][0] > 0
