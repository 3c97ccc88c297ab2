"""ATS messages as they are really sent: the deviations read leniently, Doc 4444 kept by strict.

Examples follow ICAO FITS issue 9 and the Doc 4444 forms of the reference notes
(shared/reference/ats-messages.md §1.4), and NAT practice for CPLs (field 14 sent as
``RAKIL/0641``, without a level).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from overflight.ats import (
    AtsParseError,
    link_messages,
    parse_message,
    parse_messages,
    validate_messages,
)
from overflight.ats.field18 import parse_dof
from overflight.ats.validation import validate_message

ON = date(2026, 5, 1)
NAT_CPL = (
    "(CPL-BAW117-IS-B744/H-SDFGHI/LB1-EGLL-RAKIL/0641"
    "-M084F350 RAKIL 55N020W 55N030W 54N040W 52N050W CRONO DCT-KJFK-DOF/260501)"
)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("870601", ON, date(1987, 6, 1)),  # not 2087: a plan is filed days ahead, not decades
        ("260502", ON, date(2026, 5, 2)),
        ("991231", date(2000, 1, 2), date(1999, 12, 31)),
        ("000101", date(1999, 12, 30), date(2000, 1, 1)),
        ("170324", ON, date(2017, 3, 24)),
        ("991332", ON, None),
    ],
)
def test_two_digit_dof_years_take_the_century_nearest_the_reference(
    text: str, reference: date, expected: date | None
) -> None:
    assert parse_dof(text, reference) == expected


def test_reference_date_reaches_the_dof_of_a_feed() -> None:
    (message,), _ = parse_messages("(DLA-ABC123-NZAA2345-VTBS-DOF/870601)", reference=ON)
    assert message.other is not None
    assert message.other.dof == date(1987, 6, 1)


def test_nat_cpl_without_a_cleared_level_reads_with_a_warning_at_field_14() -> None:
    message = parse_message(NAT_CPL, "nat.txt", reference=ON)
    assert message.estimate is not None
    assert (message.estimate.point, message.estimate.level) == ("RAKIL", None)
    warnings = validate_message(message)
    assert [w.field for w in warnings] == ["field 14"]
    assert warnings[0].column == NAT_CPL.index("RAKIL/0641") + 1
    with pytest.raises(AtsParseError, match="field 14"):
        parse_message(NAT_CPL, "nat.txt", strict=True)


def test_lower_case_reads_as_capitals_with_a_warning() -> None:
    text = "(dla-abc123-nzaa2345-vtbs-dof/091120)"
    message = parse_message(text, reference=ON)
    assert message.aircraft_id == "ABC123"
    assert any("lower-case" in w.message for w in validate_message(message))
    with pytest.raises(AtsParseError):
        parse_message(text, strict=True)


def test_extra_spaces_and_line_breaks_inside_fields_are_folded() -> None:
    text = (
        "(FPL-ABC123  -IS\n-B738/M-SDFG/S\n-EGLL0900\n-N0450F350   DCT\n  BPK DCT\n"
        "-LFPG0100\n-DOF/260501)"
    )
    message = parse_message(text, strict=True, reference=ON)
    assert message.route is not None
    assert message.route.text == "DCT BPK DCT"


def test_nnnn_where_the_closing_parenthesis_should_be_ends_the_message() -> None:
    text = "FF LFPGZQZX\n011200 EGLLZPZX\n(DLA-ABC123-NZAA2345-VTBS-DOF/091120\nNNNN\n"
    (message,), errors = parse_messages(text, "feed.txt", reference=ON)
    assert errors == ()
    assert any("NNNN" in w.message and w.line == 4 for w in validate_message(message))
    _, strict_errors = parse_messages(text, "feed.txt", strict=True)
    assert len(strict_errors) == 1


def test_fpl_without_dof_is_read_with_a_warning() -> None:
    message = parse_message("(FPL-ABC-IS-B738/M-S/C-EGLL0900-N0450F350 DCT-LFPG0100-0)")
    assert any("no DOF/" in w.message for w in validate_message(message))


def test_icao_24_bit_address_is_six_hex_digits() -> None:
    message = parse_message(
        "(FPL-DAL18-IS-B763/H-S/C-KATL0100-N0474F350 DCT-EGLL0715-CODE/a120f3 DOF/260501)"
    )
    assert message.other is not None
    assert message.other.code == "A120F3"


def test_destination_xxxx_without_dest_is_rejected_in_both_modes() -> None:
    text = "(FPL-ABC-IS-B738/M-S/C-OIIE0900-N0450F350 DCT-XXXX0200-DOF/260501)"
    accepted, problems = validate_messages([parse_message(text)])
    assert accepted == ()
    assert any(p.fatal and "XXXX" in p.message for p in problems)
    with_dest = text.replace("DOF/", "DEST/TEHRAN DOF/")
    accepted, _ = validate_messages([parse_message(with_dest)])
    assert len(accepted) == 1


def test_total_eet_implausible_for_distance_and_speed_is_a_warning() -> None:
    slow = "(FPL-IRA123-IS-A320/M-S/C-OIIE0900-N0450F350 DCT-OSDI0800-DOF/260501)"
    fair = slow.replace("OSDI0800", "OSDI0215")
    assert any("total EET 0800" in w.message for w in validate_message(parse_message(slow)))
    assert not any("total EET" in w.message for w in validate_message(parse_message(fair)))


def test_aftn_header_is_kept_with_each_message() -> None:
    text = (
        "ZCZC ABC123\nFF KZOBZZQA CZYZZQZX\n240040 KATLDALQ\n"
        "(DLA-ABC123-NZAA2345-VTBS-DOF/091120)\nNNNN\n"
        "GG EGLLZPZX\n240105 LFPGZQZX\n(CNL-ABC123-NZAA2345-VTBS-DOF/091120)\n"
    )
    first, second = parse_messages(text, reference=ON)[0]
    assert first.aftn is not None
    assert (first.aftn.priority, first.aftn.originator) == ("FF", "KATLDALQ")
    assert first.aftn.addressees == ("KZOBZZQA", "CZYZZQZX")
    assert first.aftn.filed_at(date(2009, 11, 20)) == datetime(2009, 11, 24, 0, 40, tzinfo=UTC)
    assert second.aftn is not None
    assert second.aftn.originator == "LFPGZQZX"


def test_chg_repeating_the_dof_keeps_a_departure_delayed_past_midnight() -> None:
    feed = (
        "(FPL-ABC123-IS-B738/M-S/C-NZAA2300-N0450F350 DCT-VTBS1100-DOF/091120)\n"
        "(DLA-ABC123-NZAA0045-VTBS-DOF/091120)\n"
        "(CHG-ABC123-NZAA0045-VTBS-DOF/091120-16/VTBD1151 VTBD)\n"
    )
    messages, errors = parse_messages(feed, reference=date(2009, 11, 20))
    assert errors == ()
    (flight,) = link_messages(messages).flights
    assert flight.eobt == datetime(2009, 11, 21, 0, 45, tzinfo=UTC)
    assert flight.plan.destination is not None
    assert flight.plan.destination.aerodrome == "VTBD"


def test_chg_of_the_dof_moves_the_eobt() -> None:
    feed = (
        "(FPL-ABC123-IS-B738/M-S/C-NZAA2300-N0450F350 DCT-VTBS1100-DOF/091120)\n"
        "(CHG-ABC123-NZAA2300-VTBS-DOF/091120-13/NZAA0045-18/DOF/091121)\n"
    )
    messages, _ = parse_messages(feed, reference=date(2009, 11, 20))
    (flight,) = link_messages(messages).flights
    assert flight.eobt == datetime(2009, 11, 21, 0, 45, tzinfo=UTC)
