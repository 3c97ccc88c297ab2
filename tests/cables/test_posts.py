from __future__ import annotations

import pycountry
import pytest

from overflight.cables import POSTS
from overflight.cables.errors import UnknownPostError
from overflight.cables.plads import STATE_POSTS
from overflight.cables.posts import COLLECTIVE_POSTS, OFFICE_POSTS, normalise_plad, post_named


@pytest.mark.parametrize(
    ("name", "country", "ri"),
    [
        ("AMEMBASSY ANKARA", "TR", "RUEHAK"),
        ("amembassy  astana", "KZ", "RUEHTA"),
        ("AMCONSUL ASTANA", "KZ", "RUEHAST"),
        ("AMCONSUL ISTANBUL", "TR", "RUEHIT"),
        ("AMEMBASSY KABUL", "AF", "RUEHBUL"),
        ("AMCONSUL BELFAST", "GB", "RUEHBL"),
        ("AMEMBASSY MAJURO", "MH", "RUEHMJ"),
        ("USMISSION USUN NEW YORK NY", "", "RUCNDT"),
        ("SECSTATE WASHDC", "US", "RUEHC"),
    ],
)
def test_post_lookup(name: str, country: str, ri: str) -> None:
    post = post_named(name)
    assert (post.country, post.routing_indicator) == (country, ri)


def test_unknown_post_error_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownPostError) as caught:
        post_named("AMEMBASSY ANKRA")
    assert "AMEMBASSY ANKARA" in str(caught.value)
    with pytest.raises(UnknownPostError):
        post_named("AMEMBASSY ATLANTIS")


def test_every_country_in_the_table_is_an_iso_code() -> None:
    assert len(POSTS) == 273 + len(STATE_POSTS)
    for post in POSTS:
        if post.country:
            assert pycountry.countries.get(alpha_2=post.country) is not None, post


@pytest.mark.parametrize(
    ("written", "name", "country"),
    [
        ("AMEMBASSY QUITO", "AMEMBASSY QUITO", "EC"),  # the routing list spells it QUINTO
        ("AMEMBASSY QUINTO", "AMEMBASSY QUITO", "EC"),
        ("AMEMBASSY MEXICO", "AMEMBASSY MEXICO CITY", "MX"),
        ("AMEMBASSY PANAMA", "AMEMBASSY PANAMA CITY", "PA"),
        ("AMEMBASSY GUATEMALA", "AMEMBASSY GUATEMALA CITY", "GT"),
        ("AMEMBASSY KIEV", "AMEMBASSY KYIV", "UA"),
        ("AMEMBASSY ALMATY", "AMEMBASSY ASTANA", "KZ"),
        ("USINT HAVANA", "USINT HAVANA", "CU"),
        ("USMISSION USUN NEW YORK", "USMISSION USUN NEW YORK NY", ""),
        ("SECDEF WASHINGTON DC", "SECDEF WASHDC", "US"),
        ("CIA WASHINGTON DC", "CIA WASHDC", "US"),
        ("JOINT STAFF WASHDC//J-3/J-5//", "JOINT STAFF WASHDC", "US"),
        ("EUROPEAN POLITICAL COLLECTIVE", "EUROPEAN POLITICAL COLLECTIVE", ""),
        ("EU MEMBER STATES", "EU MEMBER STATES COLLECTIVE", ""),
    ],
)
def test_names_real_cables_use(written: str, name: str, country: str) -> None:
    post = post_named(written)
    assert (post.name, post.country) == (name, country)


def test_a_collective_the_table_lacks_is_still_a_collective() -> None:
    assert post_named("Andean  Collective").name == "ANDEAN COLLECTIVE"


def test_names_and_aliases_are_unique() -> None:
    seen: dict[str, str] = {}
    for post in (*POSTS, *COLLECTIVE_POSTS, *OFFICE_POSTS):
        for name in (post.name, *post.aliases):
            key = normalise_plad(name)
            assert seen.setdefault(key, post.name) == post.name, key
