from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from drafting_cases import DEPARTS, DRAFTING, FLIGHT, ask

from overflight.cables import parse_telegram, render_telegram
from overflight.cables.compose import (
    compose_action_request,
    compose_thank_you,
    embassy_in,
    precedence_for,
    reporting_due,
)
from overflight.cables.extract import talking_points
from overflight.cables.model import Precedence, Prose, Serial
from overflight.cables.nonpaper import render_non_paper
from overflight.cables.thanks import Cooperation
from overflight.errors import InputError
from overflight.interdiction.asks import AskKind
from overflight.markings import ClassificationLevel, parse_portion

THANKS = replace(DRAFTING, released_at=datetime(2008, 5, 28, 13, 47, tzinfo=UTC),
                 serial=Serial("STATE", 56778))  # fmt: skip
SEED_STATES = ("TR", "TM", "KZ", "KG", "TJ", "AF", "UZ")
COOPERATION = Cooperation(
    denied=("KZ", "TM", "KG"),
    landing={"TR": "standing policy of requiring suspect flights to land for inspection"},
    partners=frozenset({"KZ", "TM", "KG"}),
    delayed=True,
)
DUE = datetime(2008, 2, 1, 4, 48, tzinfo=UTC)


def thank_you():
    return compose_thank_you(FLIGHT, SEED_STATES, COOPERATION,
                             "had to be canceled, and the shipment did not take place",
                             date(2008, 6, 5), THANKS)  # fmt: skip


def test_embassy_in_gives_the_post_that_covers_a_state():
    assert embassy_in("TR").name == "AMEMBASSY ANKARA"
    assert embassy_in("KZ").name == "AMEMBASSY ASTANA"
    with pytest.raises(InputError, match=r"no U\.S\. embassy in KP"):
        embassy_in("KP")


def test_action_request_carries_identity_schedule_and_each_host_states_entry():
    asks = [ask("TR", AskKind.DENY_OVERFLIGHT), ask("KZ", AskKind.DENY_OVERFLIGHT)]
    telegram = compose_action_request(FLIGHT, asks, DUE, DRAFTING)
    assert [a.post.name for a in telegram.action] == ["AMEMBASSY ANKARA", "AMEMBASSY ASTANA"]
    text = render_telegram(telegram)
    assert "S E C R E T STATE 043804" in text
    assert "SUBJECT: AIR KORYO CHARTER FLIGHT KOR7717: REQUEST TO DENY OVERFLIGHT" in text
    for fact in ("Callsign KOR7717", "registration P912", "ICAO 24-bit address 72100F",
                 "Il-76 (ICAO type IL76)", "operator Air Koryo (KOR)",
                 "(ZKPY) at 0100Z on 1 February 2008"):  # fmt: skip
        assert fact in text
    kazakhstan = next(p for p in telegram.paragraphs if p.text.startswith("For Embassy Astana"))
    assert kazakhstan.marking == parse_portion("(S//REL TO USA, KAZ)")
    assert "enter Kazakhstan's airspace at" in kazakhstan.text
    assert "at 0548Z on 1 February 2008" in kazakhstan.text
    assert "after 468 km over land" in kazakhstan.text
    assert "by 1 February, 0448Z" in text


def test_a_post_whose_state_the_aircraft_enters_within_a_day_gets_niact_immediate():
    soon = ask("KZ", AskKind.DENY_OVERFLIGHT)
    later = ask("TR", AskKind.DENY_OVERFLIGHT, departs=DEPARTS + timedelta(days=3))
    released = DRAFTING.released_at
    assert precedence_for(soon, released) is Precedence.NIACT_IMMEDIATE
    assert precedence_for(later, released) is Precedence.IMMEDIATE
    telegram = compose_action_request(FLIGHT, [soon, later], DUE, DRAFTING)
    assert {a.post.country: a.precedence for a in telegram.action} == {
        "KZ": Precedence.NIACT_IMMEDIATE, "TR": Precedence.IMMEDIATE,
    }  # fmt: skip
    text = render_telegram(telegram)
    assert "AMEMBASSY ASTANA NIACT IMMEDIATE" in text
    assert parse_telegram(text) == telegram


def test_the_reporting_deadline_comes_from_the_first_entry():
    released = DRAFTING.released_at
    first = ask("KZ", AskKind.DENY_OVERFLIGHT).crossing.entered_at
    asks = [ask("TR", AskKind.DENY_OVERFLIGHT), ask("KZ", AskKind.DENY_OVERFLIGHT)]
    assert reporting_due(asks, released) == first - timedelta(hours=1)
    # An entry already close: an hour to report, never less; far off: a week at most.
    close = [ask("CN", AskKind.MONITOR)]
    assert reporting_due(close, released) == released + timedelta(hours=1)
    far = [ask("TR", AskKind.DENY_OVERFLIGHT, departs=DEPARTS + timedelta(days=30))]
    assert reporting_due(far, released) == released + timedelta(days=7)
    unknown = [ask("TR", AskKind.DENY_OVERFLIGHT, on_route=False)]
    assert reporting_due(unknown, released, within=timedelta(days=8)) == released + timedelta(
        days=8
    )


def test_an_imminent_entry_asks_for_an_immediate_report():
    close = [ask("CN", AskKind.MONITOR)]
    due = reporting_due(close, DRAFTING.released_at)
    text = render_telegram(compose_action_request(FLIGHT, close, due, DRAFTING))
    assert "Please report host government responses immediately, and by 1 February, 0130Z" in text


def test_composed_telegrams_render_and_parse_back_unchanged():
    for telegram in (
        thank_you(),
        compose_action_request(FLIGHT, [ask("TR", AskKind.REQUIRE_LANDING, aerodrome="LTAC"),
                                        ask("KZ", AskKind.DENY_OVERFLIGHT)], DUE, DRAFTING),
    ):  # fmt: skip
        parsed = parse_telegram(render_telegram(telegram))
        assert parsed == telegram
        assert parsed.problems == ()


def test_thank_you_names_turkey_and_the_central_asian_states_as_the_seed_does():
    telegram = thank_you()
    assert set(telegram.action_countries) == set(SEED_STATES)
    assert telegram.classification is ClassificationLevel.S
    assert telegram.subject == (
        "AIR KORYO FLIGHT: THANKING TURKEY, CENTRAL ASIAN STATES FOR THEIR COOPERATION"
    )
    text = render_telegram(telegram)
    assert "to transit Central Asian and Turkish airspace en route from North Korea" in text
    assert ("Thanks to cooperative efforts from PSI partner nations in Central Asia, as well as "
            "Turkey's standing policy of requiring suspect flights to land for inspection, this "
            "flight has been continually delayed.") in text  # fmt: skip
    assert "Please slug responses for EUR, ISN, SCA, and T." in text


def test_thank_you_without_a_region_names_the_states():
    telegram = compose_thank_you(FLIGHT, ["TR", "KZ"], Cooperation(denied=("KZ",)),
                                 "had to be canceled", date(2008, 6, 5), THANKS)  # fmt: skip
    assert telegram.subject == "AIR KORYO FLIGHT: THANKING KAZAKHSTAN, TURKEY FOR THEIR COOPERATION"
    text = render_telegram(telegram)
    assert "transit Kazakh and Turkish airspace" in text
    assert "Thanks to the cooperation of Kazakhstan, this flight did not take place." in text


def test_non_paper_for_a_recipient_keeps_the_points_and_others_get_none():
    telegram = thank_you()
    turkey = render_non_paper(telegram, "TUR")
    assert turkey.splitlines()[0] == "SECRET//REL TO USA, TUR"
    assert "thanks to your efforts the flight had to be canceled" in turkey
    assert "END POINTS" not in turkey
    assert "Washington thanks posts" not in turkey
    with pytest.raises(InputError, match="no talking point of STATE 056778 may go to RUS"):
        render_non_paper(telegram, "RUS")


def test_the_talking_points_lie_between_begin_and_end_markers():
    telegram = thank_you()
    [points] = [p for p in telegram.paragraphs if p.text == "Begin talking points/non-paper:"]
    assert points.parts[-1] == Prose("END POINTS.")
    assert len(talking_points(telegram)) == 4
    assert len(talking_points(parse_telegram(render_telegram(telegram)))) == 4


def test_different_asks_and_aerodromes_go_only_to_the_states_they_are_for():
    asks = [
        ask("TR", AskKind.REQUIRE_LANDING, aerodrome="LTAC"),
        ask("KZ", AskKind.REQUIRE_LANDING, aerodrome="UACC"),
        ask("TM", AskKind.DENY_OVERFLIGHT),
        ask("UZ", AskKind.DENY_OVERFLIGHT),
    ]
    telegram = compose_action_request(FLIGHT, asks, DUE, DRAFTING)
    marks = {point.text: point.marking for point in talking_points(telegram)}
    deny = next(t for t in marks if t.startswith("We ask that you deny"))
    assert marks[deny] == parse_portion("(S//REL TO USA, TKM, UZB)")
    turkey = next(t for t in marks if "(LTAC)" in t)
    assert turkey.startswith("We ask that you require the aircraft to land for inspection at")
    assert marks[turkey] == parse_portion("(S//REL TO USA, TUR)")
    entries = [t for t in marks if t.startswith("The aircraft is expected to enter your airspace")]
    assert sorted(marks[t].portion() for t in entries) == [
        f"(S//REL TO USA, {c})" for c in ("KAZ", "TKM", "TUR", "UZB")
    ]
    assert parse_telegram(render_telegram(telegram)) == telegram


def test_after_june_2010_the_declassification_line_cites_eo_13526():
    late = replace(DRAFTING, released_at=datetime(2011, 3, 1, 9, 0, tzinfo=UTC),
                   serial=Serial("STATE", 1))  # fmt: skip
    telegram = compose_action_request(FLIGHT, [ask("TR", AskKind.DENY_OVERFLIGHT)],
                                      datetime(2011, 3, 8, tzinfo=UTC), late)  # fmt: skip
    assert "E.O. 13526: DECL: 03/01/2036" in render_telegram(telegram)


def test_a_request_without_states_is_refused():
    with pytest.raises(InputError, match="at least one state"):
        compose_action_request(FLIGHT, [], DUE, DRAFTING)
    with pytest.raises(InputError, match="at least one state"):
        compose_action_request(FLIGHT, [ask("TR", AskKind.NOT_ASKED)], DUE, DRAFTING)


def test_the_article_follows_the_operators_name():
    lufthansa = replace(FLIGHT, operator="Lufthansa Cargo", charter=False, callsign="GEC8210")
    text = render_telegram(compose_action_request(lufthansa, [ask("TR", AskKind.DENY_OVERFLIGHT)],
                                                  DUE, DRAFTING))  # fmt: skip
    said = " ".join(text.split())
    assert "about a Lufthansa Cargo flight GEC8210 (registration P912) from" in said
    assert "an Lufthansa" not in text


def test_a_flight_without_operator_is_named_by_its_callsign():
    unnamed = replace(FLIGHT, operator="", operator_code="SYR", callsign="SYR9101",
                      registration="YK-ATA", charter=False)  # fmt: skip
    telegram = compose_action_request(unnamed, [ask("TR", AskKind.DENY_OVERFLIGHT)], DUE, DRAFTING)
    text = " ".join(render_telegram(telegram).split())
    assert "SUBJECT: FLIGHT SYR9101: REQUEST TO DENY OVERFLIGHT" in text
    assert "about a flight SYR9101 (registration YK-ATA) from Pyongyang" in text
    assert "tracking a flight SYR9101, which" in text
    assert "operator not known (SYR)" in text
    assert "the operator of flight SYR9101 plans to fly" in text
    assert "Syr9101" not in text
    assert " an SYR" not in text
    thanks = compose_thank_you(unnamed, SEED_STATES, COOPERATION, "did not take place",
                               date(2008, 6, 5), THANKS)  # fmt: skip
    said = " ".join(render_telegram(thanks).split())
    assert thanks.subject.startswith("FLIGHT SYR9101: THANKING")
    assert "regarding flight SYR9101 that was scheduled" in said
    assert "Washington has been tracking flight SYR9101, which" in said
    assert "a recent flight (SYR9101) of proliferation concern" in said


def test_a_charter_operator_is_not_a_charter_charter():
    charter = replace(FLIGHT, operator="Example Cargo Charter", callsign="EXC7702")
    assert charter.label == "Example Cargo Charter flight EXC7702"
    assert charter.described == "an Example Cargo Charter flight EXC7702 (registration P912)"
    assert FLIGHT.described == "an Air Koryo charter flight KOR7717 (registration P912)"
