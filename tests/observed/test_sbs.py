from datetime import UTC, datetime

import pytest

from overflight.errors import ParseError
from overflight.observed import ObservedPosition
from overflight.observed.sbs import SbsReader, read_sbs

LINES = [
    "MSG,1,1,1,4CA2D6,1,2026/05/01,12:00:00.000,2026/05/01,12:00:00.000,RYR12AB ,,,,,,,,,,,0",
    "MSG,4,1,1,4CA2D6,1,2026/05/01,12:00:00.500,2026/05/01,12:00:00.500,,,452,87.5,,,64,,,,,0",
    "MSG,5,1,1,4CA2D6,1,2026/05/01,12:00:00.700,2026/05/01,12:00:00.700,,37000,,,,,,,0,,0,0",
    "MSG,3,1,1,4CA2D6,1,2026/05/01,12:00:01.250,2026/05/01,12:00:01.250,,37000,,,53.1,-2.25,,,0,0,0,0",
    "MSG,6,1,1,4CA2D6,1,2026/05/01,12:00:01.500,2026/05/01,12:00:01.500,,,,,,,,7700,0,1,0,0",
    "MSG,3,1,1,4CA2D6,1,2026/05/01,12:00:02.000,2026/05/01,12:00:02.000,,37025,,,53.11,-2.24,,,0,0,0,0",
]


def test_a_position_line_carries_what_earlier_lines_said_of_the_aircraft():
    found = list(read_sbs(LINES, "feed.txt"))
    assert found[0] == ObservedPosition(
        at=datetime(2026, 5, 1, 12, 0, 1, 250000, tzinfo=UTC),
        icao24="4ca2d6",
        lat=53.1,
        lon=-2.25,
        callsign="RYR12AB",
        altitude_ft=37000.0,
        ground_speed_kt=452.0,
        track_deg=87.5,
        squawk="",
        source="sbs",
    )
    assert found[1].squawk == "7700"
    assert found[1].altitude_ft == 37025.0
    assert len(found) == 2


def test_bad_lines_are_reported_with_their_line_and_reading_goes_on():
    lines = [
        "garbage that is no SBS",
        "MSG,3,1,1,XYZ123,1,2026/05/01,12:00:01,2026/05/01,12:00:01,,1,,,53,-2,,,0,0,0,0",
        "MSG,3,1,1,4CA2D6,1,2026/05/01",
        "MSG,3,1,1,4CA2D6,1,2026/05/01,12:00:01,2026/05/01,12:00:01,,1,,,95.5,-2,,,0,0,0,0",
        "MSG,3,1,1,4CA2D6,1,2026/13/01,12:00:01,2026/05/01,12:00:01,,1,,,53,-2,,,0,0,0,0",
        "MSG,3,1,1,4CA2D6,1,2026/05/01,12:00:01,2026/05/01,12:00:01,,high,,,53,-2,,,0,0,0,0",
        LINES[3],
    ]
    found = list(read_sbs(lines, "feed.txt"))
    errors = [str(f) for f in found if isinstance(f, ParseError)]
    assert errors == [
        "feed.txt:2: icao24: 'XYZ123' is not an ICAO 24-bit address (6 hex digits)",
        "feed.txt:3: an SBS MSG line has 22 fields, this one 7",
        "feed.txt:4: position: (95.5, -2.0) is not a latitude/longitude in range",
        "feed.txt:5: time generated (fields 7-8): '2026/13/01 12:00:01' is not a date and time "
        "(YYYY/MM/DD HH:MM:SS.fff)",
        "feed.txt:6: altitude_ft (field 12): 'high' is not a number",
    ]
    assert isinstance(found[-1], ObservedPosition)


def test_a_reader_keeps_its_facts_and_line_numbers_across_pieces():
    reader = SbsReader("tcp")
    assert list(reader.read(LINES[:3])) == []
    first = list(reader.read([LINES[3], "MSG,3,1"]))
    assert first[0].callsign == "RYR12AB"
    assert str(first[1]).startswith("tcp:5:")


def test_the_ground_flag_is_read():
    line = LINES[3].rsplit(",", 1)[0] + ",-1"
    (found,) = read_sbs([line])
    assert isinstance(found, ObservedPosition)
    assert found.on_ground


@pytest.mark.parametrize(
    ("day", "clock"),
    [
        ("2026/05/01", "12:00:" + "9" * 400),
        ("2026/05/01", "12:00:1E250"),
        ("2026/05/01", "99999999999999999999:00:00"),
        ("9999/12/31", "23:59:59"),
    ],
)
def test_a_time_of_huge_numbers_is_a_located_error(day, clock):
    line = f"MSG,3,1,1,4CA2D6,1,{day},{clock},{day},12:00:01.250,,37000,,,53.1,-2.25,,,0,0,0,0"
    (found,) = list(read_sbs([line], "feed.sbs"))
    assert isinstance(found, ParseError)
    assert found.line == 1
