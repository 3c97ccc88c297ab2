"""Permit requests as AFTN free text: the same model as YAML, every problem at line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.permits import DocumentError
from overflight.permits.aftn import read_aftn_permit
from overflight.permits.forms import form_of
from overflight.permits.reader import read_permit

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "permits"
AFTN = EXAMPLES / "turkey-via-iran-iraq.aftn.txt"
YAML = EXAMPLES / "turkey-via-iran-iraq.yaml"


def _read(text: str):
    return read_aftn_permit(text, "req.txt")


def _at(text: str, needle: str) -> tuple[int, int]:
    """The line and column of ``needle`` in ``text`` (both 1-based)."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_aftn_request_reads_into_the_same_model_as_its_yaml():
    request, errors = read_aftn_permit(AFTN.read_text(), str(AFTN))
    assert errors == ()
    assert request is not None
    twin, _ = read_permit(YAML.read_text(), str(YAML))
    assert twin is not None
    same = ("eobt", "dof", "departure", "destination", "aircraft_id", "registration",
            "aircraft_type", "flight_type", "total_eet_min", "eet")  # fmt: skip
    for name in same:
        assert getattr(request.intent, name) == getattr(twin.intent, name), name
    assert request.fir_crossings == twin.fir_crossings
    assert (request.valid_from, request.valid_until) == (twin.valid_from, twin.valid_until)
    assert request.requested_states == ("TR",)  # from the addressees LTAAYAYX, LTAAYSYX
    assert request.operator is not None
    assert (request.operator.designator, request.operator.country) == ("EXC", "AE")
    assert request.cargo is not None
    assert request.cargo.weight_kg == 20000
    assert {p.name for p in request.parties} >= {"EXAMPLE TRADING FZE", "EXAMPLE MACHINERY EOOD"}
    assert request.intent.provenance is not None
    assert request.intent.provenance.line == 4  # the title line
    assert form_of(AFTN.read_text(), "inbox/0412") == "aftn"


def test_states_item_wins_over_the_addressees():
    text = AFTN.read_text().replace("17) VALIDITY", "18) STATES: TR, IR\n17) VALIDITY")
    request, errors = _read(text)
    assert errors == ()
    assert request is not None
    assert request.requested_states == ("TR", "IR")


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "says"),
    [
        ("6) CALLSIGN: EXC7702\n", "", "REQUEST FOR", "callsign", "missing item CALLSIGN:"),
        ("5) STATE OF REGISTRY: KG\n", "", "AIRCRAFT:", "aircraft.nationality",
         "missing item STATE OF REGISTRY:"),
        ("OPKC 0100", "OPKC 2599", "2599", "DEPARTURE", "is not a time"),
        ("050000-060000", "060000-050000", "050000", "validity.until", "before the window"),
        ("LBSF 0730", "LBSF 0030", "0030", "route.destination.time", "before the departure"),
        (": LTAA ", ": QQAA ", "QQAA", "route.fir_crossings[0].fir",
         "not a FIR of any known state"),
        ("TR, IR", "TR, ATLANTIS", "ATLANTIS", "requested_states[1]", "ATLANTIS"),
        ("13) PURPOSE: CARGO", "13) PURPOSE: SMUGGLING", "SMUGGLING", "purpose", "Input should"),
        ("14) CARGO:", "14) CARGOES:", "CARGOES", "CARGOES", "unknown item 'CARGOES'"),
        ("LBSF 0730", "LBZZ 0730", "LBZZ", "route.destination.aerodrome", "LBZZ"),
        ("8) DOF: 261205", "8) DOF: 261305", "261305", "DOF", "not a date of flight"),
        ("12) EXIT: LTAA 4200N02700E 0703\n", "", "ENTRY:", "route.fir_crossings[0].exit_point",
         "missing item EXIT:"),
    ],
)  # fmt: skip
def test_bad_requests_say_what_and_where(old, new, needle, field, says):
    base = AFTN.read_text().replace("17) VALIDITY", "18) STATES: TR, IR\n17) VALIDITY")
    assert old in base
    text = base.replace(old, new)
    request, errors = _read(text)
    assert request is None
    error = next((e for e in errors if e.field == field), None)
    assert error is not None, [str(e) for e in errors]
    assert says in error.message
    line, column = _at(text, needle)
    assert error.line == line
    if not says.startswith("missing"):  # a missing item: the line of what it belongs to
        assert error.column == column
    assert str(error).startswith(f"req.txt:{line}:")


def test_long_route_wraps_onto_the_next_line():
    text = AFTN.read_text().replace(
        "11) ENTRY", "10A) ROUTE: N0430F330 DCT 3600N05400E DCT\n   3830N04420E DCT\n11) ENTRY"
    )
    text = text.replace("10A) ", "")
    request, errors = _read(text)
    assert errors == ()
    assert request is not None
    assert request.intent.route_text == "DCT 3600N05400E DCT 3830N04420E DCT"


def test_no_items_at_all():
    request, (error,) = _read("ZCZC\nGG LTAAYAYX\nHELLO\nNNNN\n")
    assert request is None
    assert "no permit request items" in error.message


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ACDEFGIKLNOPRST0123456789 :/-)\n")), max_size=300))
def test_any_text_gives_a_request_or_located_errors(text):
    request, errors = read_aftn_permit(text, "fuzz.txt")
    assert (request is None) == bool(errors)
    assert all(isinstance(e, DocumentError) and e.line is not None for e in errors)
