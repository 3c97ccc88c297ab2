from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from adsb_samples import sample, write_frame_csv

from overflight.geo import load_airspace
from overflight.observed import EventKind, ObservedPosition, Watch, open_feed

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def airspace():
    return load_airspace()


def flight(start, end, minutes: float, every_s: float = 10.0, **fields) -> list[ObservedPosition]:
    """Positions on a straight line in lon/lat, evenly in time, from T0."""
    count = int(minutes * 60 / every_s) + 1
    return [
        ObservedPosition(
            at=T0 + timedelta(seconds=i * every_s),
            icao24=fields.pop("icao24", "4ca2d6") if i == 0 else "4ca2d6",
            lat=start[0] + (end[0] - start[0]) * i / (count - 1),
            lon=start[1] + (end[1] - start[1]) * i / (count - 1),
            altitude_ft=35_000.0,
            ground_speed_kt=fields.get("speed_kt", 450.0),
            callsign="RYR12AB",
        )
        for i in range(count)
    ]


def kinds(events, *wanted):
    return [(e.kind, e.state) for e in events if e.kind in wanted]


def test_an_airspace_entry_is_dated_at_the_first_position_inside(airspace):
    track = flight((48.3, 15.5), (48.3, 18.5), minutes=30)  # Austria into Slovakia
    watch = Watch(airspace)
    events = watch.observe(track)
    assert kinds(events, EventKind.FIRST_SEEN, EventKind.ENTERED) == [
        (EventKind.FIRST_SEEN, "AT"),
        (EventKind.ENTERED, "SK"),
    ]
    (entry,) = [e for e in events if e.kind is EventKind.ENTERED]
    assert entry.previous == "AT"
    assert 16.9 < entry.lon < 17.2
    assert entry.callsign == "RYR12AB"


def test_one_position_across_the_border_is_not_an_entry(airspace):
    track = flight((48.29, 16.89), (48.31, 16.89), minutes=10)  # 1 km inside Austria
    track[30] = replace(track[30], lon=16.92)  # one fix 2 km east, in Slovakia
    events = Watch(airspace).observe(track)
    assert kinds(events, EventKind.ENTERED) == []
    track[31] = replace(track[31], lon=16.92)  # two in a row: an entry
    assert kinds(Watch(airspace).observe(track), EventKind.ENTERED) == [
        (EventKind.ENTERED, "SK"),
        (EventKind.ENTERED, "AT"),
    ]


def test_impossible_speed_is_rejected_and_the_track_goes_on(airspace):
    track = flight((48.3, 15.5), (48.3, 16.0), minutes=10)
    track[20] = replace(track[20], lat=49.5, lon=24.0)  # Ukraine, 600 km away 10 s later
    watch = Watch(airspace)
    events = watch.observe(track)
    assert watch.rejected == 1
    assert kinds(events, EventKind.ENTERED) == []
    (rejected,) = [e for e in events if e.kind is EventKind.REJECTED]
    assert rejected.state == "UA"
    assert rejected.detail == "implied speed over the limit"


def test_a_long_jump_after_a_gap_is_accepted_once_motion_confirms_it(airspace):
    before = flight((48.3, 15.9), (48.3, 16.4), minutes=5)
    after = [
        replace(p, at=p.at + timedelta(minutes=20))
        for p in flight((48.3, 18.0), (48.3, 18.5), minutes=5)
    ]
    watch = Watch(airspace)
    events = watch.observe(before)
    events += watch.sweep(after[0].at)
    events += watch.observe(after)
    assert [e.kind for e in events if e.kind is not EventKind.FIRST_SEEN] == [
        EventKind.GAP,
        EventKind.RESUMED,
        EventKind.ENTERED,
    ]
    gap = events[1]
    assert gap.state == "AT"
    assert "within 50 km of" in gap.detail
    assert "SK" in gap.detail or "CZ" in gap.detail
    assert watch.rejected == 0


def test_a_jump_to_positions_that_crawl_at_cruise_level_is_dropped(airspace):
    before = flight((48.3, 15.5), (48.3, 16.0), minutes=5)
    spoofed = [
        replace(p, at=p.at + timedelta(minutes=6), ground_speed_kt=50.0)
        for p in flight((49.67, 23.9), (49.67, 23.88), minutes=5)
    ]
    watch = Watch(airspace)
    events = watch.observe(before + spoofed)
    assert kinds(events, EventKind.ENTERED) == []
    assert watch.rejected == len(spoofed)
    assert [e.kind for e in events].count(EventKind.REJECTED) == 1


def test_repeated_and_older_positions_are_ignored(airspace):
    track = flight((48.3, 15.5), (48.3, 16.0), minutes=2)
    watch = Watch(airspace)
    watch.observe(track)
    assert watch.observe([track[3], track[-1]]) == []
    assert watch.stale == 2


def test_departure_and_landing_come_from_the_ground_flag(airspace):
    track = flight((48.11, 16.57), (48.3, 17.0), minutes=5)
    track[:3] = [replace(p, on_ground=True, altitude_ft=None) for p in track[:3]]
    track[-2:] = [replace(p, on_ground=True) for p in track[-2:]]
    events = Watch(airspace).observe(track)
    assert kinds(events, EventKind.DEPARTED, EventKind.LANDED) == [
        (EventKind.DEPARTED, "AT"),
        (EventKind.LANDED, "SK"),
    ]


def test_a_quiet_aircraft_is_forgotten(airspace):
    watch = Watch(airspace)
    watch.observe(flight((48.3, 15.5), (48.3, 16.0), minutes=2))
    watch.sweep(T0 + timedelta(hours=3))
    assert watch.tracks == {}


def test_the_gnss_spoofed_thy9bp_never_enters_ukraine(airspace, tmp_path: Path):
    csv = write_frame_csv(sample("noisy/noisy_spoofing.json.gz"), tmp_path / "spoofed.csv")
    positions = [p for p in open_feed(str(csv)) if isinstance(p, ObservedPosition)]
    watch = Watch(airspace)
    events = watch.observe(positions) + watch.sweep(positions[-1].at)
    entries = [e.state for e in events if e.kind is EventKind.ENTERED]
    assert "UA" not in entries
    assert entries == ["", "BG", "RO", "PL", "", "SE"]
    assert watch.rejected >= 2000  # the positions the spoofer put in Ukraine
    (why,) = [e.detail for e in events if e.kind is EventKind.REJECTED]
    assert "crawl" in why


def test_the_real_thy9bp_departs_crosses_seven_airspaces_and_lands_in_norway(airspace):
    positions = [
        p for p in open_feed(str(sample("fr24/372355e5.json"))) if isinstance(p, ObservedPosition)
    ]
    events = Watch(airspace).observe(positions)
    assert [(e.kind.value, e.state) for e in events if e.kind is not EventKind.FIRST_SEEN] == [
        ("departed", "TR"),
        ("entered", ""),
        ("entered", "BG"),
        ("entered", "RO"),
        ("entered", "HU"),
        ("entered", "SK"),
        ("entered", "PL"),
        ("entered", ""),
        ("entered", "SE"),
        ("entered", "NO"),
        ("landed", "NO"),
    ]
