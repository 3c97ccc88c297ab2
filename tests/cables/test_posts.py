from __future__ import annotations

import pycountry
import pytest

from overflight.cables import POSTS, UnknownPostError, post_named


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
    assert len(POSTS) == 273
    for post in POSTS:
        if post.country:
            assert pycountry.countries.get(alpha_2=post.country) is not None, post
