from __future__ import annotations

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rigour.territories import get_territory

from overflight.errors import InputError
from overflight.geo.states import (
    SOVEREIGNS,
    alpha3,
    parse_state,
    sovereign_of,
    state_codes,
    state_name,
)
from overflight.model.geo import INTERNATIONAL

# Dependencies and the state that administers them (CIA World Factbook "dependency status" and
# the UN list of member states, read by hand).
DEPENDENCIES = [
    ("GL", "DK"), ("FO", "DK"), ("PF", "FR"), ("NC", "FR"), ("RE", "FR"), ("GU", "US"),
    ("PR", "US"), ("VI", "US"), ("AS", "US"), ("MP", "US"), ("UM", "US"), ("HK", "CN"),
    ("MO", "CN"), ("AX", "FI"), ("BM", "GB"), ("GI", "GB"), ("KY", "GB"), ("FK", "GB"),
    ("GS", "GB"), ("SH", "GB"), ("IO", "GB"), ("VG", "GB"), ("MS", "GB"), ("TC", "GB"),
    ("AI", "GB"), ("PN", "GB"), ("JE", "GB"), ("GG", "GB"), ("IM", "GB"), ("AW", "NL"),
    ("CW", "NL"), ("SX", "NL"), ("BQ", "NL"), ("CK", "NZ"), ("NU", "NZ"), ("TK", "NZ"),
    ("NF", "AU"), ("CX", "AU"), ("CC", "AU"), ("HM", "AU"), ("TF", "FR"), ("PM", "FR"),
    ("WF", "FR"), ("BL", "FR"), ("MF", "FR"), ("YT", "FR"), ("GF", "FR"), ("GP", "FR"),
    ("MQ", "FR"), ("SJ", "NO"), ("BV", "NO"),
]  # fmt: skip

# Not UN members, but their own airspace question (or nobody's, for Antarctica).
SELF_GOVERNED_NON_MEMBERS = ("TW", "PS", "EH", "XK", "VA", "AQ")


@pytest.mark.parametrize(("territory", "sovereign"), DEPENDENCIES)
def test_dependency_maps_to_administering_state(territory: str, sovereign: str) -> None:
    assert sovereign_of(territory) == sovereign


@pytest.mark.parametrize("code", [*SELF_GOVERNED_NON_MEMBERS, "KP", "SY", "FR", "GB", "NR", "TV"])
def test_states_and_disputed_entities_map_to_themselves(code: str) -> None:
    assert sovereign_of(code) == code


def test_table_is_exactly_the_listed_dependencies() -> None:
    assert dict(SOVEREIGNS) == dict(DEPENDENCIES)


def test_what_is_left_is_the_193_un_members() -> None:
    members = state_codes() - set(SOVEREIGNS) - set(SELF_GOVERNED_NON_MEMBERS)
    assert len(members) == 193
    assert {"KP", "SY", "IR", "NR", "TV", "SS", "MC", "SM", "LI"} <= members


def test_every_code_maps_to_a_valid_code_that_maps_to_itself() -> None:
    for code in state_codes():
        sovereign = sovereign_of(code)
        assert sovereign in state_codes()
        assert sovereign_of(sovereign) == sovereign


def test_table_agrees_with_rigour_parents_where_rigour_has_one() -> None:
    checked = 0
    for code in state_codes():
        territory = get_territory(code.lower())
        if territory is not None and territory.parent is not None:
            parent = territory.parent.code.upper()
            if parent in state_codes():
                assert sovereign_of(code) == parent, code
                checked += 1
    assert checked >= 25


def test_state_codes_are_pycountry_alpha2_plus_kosovo() -> None:
    assert state_codes() == {c.alpha_2 for c in pycountry.countries} | {"XK"}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("KP", "North Korea"),
        ("kp", "North Korea"),
        ("IR", "Iran"),
        ("TW", "Taiwan"),
        ("RU", "Russian Federation"),
        ("NR", "Nauru"),
        ("XK", "Kosovo"),
        ("CG", "Republic of the Congo"),
        (INTERNATIONAL, "International airspace"),
    ],
)
def test_state_name(code: str, name: str) -> None:
    assert state_name(code) == name


@pytest.mark.parametrize(("code", "trigraph"), [("GB", "GBR"), ("KP", "PRK"), ("SY", "SYR"),
                                                ("XK", "XKS"), ("us", "USA")])  # fmt: skip
def test_alpha3(code: str, trigraph: str) -> None:
    assert alpha3(code) == trigraph


@pytest.mark.parametrize("function", [state_name, alpha3, sovereign_of])
@pytest.mark.parametrize("code", ["XX", "UK", "GBR", "1", " "])
def test_unknown_codes_are_input_errors(function, code: str) -> None:
    with pytest.raises(InputError) as raised:
        function(code)
    assert raised.value.what == "state"
    assert "alpha-2" in raised.value.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("KP", "KP"),
        (" kp ", "KP"),
        ("PRK", "KP"),
        ("prk", "KP"),
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("Republic of Korea", "KR"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("Syrai", "SY"),
        ("Russia", "RU"),
        ("Iran", "IR"),
        ("Burma", "MM"),
        ("Turkey", "TR"),
        ("UK", "GB"),
        ("USA", "US"),
        ("Kosovo", "XK"),
        ("XK", "XK"),
        ("XKX", "XK"),
        ("XKS", "XK"),
        ("Taiwan", "TW"),
        ("Palestine", "PS"),
        ("Guinea", "GN"),
        ("Guinea-Bissau", "GW"),
        ("Niger", "NE"),
        ("Nigeria", "NG"),
        ("Nauru", "NR"),
        ("Tuvalu", "TV"),
        ("Greenland", "GL"),
        ("Afganistan", "AF"),
        ("Irak", "IQ"),
    ],
)
def test_parse_state(text: str, code: str) -> None:
    assert parse_state(text) == code


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Korea", ["KP", "KR"]),
        ("Congo", ["CD", "CG"]),
        ("Virgin Islands", ["VG", "VI"]),
        ("Scotland", ["part of GB"]),
        ("Crimea", ["part of UA"]),
        ("Soviet Union", ["not a current state"]),
        ("Atlantis", ["not a state"]),
        ("Austrlia", ["AU", "AT"]),  # one letter from both: name them, choose neither
        ("", ["empty"]),
        ("   ", ["empty"]),
    ],
)
def test_parse_state_refuses_with_reasons(text: str, says: list[str]) -> None:
    with pytest.raises(InputError) as raised:
        parse_state(text, what="--state")
    assert raised.value.what == "--state"
    assert str(raised.value).startswith("--state: ")
    for part in says:
        assert part in raised.value.message


def test_every_name_trigraph_and_code_we_print_reads_back() -> None:
    for code in state_codes():
        for text in (code, code.lower(), alpha3(code), state_name(code)):
            assert parse_state(text) == code, text


@given(st.text(max_size=40))
def test_parse_state_returns_a_known_code_or_an_input_error(text: str) -> None:
    try:
        code = parse_state(text)
    except InputError as error:
        code = error.what  # only a typed error may escape, and it names the argument
    assert code in state_codes() | {"state"}
