"""A screened person's date of birth and nationality, weighed against real listed persons."""

from __future__ import annotations

import pytest

from overflight.errors import InputError
from overflight.watchlist import Entity, Schema, WatchlistIndex
from overflight.watchlist.birth_dates import birth_date, same_birth_year
from overflight.watchlist.ofac_remarks import parse_remarks
from overflight.watchlist.qualifiers import person_facts


@pytest.fixture(scope="module")
def un_index(un_entities: tuple[Entity, ...]) -> WatchlistIndex:
    return WatchlistIndex.build(un_entities)


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("18 Jun 1967", "1967-06-18"),
        ("Jun 1967", "1967-06"),
        ("circa 1957", "1957"),
        ("1960 to 1962", "1960/1962"),
        ("01 Jan 1960 to 31 Dec 1962", "1960/1962"),
        ("1944-10-13", "1944-10-13"),
        ("1944-10-13T00:00:00", "1944-10-13"),
        ("Sept. 1980", "1980-09"),
        ("31 Feb 1967", ""),
        ("1962 to 1960", ""),
        ("12/05/1401 (Hijri Calendar)", ""),
    ],
)
def test_printed_birth_dates_read_to_iso_at_their_precision(printed: str, iso: str) -> None:
    assert birth_date(printed) == iso


def test_birth_years_agree_within_a_span_and_not_outside() -> None:
    assert same_birth_year("1960/1962", "1961-05-01")
    assert same_birth_year("1944-10-13", "1944")
    assert not same_birth_year("1960/1962", "1963")
    assert not same_birth_year("1944-10-13", "1945-10-13")


def test_ofac_remarks_give_birth_dates_and_nationalities() -> None:
    facts = parse_remarks(
        "DOB 1964; alt. DOB 28 Aug 1962; nationality Korea, North; citizen Iran; "
        "Passport 290320764; Linked To: TANCHON COMMERCIAL BANK."
    )
    assert facts.birth_dates == ("1964", "1962-08-28")
    assert facts.nationalities == ("Korea, North", "Iran")


def test_unreadable_facts_are_refused_not_ignored() -> None:
    with pytest.raises(InputError, match="not a date of birth"):
        person_facts("last spring")
    with pytest.raises(InputError, match="not a country"):
        person_facts("", "Atlantis")


def test_un_dprk_person_right_birth_date_scores_up_wrong_one_down(un_index) -> None:
    """KPi.001 YUN HO-JIN, born 1944-10-13, DPRK: the UN list as published (2026-02-27)."""
    name, threshold = "Yoon Ho-jin", 0.9  # the screening policy's name threshold

    def kpi001(birth: str, floor: float = threshold) -> list:
        facts = person_facts(birth) if birth else None
        found = un_index.match_name(name, Schema.PERSON, threshold=floor, facts=facts)
        return [m for m in found if m.entity.source_ref == "KPi.001"]

    (base,) = kpi001("")
    (up,) = kpi001("1944")
    assert base.score == 0.9
    assert up.score == pytest.approx(0.99)
    assert "birth_year_match=1.10 (born 1944, listed 1944-10-13)" in up.explain()
    assert kpi001("1971-03-02") == []  # 0.9 x 0.80 = 0.72: below the threshold
    (down,) = kpi001("1971-03-02", floor=0.7)
    assert down.score == pytest.approx(0.72)
    assert "birth_year_mismatch=0.80 (born 1971-03-02, listed 1944-10-13)" in down.explain()


def test_un_nationality_scores_up_or_down_and_unknown_leaves_the_name(un_index) -> None:
    name = "YUN HO-JIN"
    (korean,) = [
        m for m in un_index.match_name(name, facts=person_facts("", "KP")) if m.score == 1.0
    ]
    assert "nationality_match=1.05 (KP, listed KP)" in korean.explain()
    other = un_index.match_name(name, threshold=0.85, facts=person_facts("", "Japan"))
    hit = next(m for m in other if m.entity.source_ref == "KPi.001")
    assert hit.score == 0.9
    assert "nationality_mismatch=0.90 (JP, listed KP)" in hit.explain()
    # An organisation is never qualified by a person's facts; a person without a listed
    # date of birth keeps the name score whatever date is given.
    koryo = un_index.match_name("Korea Mining Development Trading Corporation")[0]
    same = un_index.match_name(
        "Korea Mining Development Trading Corporation", facts=person_facts("1950", "JP")
    )[0]
    assert (koryo.entity.id, koryo.score) == (same.entity.id, same.score)
    undated = [e for e in un_index.entities if e.schema is Schema.PERSON and not e.birth_dates]
    assert undated
    caption = undated[0].caption
    before = un_index.match_name(caption, Schema.PERSON)[0]
    after = un_index.match_name(caption, Schema.PERSON, facts=person_facts("1900"))[0]
    assert (before.entity.id, before.score) == (after.entity.id, after.score)


def test_un_and_ofac_real_persons_carry_birth_dates_and_nationalities(
    un_entities: tuple[Entity, ...], ofac_entities: tuple[Entity, ...]
) -> None:
    yun = next(e for e in un_entities if e.source_ref == "KPi.001")
    assert (yun.birth_dates, yun.nationalities) == (("1944-10-13",), ("KP",))
    kim = next(e for e in ofac_entities if e.source_ref == "11648")
    assert (kim.birth_dates, kim.nationalities) == (("1964", "1962-08-28"), ("KP",))
    persons = [e for e in un_entities if e.schema is Schema.PERSON]
    assert sum(bool(e.birth_dates) for e in persons) / len(persons) > 0.9
