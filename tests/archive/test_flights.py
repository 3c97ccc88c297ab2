from datetime import UTC, date, datetime

import numpy as np
import pytest

from overflight.archive.flights import AircraftState, cut_flights

T0 = datetime(2025, 3, 1, 23, 0, tzinfo=UTC).timestamp()


def _cut(rows, before=None):
    icao = np.array([r[0] for r in rows], dtype=object)
    t = np.array([T0 + r[1] for r in rows])
    ground = np.array([r[2] for r in rows], dtype=bool)
    cut = cut_flights(icao, t, ground, before or {}, flight_gap_s=7200, turnaround_s=600)
    ids = [None] * len(rows)
    for k, i in enumerate(cut.order.tolist()):
        ids[i] = (cut.flight_id[k], date.fromordinal(int(cut.day[k])))
    return ids, cut


@pytest.mark.parametrize(
    ("rows", "flights"),
    [
        # one aircraft, steady: one flight
        ([("aaaaaa", 0, False), ("aaaaaa", 60, False), ("aaaaaa", 120, False)], [0, 0, 0]),
        # two hours and a second of silence: a new flight
        ([("aaaaaa", 0, False), ("aaaaaa", 7201, False)], [0, 1]),
        # a take-off after 20 min on the ground: the flight starts at the last ground row
        (
            [("aaaaaa", 0, False), ("aaaaaa", 60, True), ("aaaaaa", 1300, True),
             ("aaaaaa", 1360, False)],
            [0, 0, 1, 1],
        ),
        # a ground-flag flicker of a minute: one flight
        ([("aaaaaa", 0, False), ("aaaaaa", 60, True), ("aaaaaa", 120, False)], [0, 0, 0]),
        # rows out of order and two aircraft interleaved
        ([("bbbbbb", 60, False), ("aaaaaa", 60, False), ("bbbbbb", 0, False)], [1, 0, 1]),
    ],
)  # fmt: skip
def test_cut_flights_cases(rows, flights):
    ids, _ = _cut(rows)
    names = list(dict.fromkeys(sorted({i for i, _ in ids})))
    assert [names.index(i) for i, _ in ids] == flights


def test_flight_id_and_day_are_the_first_positions_even_over_midnight():
    ids, _ = _cut([("aaaaaa", 0, False), ("aaaaaa", 3000, False)])
    assert ids[0] == ids[1] == ("aaaaaa-20250301T230000Z", date(2025, 3, 1))


def test_an_import_continues_the_flight_left_open_by_the_last_one():
    _, first = _cut([("aaaaaa", 0, False), ("aaaaaa", 600, False)])
    ids, _ = _cut([("aaaaaa", 4000, False), ("bbbbbb", 4000, False)], first.states)
    assert ids[0] == ("aaaaaa-20250301T230000Z", date(2025, 3, 1))
    assert ids[1][0] == "bbbbbb-20250302T000640Z"


def test_an_import_after_a_long_silence_starts_a_new_flight():
    before = {"aaaaaa": AircraftState(T0, False, float("nan"), "aaaaaa-x", date(2025, 3, 1))}
    ids, _ = _cut([("aaaaaa", 7300, False)], before)
    assert ids[0][0] != "aaaaaa-x"


def test_a_take_off_after_a_turnaround_that_began_in_the_last_import_is_a_new_flight():
    before = {"aaaaaa": AircraftState(T0, True, T0 - 500, "aaaaaa-x", date(2025, 3, 1))}
    ids, cut = _cut([("aaaaaa", 60, True), ("aaaaaa", 90, True), ("aaaaaa", 120, False)], before)
    assert ids[0][0] == "aaaaaa-x"  # still on the ground: the same flight
    # 620 s on the ground in all, then airborne: a new flight from the last ground position
    assert ids[1][0] == ids[2][0] == "aaaaaa-20250301T230130Z"
    assert cut.states["aaaaaa"].flight_id == ids[2][0]
