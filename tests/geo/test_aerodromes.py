from __future__ import annotations

import re

import airportsdata
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.errors import InputError
from overflight.geo.aerodromes import (
    MAX_SUGGESTIONS,
    AerodromeNotFound,
    _codes,
    aerodromes_in,
    find_aerodrome,
    search_aerodromes,
)
from overflight.geo.states import state_codes
from overflight.model.geo import Aerodrome, GeoPoint

# Published aerodrome reference points (AIP / ICAO aerodrome data as reproduced in the public
# record), in decimal degrees; airportsdata must agree within 0.05 degrees (about 5 km).
PUBLISHED = [
    # icao, iata, country, lat, lon, city word
    ("ZKPY", "FNJ", "KP", 39.2242, 125.6700, "Pyongyang"),  # 39°13′27″N 125°40′12″E
    ("OSDI", "DAM", "SY", 33.4108, 36.5156, "Damascus"),  # 33°24′39″N 36°30′56″E
    ("ANYN", "INU", "NR", -0.5475, 166.9189, "Yaren"),  # 0°32′51″S 166°55′08″E (Nauru)
    ("NGFU", "FUN", "TV", -8.5250, 179.1967, "Funafuti"),  # 8°31′30″S 179°11′48″E (Tuvalu)
    ("BKPR", "PRN", "XK", 42.5728, 21.0358, ""),  # 42°34′22″N 21°02′09″E (Pristina)
]


@pytest.mark.parametrize(("icao", "iata", "country", "lat", "lon", "city"), PUBLISHED)
def test_icao_indicator_gives_the_published_aerodrome(
    icao: str, iata: str, country: str, lat: float, lon: float, city: str
) -> None:
    aerodrome = find_aerodrome(icao)
    assert aerodrome.icao == icao
    assert aerodrome.iata == iata
    assert aerodrome.country == country
    assert aerodrome.position.lat == pytest.approx(lat, abs=0.05)
    assert aerodrome.position.lon == pytest.approx(lon, abs=0.05)
    assert city in aerodrome.city


@pytest.mark.parametrize(("icao", "iata", "country", "lat", "lon", "city"), PUBLISHED)
def test_iata_code_gives_the_same_aerodrome(
    icao: str, iata: str, country: str, lat: float, lon: float, city: str
) -> None:
    assert find_aerodrome(iata) == find_aerodrome(icao)


def test_pyongyang_sunan_details() -> None:
    sunan = find_aerodrome("ZKPY")
    assert "Pyongyang" in sunan.name
    assert sunan.elevation_ft == pytest.approx(117, abs=20)  # 36 m published
    assert isinstance(sunan, Aerodrome)


@pytest.mark.parametrize("text", ["zkpy", " ZKPY ", "Zkpy", "fnj", " FNJ\t"])
def test_case_and_surrounding_spaces_do_not_matter(text: str) -> None:
    assert find_aerodrome(text).icao == "ZKPY"


def test_unknown_indicator_names_the_argument_and_offers_close_codes() -> None:
    with pytest.raises(AerodromeNotFound) as raised:
        find_aerodrome("zkpp", what="DEPARTURE")
    error = raised.value
    assert isinstance(error, InputError)
    assert error.what == "DEPARTURE"
    assert str(error).startswith("DEPARTURE: ")
    assert error.code == "ZKPP"
    assert "ZKPY" in [a.icao for a in error.suggestions]
    assert "ZKPY (Pyongyang International Airport, Pyongyang)" in error.message
    assert 1 <= len(error.suggestions) <= MAX_SUGGESTIONS
    for suggestion in error.suggestions:  # one substitution away, never the code itself
        assert sum(a != b for a, b in zip(suggestion.icao, "ZKPP", strict=True)) == 1


def test_unknown_iata_code_offers_iata_codes_one_letter_away() -> None:
    with pytest.raises(AerodromeNotFound) as raised:
        find_aerodrome("FNK")
    assert "FNJ" in [a.iata for a in raised.value.suggestions]
    assert "FNJ (ZKPY, Pyongyang International Airport, Pyongyang)" in raised.value.message
    for suggestion in raised.value.suggestions:
        assert sum(a != b for a, b in zip(suggestion.iata, "FNK", strict=True)) == 1


def test_a_city_name_in_place_of_a_code_suggests_its_aerodromes() -> None:
    with pytest.raises(AerodromeNotFound) as raised:
        find_aerodrome("DOHA")  # not an indicator; Doha's are OTHH (Hamad) and OTBD
    assert {"OTHH", "OTBD"} <= {a.icao for a in raised.value.suggestions}


def test_a_name_in_place_of_a_code_says_what_a_code_is_and_suggests_by_name() -> None:
    with pytest.raises(AerodromeNotFound) as raised:
        find_aerodrome("Pyongyang", what="--via")
    assert "4-letter ICAO location indicator" in raised.value.message
    assert raised.value.suggestions[0].icao == "ZKPY"


@pytest.mark.parametrize("text", ["ZK1P", "ZKPYX", "12", "Z", "Z-KP", "ZK PY"])
def test_malformed_codes_say_what_a_code_looks_like(text: str) -> None:
    with pytest.raises(AerodromeNotFound) as raised:
        find_aerodrome(text, what="DESTINATION")
    assert raised.value.what == "DESTINATION"
    assert "4-letter ICAO location indicator" in raised.value.message
    assert "3-letter IATA code" in raised.value.message


def test_empty_code_is_refused() -> None:
    with pytest.raises(AerodromeNotFound, match="empty"):
        find_aerodrome("  ")


def test_pseudo_codes_of_small_strips_are_not_accepted() -> None:
    table = airportsdata.load("ICAO")
    assert "00AA" in table  # an FAA local identifier, not an ICAO location indicator
    assert table["0AA1"]["iata"] == "CYT"  # Yakataga: an IATA code but no ICAO indicator
    with pytest.raises(AerodromeNotFound, match="not an aerodrome code"):
        find_aerodrome("00AA")
    with pytest.raises(AerodromeNotFound, match="IATA code CYT"):
        find_aerodrome("CYT")


def test_every_four_letter_indicator_in_airportsdata_is_found_with_its_row() -> None:
    table = airportsdata.load("ICAO")
    found = 0
    for icao, row in table.items():
        if len(icao) == 4 and icao.isascii() and icao.isalpha():
            aerodrome = find_aerodrome(icao)
            assert (aerodrome.icao, aerodrome.iata, aerodrome.country) == (
                icao,
                row["iata"],
                row["country"],
            )
            assert aerodrome.position.lat == row["lat"]
            found += 1
    assert found > 15_000


def test_every_iata_code_leads_to_an_aerodrome_with_that_code() -> None:
    for iata, row in airportsdata.load("IATA").items():
        if row["icao"].isalpha():
            aerodrome = find_aerodrome(iata)
            assert (aerodrome.icao, aerodrome.iata) == (row["icao"], iata)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Damascus", "OSDI"),
        ("damascus intl", "OSDI"),
        ("Damscus", "OSDI"),
        ("Pyongyang", "ZKPY"),
        ("Nauru", "ANYN"),
        ("Funafuti", "NGFU"),
        ("Heathrow", "EGLL"),
    ],
)
def test_search_by_name_or_city(text: str, first: str) -> None:
    assert search_aerodromes(text)[0].icao == first


def test_search_respects_the_limit_and_returns_distinct_aerodromes() -> None:
    found = search_aerodromes("London", limit=3)
    assert len(found) == 3
    assert len({a.icao for a in found}) == 3
    assert all("london" in f"{a.name} {a.city}".lower() for a in found)


@pytest.mark.parametrize(("text", "limit", "what"), [("  ", 5, "text"), ("Damascus", 0, "limit")])
def test_search_refuses_blank_text_and_bad_limits(text: str, limit: int, what: str) -> None:
    with pytest.raises(InputError) as raised:
        search_aerodromes(text, limit)
    assert raised.value.what == what


@pytest.mark.parametrize(("country", "icao"), [("KP", "ZKPY"), ("sy", "OSDI"), ("NR", "ANYN"),
                                               ("TV", "NGFU"), ("XK", "BKPR")])  # fmt: skip
def test_aerodromes_in_a_country(country: str, icao: str) -> None:
    aerodromes = aerodromes_in(country)
    assert icao in [a.icao for a in aerodromes]
    assert {a.country for a in aerodromes} == {country.upper()}
    assert [a.icao for a in aerodromes] == sorted(a.icao for a in aerodromes)


def test_aerodromes_in_a_state_with_none_is_empty() -> None:
    assert aerodromes_in("BV") == ()  # Bouvet Island: no aerodrome


@pytest.mark.parametrize("country", ["ZZ", "PRK", "North Korea", ""])
def test_aerodromes_in_wants_an_alpha2_code(country: str) -> None:
    with pytest.raises(InputError) as raised:
        aerodromes_in(country)
    assert raised.value.what == "country"


def test_every_aerodrome_country_is_a_known_state_code() -> None:
    total = 0
    for code in state_codes():
        total += len(aerodromes_in(code))
    table = airportsdata.load("ICAO")
    assert total == sum(1 for icao in table if len(icao) == 4 and icao.isalpha())


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=12))
def test_any_text_gives_an_aerodrome_or_a_typed_error(text: str) -> None:
    try:
        aerodrome = find_aerodrome(text)
    except AerodromeNotFound as error:
        suggestions = error.suggestions  # the only error that may escape, with few suggestions
        assert len(suggestions) <= MAX_SUGGESTIONS
    else:
        assert text.strip().upper() in (aerodrome.icao, aerodrome.iata)


def test_the_code_tables_equal_airportsdata_load_field_for_field() -> None:
    # _codes reads airports.csv itself (once, with a plain csv.reader): it must give exactly
    # what airportsdata.load gives, row for row and in the same order.
    by_icao = {
        icao: Aerodrome(
            icao=icao,
            iata=row["iata"],
            name=row["name"],
            city=row["city"],
            country=row["country"],
            position=GeoPoint(lat=row["lat"], lon=row["lon"]),
            elevation_ft=row["elevation"],
        )
        for icao, row in airportsdata.load("ICAO").items()
        if re.fullmatch("[A-Z]{4}", icao)
    }
    by_iata = {
        iata: row["icao"]
        for iata, row in airportsdata.load("IATA").items()
        if row["icao"] in by_icao
    }
    codes = _codes()
    assert list(codes.by_icao.items()) == list(by_icao.items())
    assert [(iata, a.icao) for iata, a in codes.by_iata.items()] == list(by_iata.items())
