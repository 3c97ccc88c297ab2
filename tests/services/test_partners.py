"""The partners file: who alerts are released to, read with the line of every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.errors import ParseError
from overflight.markings import ClassificationLevel, may_read, parse_portion
from overflight.services.partners import read_partners

PARTNERS = """\
partners:
  - name: USA
    clearance: TS
    nationality: USA
  - name: KAZ
    clearance: S
    nationality: Kazakhstan
  - name: DEU
    clearance: S
    nationality: DEU
    groups: [NATO]
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "partners.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_partner_reads_as_its_clearance_nationality_and_groups_allow(tmp_path) -> None:
    usa, kaz, deu = read_partners(_file(tmp_path, PARTNERS))
    assert (usa.name, usa.reader.clearance) == ("USA", ClassificationLevel.TS)
    assert kaz.reader.nationality == "KAZ"  # a country name becomes its trigraph
    assert deu.consumer == "partner-DEU"
    released = parse_portion("(S//REL TO USA, KAZ)")
    assert [p.name for p in (usa, kaz, deu) if may_read(p.reader, released).allowed] == [
        "USA",
        "KAZ",
    ]
    nato = parse_portion("(S//REL TO USA, NATO)")
    assert [p.name for p in (usa, kaz, deu) if may_read(p.reader, nato).allowed] == [
        "USA",
        "DEU",
    ]


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (PARTNERS.replace("S\n    nationality: Kaz", "Q\n    nationality: Kaz"), 6,
         "partners[1].clearance"),
        (PARTNERS.replace("Kazakhstan", "Atlantis"), 7, "not a known country"),
        (PARTNERS.replace("nationality: DEU", "nationality: NATO"), 10, "a group, not a country"),
        (PARTNERS.replace("name: KAZ", "name: kz"), 5, "partners[1].name"),
        (PARTNERS.replace("[NATO]", "[nato]"), 11, "a group is a trigraph"),
        (PARTNERS.replace("name: DEU", "name: USA"), 8, "USA is listed twice"),
        (PARTNERS + "    colour: red\n", 12, "partners[2].colour"),
        ("partners: []\n", 1, "partners"),
        ("partners:\n  - name: [\n", 3, "not valid YAML"),
    ],
)  # fmt: skip
def test_a_bad_file_names_the_line_and_field(tmp_path, text, line, says) -> None:
    with pytest.raises(ParseError) as caught:
        read_partners(_file(tmp_path, text))
    assert says in str(caught.value)
    assert caught.value.source.endswith("partners.yaml")
    assert caught.value.line == line
