"""Operator names as analysts type them, in any script, found on the real OFAC and UN lists."""

from __future__ import annotations

import pytest

from overflight.watchlist import Schema, WatchlistIndex, analyse_name
from overflight.watchlist.transliteration import latinise

THRESHOLD = 0.9  # the packaged policy's name_match_threshold

FOUND = [
    # (query, OFAC/UN reference of the entity that must come first)
    ("AIR KORYO AIRLINES", "20520"),
    ("Air Koryo Airlines", "20520"),
    ("Air Koryo Aviation", "20520"),
    ("Mahan Airlines", "12927"),  # MAHAN AIR, not CASPIAN AIRLINES
    ("Mahan Airways", "12927"),
    ("Mahan Air Lines Company Limited", "12927"),
    ("Эйр Корё", "20520"),  # Cyrillic
    ("АВИАКОМПАНИЯ МАХАН ЭЙР", "12927"),
    ("고려항공", "20520"),  # Korean
    ("ماهان ایر", "12927"),  # Persian, as the EU list writes Mahan Air
    ("ایران ایر", "25237"),
    ("Meraj Airlines", "17227"),
]


@pytest.mark.parametrize(("query", "ref"), FOUND)
def test_operator_variant_finds_the_listed_airline_first(real_index, query, ref):
    matches = real_index.match_name(query, schema=Schema.ORGANISATION, threshold=THRESHOLD)
    assert matches, query
    assert matches[0].entity.source_ref == ref


def test_korean_person_name_in_hangul_finds_its_mccune_reischauer_entry(
    real_index: WatchlistIndex,
) -> None:
    [first, *_] = real_index.match_name("리정철", schema=Schema.PERSON, threshold=THRESHOLD)
    assert first.entity.source_ref == "18668"  # RI, Chong Chol


@pytest.mark.parametrize(
    ("hangul", "ref", "caption"),
    [
        ("김정은", "20157", "KIM, Jong Un"),  # voiced inside the word: chong → jong
        ("김여정", "21444", "KIM, Yo Jong"),
        ("최룡해", "23213", "CHOE, Ryong Hae"),
        ("리정철", "18668", "RI, Chong Chol"),  # the lists' unvoiced reading still wins here
    ],
)
def test_korean_names_in_hangul_are_read_voiced_and_unvoiced(
    real_index: WatchlistIndex, hangul: str, ref: str, caption: str
) -> None:
    [first, *_] = real_index.match_name(hangul, schema=Schema.PERSON, threshold=THRESHOLD)
    assert (first.entity.source_ref, first.entity.caption, first.score) == (ref, caption, 1.0)


def test_hangul_readings() -> None:
    assert latinise("김정은") == "kimchongun"
    assert latinise("김정은", voiced=True) == "kimjongun"
    # Aspirated and tense consonants, and a syllable after a stop, stay as they are.
    assert latinise("박봉주 최철", voiced=True) == "pakpongju choechol"
    assert analyse_name("Kim Jong Un").squashed == analyse_name("김정은", voiced=True).squashed


NOT_FOUND = ["Air", "Airlines", "Air India", "Air China", "Japan Airlines", "Iran Aseman Airlines"]


@pytest.mark.parametrize("query", NOT_FOUND)
def test_unlisted_or_generic_names_find_nothing(real_index, query):
    assert real_index.match_name(query, schema=Schema.ORGANISATION, threshold=THRESHOLD) == ()


def test_airline_words_fold_to_one_air() -> None:
    assert analyse_name("AIR KORYO AIRLINES").core == analyse_name("Air Koryo").core
    assert analyse_name("AIR KORYO AIRLINES").core[0] == "air"
    assert analyse_name("Mahan Air Lines").text == analyse_name("MAHAN AIR").text
    assert analyse_name("Limited Liability Company Sky Avia").legal == ("llc",)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("AERO COURIER CARGO", "АЕРО КОУРИЕР КАРГО"),  # c/k across scripts
        ("MERAJ AIR", "МЕРАДЖ АИР"),  # дж is j
        ("AERO CONTINENTE E.I.R.L.", "Aero Continente E I R L"),  # spaced initials
        ("GOMEI AIR SERVICES CO., LTD.", "ГОМЕИ АИР СЕРВИСЕС КО., ЛТД."),
        ("YANGON AIRWAYS COMPANY LIMITED", "YANGON AIRWAYS COPMANY LIMITED"),  # typed slip
    ],
)
def test_spellings_that_vary_between_scripts_meet(one, other):
    assert analyse_name(one).text == analyse_name(other).text


@pytest.mark.parametrize(("tail", "other"), [("EP-MNQ", "EP-MNK"), ("EX-35011", "EX-35012")])
def test_registrations_keep_every_letter(tail, other):
    assert analyse_name(tail).text != analyse_name(other).text
    assert analyse_name(tail).text == analyse_name(tail.replace("-", " ")).text


@pytest.mark.parametrize(
    ("query", "ref"), [("MAHEN AIR", "12927"), ("AIR KORSO", "20520"), ("MERAJ AIRWAIS", "17227")]
)
def test_one_slip_in_a_long_word_still_finds_the_operator(real_index, query, ref):
    [first, *_] = real_index.match_name(query, schema=Schema.ORGANISATION, threshold=THRESHOLD)
    assert first.entity.source_ref == ref
    assert first.score >= THRESHOLD


@pytest.mark.parametrize("query", ["DANA AIR", "IRAQ AIR", "MAHIN KISH AIR"])
def test_other_airlines_one_letter_away_in_short_words_are_not_found(real_index, query):
    assert real_index.match_name(query, schema=Schema.ORGANISATION, threshold=THRESHOLD) == ()
