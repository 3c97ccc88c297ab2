from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.model.flight import FlightType, SpecialHandling
from overflight.permits import DocumentError, PartyRole, form_of, read_form, read_permit_batch
from overflight.permits.model import Purpose
from overflight.permits.reader import read_permit

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "permits"


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda p: p.name)
def test_every_example_reads(path):
    text = path.read_text()
    if path.suffix == ".csv":
        rows = read_permit_batch(text, str(path))
        found = [(row.request, row.problems) for row in rows]
    else:
        found = [read_form(text, str(path), form_of(text, str(path)))]
    for request, errors in found:
        assert errors == ()
        assert request is not None
        assert request.intent.departure
        assert request.intent.destination


def test_seed_permit_reads_into_flight_intent():
    path = EXAMPLES / "air-koryo-p912.yaml"
    request, _ = read_permit(path.read_text(), str(path))
    assert request is not None
    intent = request.intent
    assert (intent.aircraft_id, intent.registration, intent.aircraft_type) == (
        "KOR151",
        "P-912",
        "IL76",
    )
    assert intent.aircraft_address == 0x720112
    assert intent.flight_type is FlightType.NON_SCHEDULED
    assert (intent.departure, intent.destination) == ("ZKPY", "OSDI")
    assert intent.eobt is not None
    assert intent.eobt.isoformat() == "2008-06-01T01:00:00+00:00"
    # EET to the first FIR: 05:10 - 01:00
    assert intent.eet[0].location == "UAAA"
    assert intent.eet[0].eet_min == 250
    assert request.nationality == "KP"
    assert request.purpose is Purpose.CARGO
    assert request.cargo is not None
    assert request.cargo.description == "machine parts"
    roles = {p.role for p in request.parties}
    assert {
        PartyRole.OPERATOR,
        PartyRole.CONSIGNOR,
        PartyRole.CONSIGNEE,
        PartyRole.CHARTERER,
    } <= roles
    assert request.operator is not None
    assert request.operator.designator == "KOR"


def test_state_purpose_sets_sts_state():
    data = yaml.safe_load((EXAMPLES / "air-france-cdg-kix.yaml").read_text())
    data["purpose"] = "state"
    request, errors = read_permit(yaml.safe_dump(data))
    assert errors == ()
    assert request is not None
    assert SpecialHandling.STATE in request.intent.sts


BAD = """\
schema_version: 1
permit_type: overflight
purpose: cargo
flight_type: non-scheduled
operator: {name: Air Koryo}
aircraft:
  type: IL76
  registration: P-912
  nationality: KP
  mtow_kg: -5
callsign: KOR151
route:
  departure: {aerodrome: ZKPY}
  destination: {aerodrome: osdi}
"""


def test_schema_errors_name_field_path_and_line():
    request, errors = read_permit(BAD, "bad.yaml")
    assert request is None
    where = {(e.field, e.line) for e in errors}
    assert ("aircraft.mtow_kg", 10) in where
    assert ("route.destination.aerodrome", 14) in where
    assert all(str(e).startswith("bad.yaml:") for e in errors)


def test_unknown_aerodrome_and_state_are_located():
    text = BAD.replace("mtow_kg: -5", "mtow_kg: 5").replace("osdi", "QQQQ")
    text = text.replace("nationality: KP", "nationality: Atlantis")
    request, errors = read_permit(text, "bad.yaml")
    assert request is None
    where = {(e.field, e.line) for e in errors}
    assert ("route.destination.aerodrome", 14) in where
    assert ("aircraft.nationality", 9) in where


def test_misspelt_field_is_an_error_not_ignored():
    text = BAD.replace("mtow_kg: -5", "mtow_kgs: 5")
    _, errors = read_permit(text, "bad.yaml")
    assert any(e.field == "aircraft.mtow_kgs" for e in errors)


def test_json_errors_have_lines_too():
    data = yaml.safe_load((EXAMPLES / "air-france-cdg-kix.yaml").read_text())
    data["aircraft"]["address24"] = "XYZ"
    text = json.dumps(data, indent=2)
    _, errors = read_permit(text, "afr.json", json_text=True)
    (error,) = errors
    assert error.field == "aircraft.address24"
    assert error.line == next(i for i, line in enumerate(text.splitlines(), 1) if "XYZ" in line)


def test_not_yaml_at_all_gives_the_line():
    _, errors = read_permit("a: [1,\nb: }", "broken.yaml")
    (error,) = errors
    assert error.line is not None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_request_or_located_errors(text):
    request, errors = read_permit(text, "fuzz.yaml")
    assert (request is None) == bool(errors)
    assert all(isinstance(e, DocumentError) for e in errors)


@pytest.mark.parametrize(
    ("text", "json_text", "said"),
    [
        ("aircraft:\n  mtow_kg: " + "9" * 5000 + "\n", False,
         "huge.yaml:2:12: a number of 5,000 digits (at most 4,300 are read)"),
        ('{"aircraft": {"mtow_kg": ' + "9" * 5000 + "}}", True,
         "huge.yaml:1:26: a number of 5,000 digits (at most 4,300 are read)"),
        ('{"operator": "\\ud800"}', True,
         "huge.yaml:1:15: \\ud800 is a lone UTF-16 surrogate, which is no character"),
        ('operator: "\\ud800"\n', False,
         "huge.yaml: text holds a lone surrogate U+D800, which is no character"),
        ("[" * 20_000 + "]" * 20_000, True, "huge.yaml: nested too deeply to read"),
    ],
)  # fmt: skip
def test_numbers_past_pythons_limit_and_lone_surrogates_are_located_errors(text, json_text, said):
    """A 5,000-digit number used to end a whole ``run`` with a ValueError."""
    request, errors = read_permit(text, "huge.yaml", json_text=json_text)
    assert request is None
    assert [str(e) for e in errors] == [said]


SEED_TR = EXAMPLES / "turkey-via-iran-iraq.yaml"


@pytest.mark.parametrize(
    ("edit", "field", "says"),
    [
        (("validity", "until"), "validity.until", "before the window's start"),
        (("route", "destination", "time"), "route.destination.time", "before the departure"),
        (("route", "fir_crossings", 0, "exit_time"), "route.fir_crossings[0].exit_time", "entry"),
        (("route", "fir_crossings", 0, "entry_time"), "route.fir_crossings[0].entry_time", "dep"),
    ],
)
def test_impossible_times_are_located(edit, field, says):
    data = yaml.safe_load(SEED_TR.read_text())
    node = data
    for key in edit[:-1]:
        node = node[key]
    node[edit[-1]] = "2026-12-04T00:00:00Z"  # before everything else in the request
    text = yaml.safe_dump(data, sort_keys=False)
    request, errors = read_permit(text, "tr.yaml")
    assert request is None
    error = next(e for e in errors if e.field == field)
    assert says in error.message
    assert error.line == next(
        i for i, line in enumerate(text.splitlines(), 1) if "2026-12-04T00:00:00Z" in line
    )


def test_unknown_fir_and_bad_coordinates_are_located():
    text = SEED_TR.read_text().replace("fir: LTAA", "fir: QQAA")
    text = text.replace("4200N02700E", "9900N02700E")
    request, errors = read_permit(text, "tr.yaml")
    assert request is None
    where = {e.field: e for e in errors}
    lines = text.splitlines()
    fir = where["route.fir_crossings[0].fir"]
    assert "not a FIR of any known state" in fir.message
    assert fir.line is not None
    assert "QQAA" in lines[fir.line - 1]
    point = where["route.fir_crossings[0].exit_point"]
    assert point.line is not None
    assert "9900N02700E" in lines[point.line - 1]


def test_request_reads_its_window_speed_and_fir_states():
    request, errors = read_permit(SEED_TR.read_text(), str(SEED_TR))
    assert errors == ()
    assert request is not None
    assert request.valid_from is not None
    assert request.valid_from.isoformat() == "2026-12-05T00:00:00+00:00"
    assert request.intent.total_eet_min == 390  # 01:00 to 07:30
    (crossing,) = request.fir_crossings
    assert crossing.state == "TR"
    assert crossing.entry_position is not None
    assert round(crossing.entry_position.lat, 2) == 37.1
    afr, _ = read_permit((EXAMPLES / "air-france-cdg-kix.yaml").read_text())
    assert afr is not None
    assert str(afr.intent.cruising_speed) == "N0490"
    assert afr.intent.route_text == "DCT"
