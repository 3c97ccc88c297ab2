import dataclasses
import gc
import pickle
from datetime import date, time
from pathlib import Path

import pytest

from overflight.ats import (
    AtsParseError,
    Title,
    parse_message,
    parse_messages,
)
from overflight.model.flight import (
    CruisingLevel,
    FlightRules,
    FlightType,
    LevelUnit,
    SpecialHandling,
)
from overflight.model.speed import Speed, SpeedUnit

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def reference():
    return parse_messages((FIXTURES / "reference_examples.txt").read_text(), "reference")


@pytest.fixture(scope="module")
def feed():
    return parse_messages((FIXTURES / "feed.txt").read_text(encoding="utf-8"), "feed.txt")


def test_every_reference_example_reads(reference):
    messages, errors = reference
    assert errors == ()
    assert [m.title.value for m in messages] == (
        ["CHG"] * 3
        + ["CNL"] * 2
        + ["DLA"] * 2
        + ["DEP"] * 2
        + ["RQP"] * 3
        + ["ARR"] * 2
        + ["FPL", "FPL", "ARR"]
    )


def test_dash_zero_is_an_empty_field_18_and_dof_is_a_date(reference):
    messages, _ = reference
    cnl_dof, cnl_zero = messages[3], messages[4]
    assert cnl_dof.other is not None
    assert cnl_dof.other.dof == date(2009, 11, 20)
    assert cnl_zero.other is not None
    assert cnl_zero.other.is_empty


def test_ssr_code_after_the_aircraft_id(reference):
    dep = reference[0][7]
    assert dep.aircraft is not None
    assert (dep.aircraft.aircraft_id, dep.aircraft.ssr_mode, dep.aircraft.ssr_code) == (
        "ABC123",
        "A",
        "0254",
    )
    assert dep.departure is not None
    assert dep.departure.time == time(23, 47)


def test_the_four_arr_shapes(reference, feed):
    arr_a, arr_b = reference[0][12], reference[0][13]
    arr_zzzz = reference[0][16]
    arr_diverted = next(m for m in feed[0] if m.aircraft_id == "XYZ789")
    assert (arr_a.departure.time, arr_a.destination, arr_a.arrival.aerodrome) == (
        None,
        None,
        "VTBS",
    )
    assert arr_b.departure.time == time(1, 45)
    assert arr_b.arrival.time == time(13, 15)
    assert arr_diverted.destination.aerodrome == "ELLX"
    assert arr_diverted.arrival.aerodrome == "LFJL"
    assert arr_zzzz.destination.aerodrome == "YRED"
    assert (arr_zzzz.arrival.aerodrome, arr_zzzz.arrival.name) == ("ZZZZ", "CABOOLTURE")


def test_fpl_fields_are_typed(reference):
    qfa8 = reference[0][14]
    assert qfa8.rules.rules is FlightRules.IFR
    assert qfa8.rules.flight_type is FlightType.SCHEDULED
    assert qfa8.aircraft_type.designator == "B744"
    assert "J5" in qfa8.equipment.com_nav
    assert qfa8.equipment.surveillance == ("L", "B1", "D1")
    assert qfa8.route.speed == Speed(501, SpeedUnit.KNOTS)
    assert qfa8.route.level == CruisingLevel(LevelUnit.FLIGHT_LEVEL, 280)
    assert qfa8.route.text.endswith("G329 BN DCT")
    assert "\n" not in qfa8.route.text
    assert qfa8.destination.total_eet_min == 15 * 60 + 19
    assert qfa8.other.dle == "INK0100 26N119W0200"
    assert qfa8.other.rif == "GUXIB R587 MEPAB G591 LTO NWWW"


def test_chg_amendments_are_typed_by_field(reference):
    chg = reference[0][2]
    assert [a.field for a in chg.amendments] == [13, 18]
    assert chg.amendments[0].value.time == time(0, 45)
    assert chg.amendments[1].value.dof == date(2009, 11, 21)


def test_real_feed_quirks(feed):
    messages, _errors = feed
    dal18 = messages[0]
    assert dal18.number == "KZOB/CZYZ078"
    assert dal18.aircraft.ssr_code == "5773"
    assert dal18.destination.alternates == ("EGKK",)
    # A hyphen inside RMK/ and an STS/ after it: the remark keeps its hyphen, STS is read.
    assert dal18.other.rmk == "TCAS EQUIPPED OPS/CTC KATL-KJFK LEG"
    assert dal18.other.sts == (SpecialHandling.STATE,)
    assert dal18.other.code == "A120F3"
    assert len(dal18.other.eet) == 6
    assert [item.indicator for item in dal18.supplementary.items] == ["E", "P", "R", "S", "J", "A"]
    assert dal18.supplementary.items[-1].text == "WHITE BLUE TAIL"
    kor = messages[1]
    assert kor.route.speed == Speed(780, SpeedUnit.KM_H)
    assert kor.route.level == CruisingLevel(LevelUnit.METRIC_LEVEL, 1010)
    assert kor.destination.alternates == ("OSAP", "OSLK")
    assert kor.other.opr == "AIR KORYO"
    assert kor.other.rmk == "CARGO N/A"
    assert kor.other.dep == "SUNAN"
    assert [o.indicator for o in kor.other.others] == ["IFP"]
    titles = [m.title for m in messages]
    assert Title.EST in titles
    assert Title.LAM in titles
    lam = messages[-1]
    assert (lam.number, lam.reference) == ("P/M178", "M/P100")


def test_a_corrupt_message_is_reported_and_the_rest_go_on(feed):
    messages, errors = feed
    assert len(messages) == 11
    assert len(errors) == 1
    error = errors[0]
    assert isinstance(error, AtsParseError)
    assert error.source == "feed.txt"
    assert error.message_index == 10
    assert error.field == "field 15"
    text = (FIXTURES / "feed.txt").read_text(encoding="utf-8")
    line = text.splitlines()[error.line - 1]
    assert line[error.column - 1 :].startswith("N04X0F350")
    assert str(error).startswith(f"feed.txt:{error.line}:{error.column}: message 10: field 15: ")


def test_error_on_a_continuation_line_points_at_it():
    text = "(FPL-ABC-IS\n-A320/M-S/C\n-EGLL0900\n-N0450F350\n  DCT-LFPG01X0-0)"
    messages, errors = parse_messages(text, "x")
    assert messages == ()
    assert (errors[0].line, errors[0].column, errors[0].field) == (5, 7, "field 16")


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("(FPL-ABC-IS-A320/M-S/C-EGLL0900-N0450F350 DCT)", "field 16", "missing"),
        ("(FPL-ABC-IS-A320/M-S/C-EGLL0900", "", "closing"),
        ("(DLA-ABC-EGLL-LFPG-0)", "field 13", "aerodrome and time"),
        ("(FPL-ABC-QS-A320/M-S/C-EGLL0900-N0450F350 DCT-LFPG0100-0)", "field 8", "flight rules"),
        ("(FPL-ABC-IS-A320-S/C-EGLL0900-N0450F350 DCT-LFPG0100-0)", "field 9", "wake"),
        ("(CHG-ABC-EGLL0900-LFPG-0-16/LFPG01)", "field 22 (amending 16)", "destination"),
        ("(CNL-ABC-EGLL0900-LFPG-0-EXTRA)", "field 18", "must be 0"),
        ("(ARR-ABC-EGLL-LFPG-LFPO0900-XX)", "", "extra"),
        ("(FPL-ABC-IS-A320/M-S/C-EGLL2500-N0450F350 DCT-LFPG0100-0)", "field 13", "time"),
    ],
)
def test_broken_messages_name_the_field(text, field, reason):
    with pytest.raises(AtsParseError, match=reason) as caught:
        parse_message(text, "case")
    assert caught.value.field == field
    assert caught.value.source == "case"
    assert caught.value.line == 1


def test_parse_message_wants_exactly_one_message():
    with pytest.raises(AtsParseError, match="no ATS message"):
        parse_message("GG EGLLZPZX nothing here")
    with pytest.raises(AtsParseError, match="2 messages"):
        parse_message("(CNL-ABC-EGLL0900-LFPG-0)(CNL-ABD-EGLL0900-LFPG-0)")


@pytest.mark.parametrize(
    ("text", "title", "check"),
    [
        (
            "(CPLA/B123-DAL18/A5773-IS-B763/H-S/C-KATL0100-CZYZ/0130F350-N0474F350 DCT-EGLL0715-0)",
            "CPL",
            lambda m: m.estimate.point == "CZYZ" and m.estimate.level.value == 350,
        ),
        (
            "(CDN-DAL18-KATL-EGLL-14/CZYZ/0130F370)",
            "CDN",
            lambda m: m.amendments[0].value.level.value == 370,
        ),
        ("(ACP-DAL18-KATL-EGLL)", "ACP", lambda m: m.destination.aerodrome == "EGLL"),
        ("(RQS-DAL18-KATL0100-EGLL-0)", "RQS", lambda m: m.other.is_empty),
        (
            "(SPL-DAL18-KATL0100-EGLL0715 EGKK-0-E/0740 P/3)",
            "SPL",
            lambda m: [i.text for i in m.supplementary.items] == ["0740", "3"],
        ),
        (
            "(ALR-INCERFA/EINNZQZX/OVERDUE-DAL18-IS-B763/H-S/C-KATL0100-N0474F350 DCT"
            "-EGLL0715-0-E/0740 P/3-LAST CONTACT 1230)",
            "ALR",
            lambda m: (
                m.emergency == "INCERFA/EINNZQZX/OVERDUE"
                and m.supplementary.items[0].indicator == "E"
                and m.search_rescue == "LAST CONTACT 1230"
            ),
        ),
        (
            "(EST-ABC123-NZAA-5130N00500W/1305F350F330A-VTBS)",
            "EST",
            lambda m: m.estimate.supplementary_level.value == 330 and m.estimate.crossing == "A",
        ),
    ],
)
def test_other_titles_read_their_fields(text, title, check):
    message = parse_message(text)
    assert message.title.value == title
    assert check(message)


def test_values_shared_across_a_feed_read_as_each_message_alone():
    """The per-feed memo (fields 8, 9, 10, 16, one-word 18, field 15's speed/level) changes nothing.

    A value read once serves later messages; a text that failed once fails again, in place.
    """
    text = "\n".join(
        [
            "(FPL-DAL1-IS-B763/H-SDFG/S-ZKPY0100-N0450F350 DCT SANKO-OSDI0500 ZKPY-DOF/260101)",
            "(DLA-DAL1-ZKPY0200-OSDI-DOF/260101)",
            "(FPL-DAL2-IS-B763/H-SDFG/S-ZKPY0300-N0450F350 A1 GUXIB-OSDI0500 ZKPY-DOF/260101)",
            "(FPL-DAL3-IS-B763/H-SDFG/S-ZKPY0300-N0000F350 DCT SANKO-OSDI0500-DOF/260101)",
            "(FPL-DAL4-IS-B763/H-SDFG/S-ZKPY0300-N0000F350 DCT RIKAL-OSDI0500-DOF/260101)",
            "(CNL-DAL1-ZKPY0100-OSDI-DOF/261399)",
            "(CNL-DAL2-ZKPY0300-OSDI-DOF/261399)",
        ]
    )
    messages, errors = parse_messages(text, "feed")
    alone = [parse_message(line) for line in text.splitlines() if "N0000" not in line]
    assert messages == tuple(alone)
    assert [[(s.field, s.text) for s in m.origin.fields] for m in messages] == [
        [(s.field, s.text) for s in m.origin.fields] for m in alone
    ]
    assert messages[2].route.level == CruisingLevel(LevelUnit.FLIGHT_LEVEL, 350)
    assert messages[2].route.text == "A1 GUXIB"
    assert messages[0].other.dof == date(2026, 1, 1)
    assert messages[1].other == messages[0].other
    assert messages[3].other.dof is None
    assert messages[4].other.others[0].text == "261399"
    assert [(e.message_index, e.line, e.field) for e in errors] == [
        (4, 4, "field 15"),
        (5, 5, "field 15"),
    ]
    assert all("speed of zero" in str(e) for e in errors)


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_feed_leaves_the_cycle_collector_as_it_found_it(enabled):
    text = (FIXTURES / "feed.txt").read_text(encoding="utf-8")
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        messages, _ = parse_messages(text, "feed.txt")
        bad = parse_messages("(FPL-TOOLONGID-IS-B763/H-S/C-ZKPY0100-N0450F350 DCT-OSDI0100-0)")
        assert messages
        assert bad[1]  # a message that does not read, inside the feed
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_read_origin_equals_its_copies_and_its_spans_are_the_fields(feed):
    """The reader builds an origin's field spans on first access; copies see the same ones."""
    origin = feed[0][0].origin
    copy = pickle.loads(pickle.dumps(feed[0][0].origin))
    assert copy == origin
    assert dataclasses.replace(origin, index=99).fields == origin.fields
    assert [span.field for span in origin.fields][:3] == ["3", "7", "8"]
    assert origin.span("7").text == "DAL18/A5773"
