from datetime import UTC, date, datetime
from pathlib import Path

from overflight.ats import parse_message, parse_messages, to_flight_intent
from overflight.model.flight import (
    EetEstimate,
    FlightRules,
    FlightType,
    OtherIndicator,
    SpecialHandling,
    WakeCategory,
)


def test_fpl_becomes_a_flight_intent():
    message = parse_message(
        "(FPL-KOR151-IN-2ZZZZ/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
        "-STS/STATE HUM DOF/260529 REG/P632 EET/ZYSH0030 UTAA0400 TYP/IL76 CODE/72A001 "
        "OPR/AIR KORYO IFP/MODESASP RMK/CARGO)",
        "kor.txt",
    )
    intent = to_flight_intent(message)
    assert intent.aircraft_id == "KOR151"
    assert intent.aircraft_type == "IL76"  # field 9 ZZZZ: the type is in TYP/
    assert intent.aircraft_count == 2
    assert intent.wake_category is WakeCategory.HEAVY
    assert intent.flight_rules is FlightRules.IFR
    assert intent.flight_type is FlightType.NON_SCHEDULED
    assert intent.aircraft_address == 0x72A001
    assert intent.registration == "P632"
    assert intent.operator == "AIR KORYO"
    assert intent.eobt == datetime(2026, 5, 29, 2, 0, tzinfo=UTC)
    assert intent.dof == date(2026, 5, 29)
    assert (intent.departure, intent.destination, intent.alternates) == ("ZKPY", "OSDI", ("OSAP",))
    assert intent.route_text == "DCT SANKO"
    assert intent.total_eet_min == 10 * 60 + 55
    assert intent.eet == (EetEstimate("ZYSH", 30), EetEstimate("UTAA", 240))
    assert intent.declared_firs == ("ZYSH", "UTAA")
    assert intent.sts == (SpecialHandling.STATE, SpecialHandling.HUM)
    assert intent.remarks == "CARGO"
    assert intent.other_indicators == (OtherIndicator("IFP", "MODESASP"),)
    assert intent.provenance is not None
    assert (intent.provenance.source, intent.provenance.message_index) == ("kor.txt", 1)


def test_without_dof_the_eobt_has_no_date_unless_one_is_given():
    message = parse_message("(FPL-RAQ-VG-C172/L-V/C-YBSU0540-N0115A035 DCT-YRED0021-0)")
    assert to_flight_intent(message).eobt is None
    dated = to_flight_intent(message, dof=date(2016, 5, 2))
    assert dated.eobt == datetime(2016, 5, 2, 5, 40, tzinfo=UTC)


def test_reference_notes_examples_all_read(shared_dir: Path):
    text = (shared_dir / "reference" / "ats-messages.md").read_text(encoding="utf-8")
    section = text[text.index("### 1.4") : text.index("## 3.")]
    messages, errors = parse_messages(section, "ats-messages.md")
    assert errors == ()
    assert len(messages) == 17
    qfa8 = next(m for m in messages if m.aircraft_id == "QFA8")
    assert qfa8.origin is not None
    assert qfa8.origin.line == section[: section.index("(FPL-QFA8")].count("\n") + 1
    assert qfa8.route.text.endswith("G329 BN DCT")
