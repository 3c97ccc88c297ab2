"""The project's seed telegram (OCR'd, with artifacts) parses to what a reader sees in it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from overflight.cables import (
    Bullet,
    Telegram,
    compose_non_paper,
    parse_telegram,
    point_of_contact,
    render_non_paper,
    render_telegram,
    reporting_deadline,
    slugs,
)
from overflight.cables.extract import action_request, talking_points
from overflight.cables.model import Precedence
from overflight.errors import InputError
from overflight.markings import ClassificationLevel, Marking, parse_portion


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Telegram:
    path = shared_dir / "seed" / "000_d99df81b5c68d2d0.txt"
    return parse_telegram(path.read_text(encoding="utf-8"), source=path.name)


def test_header(seed: Telegram) -> None:
    assert seed.dtg is not None
    assert seed.dtg.precedence is Precedence.IMMEDIATE
    assert seed.dtg.precedence.letter == "O"
    assert seed.dtg.at == datetime(2008, 5, 28, 13, 47, tzinfo=UTC)
    assert seed.origin is not None
    assert seed.origin.name == "SECSTATE WASHDC"


def test_seven_action_posts_with_their_countries(seed: Telegram) -> None:
    assert len(seed.action) == 7
    assert [a.post.country for a in seed.action] == ["TR", "TM", "KZ", "KG", "TJ", "AF", "UZ"]
    assert all(a.precedence is Precedence.IMMEDIATE for a in seed.action)
    assert seed.info == ()


def test_classification_serial_and_declassification(seed: Telegram) -> None:
    assert seed.classification is ClassificationLevel.S
    assert seed.serial is not None
    assert (seed.serial.station, seed.serial.number) == ("STATE", 56778)
    assert seed.declassification is not None
    assert seed.declassification.on == date(2033, 5, 28)
    assert seed.tags == ("PARM", "PREL", "MNUC")
    assert seed.subject == (
        "AIR KORYO FLIGHT: THANKING TURKEY, CENTRAL ASIAN STATES FOR THEIR COOPERATION"
    )


def test_five_references_despite_ocr_pilcrows(seed: Telegram) -> None:
    cited = [(r.letter, r.station, r.number) for r in seed.refs]
    assert cited == [
        ("A", "STATE", 43804),
        ("B", "ASTANA", 849),
        ("C", "ANKARA", 780),
        ("D", "ASHGABAT", 520),
        ("E", "BISHKEK", 41),
    ]


def test_classified_by_and_reasons(seed: Telegram) -> None:
    assert seed.authority is not None
    assert seed.authority.by.endswith("Patricia A. McNerney")
    assert seed.authority.reasons is not None
    assert seed.authority.reasons.categories == ("b", "c", "d")


def test_seven_paragraphs_with_the_right_marks(seed: Telegram) -> None:
    recipients = parse_portion("(S//REL Recipients)")
    unclassified = Marking(ClassificationLevel.U)
    assert [p.number for p in seed.paragraphs] == [1, 2, 3, 4, 5, 6, 7]
    assert [p.marking for p in seed.paragraphs] == [recipients] * 4 + [unclassified] * 3
    assert seed.problems == ()


def test_reporting_deadline_slugs_and_signature(seed: Telegram) -> None:
    assert reporting_deadline(seed) == date(2008, 6, 5)
    assert slugs(seed) == ("EUR", "ISN", "SCA", "T")
    assert seed.signature == "RICE"
    assert seed.trailer == ("NNNN", "End Cable Text")


def test_talking_points_action_request_and_contact(seed: Telegram) -> None:
    points = talking_points(seed)
    assert len(points) == 4
    assert all(isinstance(point, Bullet) for point in points)
    # The bullet broken by a blank line in the OCR'd text is one point again.
    assert "the flight had to be canceled" in points[1].text
    request = action_request(seed)
    assert request is not None
    assert request.number == 1
    contact = point_of_contact(seed)
    assert contact is not None
    assert (contact.name, contact.email) == ("Mark Felipe", "felipem2@state.sgov.gov")


def test_recipients_are_the_action_host_states(seed: Telegram) -> None:
    assert set(seed.recipients) == {"TUR", "TKM", "KAZ", "KGZ", "TJK", "AFG", "UZB"}


def test_seed_round_trips_through_render(seed: Telegram) -> None:
    assert parse_telegram(render_telegram(seed)) == seed


def test_non_paper_for_turkey_holds_its_talking_points_released_to_it_alone(
    seed: Telegram,
) -> None:
    paper = compose_non_paper(seed, "TUR")
    assert paper.banner.banner() == "SECRET//REL TO USA, TUR"
    assert [point.text for point in paper.points] == [point.text for point in talking_points(seed)]
    assert {point.marking.portion() for point in paper.points} == {"(S//REL TO USA, TUR)"}
    text = render_non_paper(seed, "Turkey")
    assert text.startswith("SECRET//REL TO USA, TUR\n")
    assert text.endswith("\nSECRET//REL TO USA, TUR\n")
    assert "We would like to thank you" in text


def test_non_paper_for_a_state_not_addressed_is_refused(seed: Telegram) -> None:
    # The seed's points are REL Recipients: nothing may go to a state it was not sent to, and
    # its unclassified paragraphs (contact, deadline, slugs) are not talking points.
    refusal = "no talking point of STATE 056778 may go to GBR: of the 4 it marks"
    with pytest.raises(InputError, match=refusal):
        compose_non_paper(seed, "GBR")
