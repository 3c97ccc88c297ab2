from datetime import UTC, date, datetime

import pytest

from overflight.cables import parse_telegram, render_telegram, talking_points
from overflight.cables.compose import (
    Ask,
    Drafting,
    FlightOfConcern,
    StateRequest,
    compose_action_request,
    compose_thank_you,
    embassy_in,
)
from overflight.cables.model import Prose, Serial
from overflight.cables.nonpaper import render_non_paper
from overflight.errors import InputError
from overflight.markings import Level, parse_portion

FLIGHT = FlightOfConcern(
    operator="Air Koryo",
    aircraft="an Il-76 (registration P-912)",
    origin="Pyongyang, North Korea",
    destination="Damascus, Syria",
    concern="a possible cargo of missile-related items",
    tracked_since="February",
    history="has been rescheduled multiple times",
)
DRAFTING = Drafting(
    released_at=datetime(2008, 5, 28, 13, 47, tzinfo=UTC),
    serial=Serial("STATE", 56778),
    classified_by="ISN Acting Assistant Secretary",
    point_of_contact="ISN/CPI, (202) 647-0000",
    slugs=("EUR", "ISN", "SCA", "T"),
    signature="RICE",
)
SEED_STATES = ("TR", "TM", "KZ", "KG", "TJ", "AF", "UZ")


def test_embassy_in_gives_the_post_that_covers_a_state():
    assert embassy_in("TR").name == "AMEMBASSY ANKARA"
    assert embassy_in("KZ").name == "AMEMBASSY ASTANA"
    with pytest.raises(InputError, match=r"no U\.S\. embassy in KP"):
        embassy_in("KP")


def test_action_request_goes_to_the_embassies_of_the_states_asked():
    requests = [
        StateRequest("TR", Ask.REQUIRE_LANDING, "Ankara Esenboga (LTAC)"),
        StateRequest("KZ", Ask.DENY_TRANSIT),
        StateRequest("UZ", Ask.DENY_TRANSIT),
    ]
    telegram = compose_action_request(FLIGHT, requests, date(2008, 2, 5), DRAFTING)
    assert [a.post.name for a in telegram.action] == [
        "AMEMBASSY ANKARA", "AMEMBASSY ASTANA", "AMEMBASSY TASHKENT",
    ]  # fmt: skip
    text = render_telegram(telegram)
    assert "S E C R E T STATE 056778" in text
    assert "E.O. 12958: DECL: 05/28/2033" in text
    assert "deny overflight or require the aircraft to land for inspection" in text
    assert "Ankara Esenboga (LTAC)" in text
    assert "by 5 February" in text
    assert "(S//REL Recipients)" in text


def test_composed_telegrams_render_and_parse_back_unchanged():
    telegram = compose_thank_you(
        FLIGHT, SEED_STATES, "had to be canceled, and the shipment did not take place",
        date(2008, 6, 5), DRAFTING,
    )  # fmt: skip
    parsed = parse_telegram(render_telegram(telegram))
    assert parsed == telegram
    assert parsed.problems == ()


def test_thank_you_reproduces_the_seed_telegrams_addressees_and_points():
    telegram = compose_thank_you(FLIGHT, SEED_STATES, "had to be canceled", date(2008, 6, 5),
                                 DRAFTING)  # fmt: skip
    assert telegram.action_countries == SEED_STATES
    assert telegram.classification is Level.S
    text = render_telegram(telegram)
    assert "thank them for their cooperation" in text
    assert "remain vigilant" in text
    assert "Please slug responses for EUR, ISN, SCA, and T." in text


def test_non_paper_for_a_recipient_keeps_the_points_and_others_get_none():
    telegram = compose_thank_you(FLIGHT, SEED_STATES, "had to be canceled", date(2008, 6, 5),
                                 DRAFTING)  # fmt: skip
    turkey = render_non_paper(telegram, "TUR")
    assert turkey.splitlines()[0] == "SECRET//REL TO USA, TUR"
    assert "thanks to your efforts the flight had to be canceled" in turkey
    assert "END POINTS" not in turkey
    assert "Washington thanks posts" not in turkey
    # Russia is not a recipient: no talking point is releasable to it.
    with pytest.raises(InputError, match="no talking point of STATE 056778 may go to RUS"):
        render_non_paper(telegram, "RUS")


def test_the_talking_points_lie_between_begin_and_end_markers():
    telegram = compose_thank_you(FLIGHT, SEED_STATES, "had to be canceled", date(2008, 6, 5),
                                 DRAFTING)  # fmt: skip
    [points] = [p for p in telegram.paragraphs if p.text == "Begin talking points/non-paper:"]
    assert points.parts[-1] == Prose("END POINTS.")
    assert len(talking_points(telegram)) == 4
    assert len(talking_points(parse_telegram(render_telegram(telegram)))) == 4


def test_different_asks_and_aerodromes_go_only_to_the_states_they_are_for():
    requests = [
        StateRequest("TR", Ask.REQUIRE_LANDING, "Ankara Esenboga (LTAC)"),
        StateRequest("KZ", Ask.REQUIRE_LANDING, "Astana Nursultan Nazarbayev (UACC)"),
        StateRequest("TM", Ask.DENY_TRANSIT),
        StateRequest("UZ", Ask.DENY_TRANSIT),
    ]
    telegram = compose_action_request(FLIGHT, requests, date(2008, 2, 5), DRAFTING)
    marks = {point.text: point.marking for point in talking_points(telegram)}
    landing = "We ask that you require the aircraft to land for inspection should the operator"
    deny = "We ask that you deny overflight should the operator"
    assert marks[next(t for t in marks if t.startswith(landing))] == parse_portion(
        "(S//REL TO USA, KAZ, TUR)"
    )
    assert marks[next(t for t in marks if t.startswith(deny))] == parse_portion(
        "(S//REL TO USA, TKM, UZB)"
    )
    assert marks[next(t for t in marks if "Esenboga" in t)] == parse_portion("(S//REL TO USA, TUR)")
    assert parse_telegram(render_telegram(telegram)) == telegram


def test_one_ask_for_every_state_is_one_point_for_all_recipients():
    requests = [StateRequest("TR", Ask.DENY_TRANSIT), StateRequest("KZ", Ask.DENY_TRANSIT)]
    telegram = compose_action_request(FLIGHT, requests, date(2008, 2, 5), DRAFTING)
    asks = [p for p in talking_points(telegram) if p.text.startswith("We ask that you")]
    assert [p.marking for p in asks] == [parse_portion("(S//REL Recipients)")]


def test_after_june_2010_the_declassification_line_cites_eo_13526():
    late = Drafting(released_at=datetime(2011, 3, 1, 9, 0, tzinfo=UTC), serial=Serial("STATE", 1),
                    classified_by="ISN")  # fmt: skip
    telegram = compose_action_request(FLIGHT, [StateRequest("TR", Ask.DENY_TRANSIT)],
                                      date(2011, 3, 8), late)  # fmt: skip
    assert "E.O. 13526: DECL: 03/01/2036" in render_telegram(telegram)


def test_a_request_without_states_is_refused():
    with pytest.raises(InputError, match="at least one state"):
        compose_action_request(FLIGHT, [], date(2008, 2, 5), DRAFTING)
