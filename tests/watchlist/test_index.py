from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.errors import InputError
from overflight.watchlist import (
    Entity,
    IdentifierKind,
    NameKind,
    Schema,
    WatchlistIndex,
    analyse_name,
)
from overflight.watchlist.entity import EntityName, Identifier, SourceList
from overflight.watchlist.matches import MatchBasis


def _entity(ref: str, schema: Schema, *names: str, idents: tuple[Identifier, ...] = ()) -> Entity:
    kinds = (NameKind.PRIMARY,) + (NameKind.AKA,) * (len(names) - 1)
    return Entity(
        id=f"t-{ref}",
        schema=schema,
        names=tuple(EntityName(n, k) for n, k in zip(names, kinds, strict=True)),
        source=SourceList.OFAC_SDN,
        source_ref=ref,
        identifiers=idents,
    )


@pytest.fixture(scope="module")
def small_index() -> WatchlistIndex:
    reg = IdentifierKind.REGISTRATION
    return WatchlistIndex.build(
        [
            _entity("1", Schema.ORGANISATION, "AIR KORYO", "AIRKORYO"),
            _entity("2", Schema.AIRCRAFT, "P-912", idents=(Identifier(reg, "P-912"),)),
            _entity("3", Schema.AIRCRAFT, "P-913", idents=(Identifier(reg, "P-913"),)),
            _entity("4", Schema.PERSON, "NORIEGA, Manuel Antonio"),
            _entity("5", Schema.ORGANISATION, "고려항공"),
        ]
    )


def test_legal_forms_apostrophes_and_scripts_fold() -> None:
    assert analyse_name("CH'O'NGSONG YO'NHAP").text == analyse_name("chongsong yonhap").text
    assert analyse_name("Mahan Air Co.").text == analyse_name("MAHAN AIR").text
    assert (
        analyse_name("Общество с ограниченной ответственностью “Интер Тобако”").text
        == "inter tobako"
    )
    assert analyse_name("CORPORATION").core == ("corporation",)


def test_match_explains_name_features_and_score(small_index: WatchlistIndex) -> None:
    match, hangul = small_index.match_name("Air Koryo Ltd.", limit=5)
    assert (match.entity.source_ref, hangul.entity.source_ref) == ("1", "5")  # 고려항공 too
    assert match.basis is MatchBasis.NAME
    assert match.score == 1.0
    assert {f.name for f in match.features} >= {"comparable_exact", "legal_form_ignored"}
    assert "AIR KORYO" in match.explain()


def test_word_order_and_spacing(small_index: WatchlistIndex) -> None:
    assert small_index.match_name("Manuel Antonio Noriega")[0].entity.source_ref == "4"
    assert small_index.match_name("AIRKORYO")[0].entity.source_ref == "1"


def test_number_mismatch_is_penalised_in_names(small_index: WatchlistIndex) -> None:
    matches = small_index.match_name("P-912", threshold=0.0)
    scores = {m.entity.source_ref: m for m in matches}
    assert scores["2"].score == 1.0
    assert scores["3"].score < 0.8
    assert "number_mismatch" in {f.name for f in scores["3"].features}


def test_schema_filter(small_index: WatchlistIndex) -> None:
    assert small_index.match_name("Air Koryo", schema=Schema.PERSON) == ()


def test_hangul_name_is_found_by_its_own_script_and_its_latin_one(
    small_index: WatchlistIndex,
) -> None:
    found = small_index.match_name("고려항공")
    assert [(m.entity.source_ref, m.score) for m in found] == [("1", 1.0), ("5", 1.0)]


def test_identifiers_match_exactly(small_index: WatchlistIndex) -> None:
    [hit] = small_index.match_identifier(IdentifierKind.REGISTRATION, "p912")
    assert hit.entity.source_ref == "2"
    assert hit.identifier is not None
    assert small_index.match_identifier(IdentifierKind.REGISTRATION, "P-914") == ()
    with pytest.raises(InputError):
        small_index.match_identifier(IdentifierKind.REGISTRATION, "--")


def test_real_lists_never_scan_everything(real_index: WatchlistIndex) -> None:
    form = analyse_name("KOREAN TANGUN TRADING CORPORATION")
    candidates = real_index.candidates(form)
    assert 0 < len(candidates) <= 50 < real_index.name_count


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, *Schema]))
def test_any_query_returns_sorted_bounded_scores(
    small_index: WatchlistIndex, text: str, schema
) -> None:
    matches = small_index.match_name(text, schema=schema, limit=3, threshold=0.0)
    assert len(matches) <= 3
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
