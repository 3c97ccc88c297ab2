"""Real telegrams of the 2010 release (shared/data/cables-2010), one case each.

The whole corpus is run by ``scripts/cable_corpus.py``; these pick the cables that show a case.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from overflight.cables import Telegram, parse_telegram
from overflight.cables.classifier import split_classifier
from overflight.cables.model import Precedence
from overflight.markings import ClassificationLevel, Control


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> Path:
    folder = shared_dir / "data" / "cables-2010"
    if not folder.is_dir():
        pytest.skip(f"no cable corpus at {folder} (../shared/data/cables-2010 beside the repo)")
    return folder


def read(corpus: Path, cable: str) -> Telegram:
    return parse_telegram((corpus / f"{cable}.txt").read_text(encoding="utf-8"), source=cable)


def test_routed_header_with_security_line_and_collectives(corpus: Path) -> None:
    t = read(corpus, "09NAIROBI2497")  # VZCZC / DE RUEHNR #2497/01 / ZNY SSSSS / O R dual
    assert t.dtg is not None
    assert (t.dtg.precedence, t.dtg.info_precedence) == (Precedence.IMMEDIATE, Precedence.ROUTINE)
    assert t.dtg.at == datetime(2009, 12, 16, 14, 15, tzinfo=UTC)
    assert t.origin is not None
    assert t.origin.name == "AMEMBASSY NAIROBI"
    assert [a.post.name for a in t.info][:2] == ["IGAD COLLECTIVE", "DIA WASHDC"]
    assert t.classification is ClassificationLevel.S
    assert Control.NOFORN in t.controls
    assert t.tags[:3] == ("MARR", "MCAP", "MOPS")  # lower-case "Tags:" of the extract form
    assert t.authority is not None
    assert split_classifier(t.authority.by).name == "Rachel Meyers"
    assert not [p for p in t.problems if "not a post" in p.message]


def test_the_address_block_ends_at_a_blank_line(corpus: Path) -> None:
    t = read(corpus, "10ROME1")  # a date line follows the INFO list after a blank line
    assert [a.post.name for a in t.info][-1] == "AMCONSUL NAPLES"
    assert t.authority is not None  # after a page mark 'ROME 00000001 001.2 OF 003'


def test_ocr_doubled_letters_in_the_classification_line(corpus: Path) -> None:
    t = read(corpus, "09PARIS381")  # 'SS E C R E T SECTION 01 OF 02 PARIS 000381'
    assert t.classification is ClassificationLevel.S
    assert t.serial is not None
    assert t.serial.reference_id == "PARIS 381"
    assert any("damaged classification line" in p.message for p in t.problems)


def test_tags_continued_on_a_second_line(corpus: Path) -> None:
    t = read(corpus, "07PARIS1844")  # 'TAGS: PREL FR ... RS' / 'UNMIK'
    assert t.tags[-1] == "UNMIK"
    assert t.subject.startswith("ENGAGING THE NEW FRENCH GOVERNMENT")
    assert len(t.refs) == 5


def test_names_cables_use_for_posts(corpus: Path) -> None:
    t = read(corpus, "07BUENOSAIRES376")  # QUITO, USINT HAVANA; 'LA PAZ FEB 4470'
    names = {a.post.name for a in t.info}
    assert {"AMEMBASSY QUITO", "USINT HAVANA", "AMEMBASSY LA PAZ"} <= names
    assert any("'FEB' after 'AMEMBASSY LA PAZ'" in p.message for p in t.problems)


def test_partial_extract_is_a_problem_not_a_failure(corpus: Path) -> None:
    t = read(corpus, "04AMMAN1288")
    assert t.extract
    assert t.subject.endswith("PROBLEMS WITH SYRIA")
    assert any("partial extract" in p.message for p in t.problems)


def test_no_classification_line_takes_the_security_line(corpus: Path) -> None:
    t = read(corpus, "07LAPAZ3262")  # 'ZNY SSSSS ZZH', then SIPDIS and the E.O. line
    assert t.classification is ClassificationLevel.S
    assert t.declassification is not None
    assert any("no classification line" in p.message for p in t.problems)


def test_whole_corpus_reads_without_an_exception(corpus: Path) -> None:
    texts = sorted(corpus.glob("*.txt"))
    assert len(texts) == 995
    read_with_level = 0
    for path in texts:
        telegram = parse_telegram(path.read_text(encoding="utf-8"), source=path.name)
        read_with_level += telegram.serial is not None
    assert read_with_level >= 990


@pytest.mark.parametrize(
    ("cable", "at"),
    [
        ("09BERLIN1273", datetime(2009, 10, 9, 15, 47, tzinfo=UTC)),  # (CCY ADC1AECC ...) remark
        ("10BUENOSAIRES71", datetime(2010, 2, 4, 16, 14, tzinfo=UTC)),  # O R, then (CCY ...)
        ("10CARACAS163", datetime(2010, 2, 10, 22, 10, tzinfo=UTC)),  # ZFF3 operating signal
    ],
)
def test_a_dtg_line_with_a_remark_or_signal_after_the_year(
    corpus: Path, cable: str, at: datetime
) -> None:
    t = read(corpus, cable)
    assert t.dtg is not None
    assert t.dtg.at == at
    assert t.origin is not None
    assert t.action


def test_a_posts_database_export_reads_the_transmitted_telegram_below_its_preface(
    corpus: Path,
) -> None:
    t = read(corpus, "09DOHA214")  # "DB/Inbox: Search Results", ACTION: AMB, then VZCZC...
    assert t.dtg is not None
    assert t.dtg.at == datetime(2009, 3, 26, 13, 41, tzinfo=UTC)
    assert t.origin is not None
    assert t.origin.name == "AMEMBASSY DOHA"
    assert [a.post.name for a in t.action] == ["SECSTATE WASHDC"]
    assert t.classification is ClassificationLevel.S
    assert t.serial is not None
    assert (t.serial.station, t.serial.number) == ("DOHA", 214)
    assert any("database export's preface" in p.message for p in t.problems)


def test_a_military_collective_of_the_iraq_war_is_a_known_addressee(corpus: Path) -> None:
    t = read(corpus, "10ANKARA302")
    assert "MNF IRAQ C2 OPS" in [a.post.name for a in t.info]
    assert not [p for p in t.problems if "is not a post" in p.message]
