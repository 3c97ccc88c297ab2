from datetime import UTC, date, datetime
from pathlib import Path

from ats_strategies import messages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overflight.ats import FlightStatus, Title, link_messages, parse_messages

FIXTURES = Path(__file__).parent / "fixtures"


def _read(text: str):
    messages, errors = parse_messages(text, "case")
    assert errors == ()
    return messages


def _fpl(dof: str = "DOF/260101", eobt: str = "2330", ident: str = "KOR151") -> str:
    return f"(FPL-{ident}-IN-IL76/H-SDGY/S-ZKPY{eobt}-K0780S1010 DCT SANKO-OSDI1055-{dof})"


def test_feed_yields_a_flight_with_its_history():
    messages, _ = parse_messages((FIXTURES / "feed.txt").read_text(encoding="utf-8"), "feed")
    linked = link_messages(messages)
    kor = next(f for f in linked.flights if f.aircraft_id == "KOR151")
    assert [e.message.title for e in kor.history] == [
        Title.FPL,
        Title.DLA,
        Title.CHG,
        Title.DEP,
        Title.ARR,
    ]
    assert [e.status for e in kor.history][-1] is FlightStatus.ARRIVED
    assert kor.status is FlightStatus.ARRIVED
    assert kor.eobt == datetime(2026, 5, 29, 3, 30, tzinfo=UTC)
    assert kor.dof == date(2026, 5, 29)
    assert kor.plan.destination.total_eet_min == 11 * 60 + 15
    assert kor.plan.destination.alternates == ("OSAP",)
    assert kor.plan.other.rmk == "NEW ALTN"
    assert kor.history[1].changes == ("EOBT 2026-05-29 0200 -> 2026-05-29 0330",)
    abc = next(f for f in linked.flights if f.aircraft_id == "ABC12")
    assert abc.status is FlightStatus.CANCELLED  # "-0" on both sides: DOF implied by EOBT
    reasons = {u.message.title: u.reason for u in linked.unmatched}
    assert "no flight plan" in reasons[Title.ARR]
    assert reasons[Title.EST] == "EST is not linked"
    intent = kor.to_intent()
    assert intent.eobt == kor.eobt
    assert intent.destination == "OSDI"


def test_dla_over_midnight_moves_eobt_to_the_next_day_and_keeps_dof():
    linked = link_messages(_read(_fpl() + "(DLA-KOR151-ZKPY0030-OSDI-DOF/260101)"))
    (flight,) = linked.flights
    assert flight.status is FlightStatus.DELAYED
    assert flight.eobt == datetime(2026, 1, 2, 0, 30, tzinfo=UTC)
    assert flight.dof == date(2026, 1, 1)


def test_dla_giving_a_new_dof_moves_it():
    linked = link_messages(_read(_fpl() + "(DLA-KOR151-ZKPY0030-OSDI-DOF/260103)"))
    (flight,) = linked.flights
    assert flight.dof == date(2026, 1, 3)
    assert flight.eobt == datetime(2026, 1, 3, 0, 30, tzinfo=UTC)
    assert flight.plan.other.dof == date(2026, 1, 3)


def test_chg_applies_field_22_and_later_messages_follow_the_new_key():
    text = (
        _fpl(eobt="2300")
        + "(CHG-KOR151-ZKPY2300-OSDI-DOF/260101-13/ZKPY0045-16/OSAP0900-18/DOF/260102)"
        + "(DEP-KOR151-ZKPY0050-OSAP-DOF/260102)"
    )
    linked = link_messages(_read(text))
    (flight,) = linked.flights
    assert linked.unmatched == ()
    assert flight.status is FlightStatus.DEPARTED
    assert flight.plan.destination.aerodrome == "OSAP"
    assert flight.eobt == datetime(2026, 1, 2, 0, 45, tzinfo=UTC)
    assert flight.history[1].changes[0] == "field 13 now ZKPY0045"


def test_ingesting_a_message_twice_changes_nothing():
    messages = _read(_fpl() + "(DLA-KOR151-ZKPY0030-OSDI-DOF/260101)")
    once = link_messages(messages)
    assert link_messages(messages + messages) == once
    assert link_messages(messages, into=once) == once


def test_two_open_plans_and_no_dof_leave_the_message_unmatched():
    text = _fpl("DOF/260101") + _fpl("DOF/260102") + "(CNL-KOR151-ZKPY2330-OSDI-0)"
    linked = link_messages(_read(text))
    assert [f.status for f in linked.flights] == [FlightStatus.FILED, FlightStatus.FILED]
    assert "2 open flight plans" in linked.unmatched[0].reason


def test_exact_dof_picks_the_right_plan():
    text = _fpl("DOF/260101") + _fpl("DOF/260102") + "(CNL-KOR151-ZKPY2330-OSDI-DOF/260102)"
    linked = link_messages(_read(text))
    assert [f.status for f in linked.flights] == [FlightStatus.FILED, FlightStatus.CANCELLED]


def test_diverted_arrival_is_noted():
    text = _fpl() + "(ARR-KOR151-ZKPY2330-OSDI-OSLK0100)"
    (flight,) = link_messages(_read(text)).flights
    assert flight.status is FlightStatus.ARRIVED
    assert flight.history[-1].changes == ("arrived OSLK 0100", "diverted from OSDI")


def test_message_for_a_cancelled_plan_is_unmatched():
    text = _fpl() + "(CNL-KOR151-ZKPY2330-OSDI-DOF/260101)(DEP-KOR151-ZKPY2340-OSDI-DOF/260101)"
    linked = link_messages(_read(text))
    assert linked.flights[0].status is FlightStatus.CANCELLED
    assert linked.unmatched[0].reason == "the matching flight plan is cancelled"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(messages, max_size=8))
def test_linking_is_idempotent_and_keeps_every_message(stream):
    once = link_messages(stream)
    assert link_messages(stream + stream) == once
    assert link_messages(stream, into=once) == once
    kept = [e.message for f in once.flights for e in f.history]
    kept += [u.message for u in once.unmatched]
    assert set(kept) == set(stream)
