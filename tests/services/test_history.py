"""``run_history`` on the synthetic archive: selections, filed against flown, cases, outputs."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="archives need the scale extra: pip install '.[scale]'")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

import archive_fixtures

from overflight.archive.engine import EngineOptions
from overflight.errors import InputError
from overflight.markings import parse_portion
from overflight.services.history import HistoryRequest, run_history
from overflight.services.history_select import select_aircraft
from overflight.services.watch_flights import CaseRef, WatchedFlight

SINGLE = EngineOptions(single_process=True)
built_archive = archive_fixtures.built_archive
source_files = archive_fixtures.source_files


def _history(archive, out, case_flights=(), **selection):
    request = HistoryRequest(
        archive=archive,
        out=out,
        selection=select_aircraft(case_flights=case_flights, **selection),
        engine=SINGLE,
        case_flights=tuple(case_flights),
    )
    return run_history(request)


def _by_callsign(report):
    return {j.flown.callsign: j for j in report.flights}


@pytest.mark.parametrize(
    ("selection", "callsigns"),
    [
        ({"addresses": ["730A01"]}, {"IRM701", "IRM702"}),
        ({"operators": ["irm"]}, {"IRM701", "IRM702", "IRM710"}),
        ({"blocks": ["Iran"]}, {"IRM701", "IRM702", "IRA455", "IRM710"}),
        ({"registrations": ["9V-SHA"]}, {"SIA321"}),  # the address block's registration
        ({"everything": True}, {"IRM701", "IRM702", "IRA455", "IRM710", "SWR8", "DLH400",
                                "BAW15", "UAL90", "SIA321"}),
    ],
)  # fmt: skip
def test_the_selection_picks_the_flights(built_archive, tmp_path, selection, callsigns):
    report = _history(built_archive, tmp_path, **selection)
    assert set(_by_callsign(report)) == callsigns


def test_states_entered_and_left_with_times_and_the_filed_plan(built_archive, tmp_path):
    report = _history(built_archive, tmp_path, addresses=["730a01"])
    out = _by_callsign(report)["IRM701"]
    assert out.flown.states == ("IR", "TM", "UZ", "KZ", "KG")
    assert out.plan is not None
    assert out.plan.source == "messages/day=2025-03-01#1"
    assert out.plan.filed_states[0] == "IR"
    assert out.unfiled == ()  # flown as filed (a great circle, DCT)
    document = json.loads((tmp_path / "history.json").read_text())
    assert document["banner"] == "UNCLASSIFIED"
    (aircraft,) = document["aircraft"]
    flight = aircraft["flights"][0]
    assert flight["transits"][0]["state"] == "IR"
    assert flight["transits"][0]["entered"] == "2025-03-01T06:00:00.250000+00:00"
    assert flight["transits"][1]["entered"] == flight["transits"][0]["exited"]


def test_a_case_flight_marks_the_flight_and_names_the_denied_states_entered(
    built_archive, tmp_path
):
    marking = parse_portion("S//REL TO USA, GBR")
    case_flight = WatchedFlight(
        flight_id=4,
        aircraft_id="IRM701",
        registration="EPMNA",
        departure="OIII",
        destination="UAAA",
        destination_place=None,
        eobt=datetime(2025, 3, 1, 6, 0, tzinfo=UTC),
        filed_states=frozenset({"IR", "AF", "TJ", "KG"}),
        cases=(CaseRef(12, "EP-MNA to Bishkek", marking, closed=False),),
        denied=frozenset({"TM", "UZ"}),
        require_landing=frozenset(),
    )
    report = _history(built_archive, tmp_path, case_flights=[case_flight])
    flights = _by_callsign(report)
    assert set(flights) == {"IRM701"}  # the case's window: EOBT −3 h/+20 h, not IRM702's
    joined = flights["IRM701"]
    assert joined.plan is not None
    assert joined.plan.source == "case 12 flight 4"
    assert joined.denied_entered == ("TM", "UZ")
    assert joined.unfiled == ("TM", "UZ", "KZ")
    assert joined.filed_not_flown == ("AF", "TJ")
    assert joined.marking == marking
    assert report.banner.banner() == "SECRET//REL TO USA, GBR"
    document = json.loads((tmp_path / "history.json").read_text())
    assert document["banner"] == "SECRET//REL TO USA, GBR"
    assert document["aircraft"][0]["flights"][0]["marking"] == "(S//REL TO USA, GBR)"


def test_a_spoofed_stretch_makes_no_entry(built_archive, tmp_path):
    report = _history(built_archive, tmp_path, addresses=["730a02"])
    (joined,) = report.flights
    assert joined.flown.states == ("IR", "TR")
    assert joined.flown.rejected == 20


def test_nothing_selected_is_an_input_error(built_archive, tmp_path):
    with pytest.raises(InputError, match="name aircraft"):
        _history(built_archive, tmp_path)


def test_days_without_partitions_are_an_input_error(built_archive, tmp_path):
    from datetime import date

    request = HistoryRequest(
        built_archive, tmp_path, select_aircraft(everything=True), first=date(2024, 1, 1),
        last=date(2024, 1, 2), engine=SINGLE,
    )  # fmt: skip
    with pytest.raises(InputError, match="no positions partition between 2024-01-01"):
        run_history(request)
