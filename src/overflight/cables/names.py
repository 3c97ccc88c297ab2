"""Which states a piece of text names: country names, demonyms, places, posts' cities, codes.

The non-paper for one host state must not tell it who else was approached; this finds, in a
talking point, the other states it names however it names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rigour.territories import lookup_territory

from overflight.cables.posts import POSTS
from overflight.geo import state_of_indicator
from overflight.markings import alpha2_to_trigraph

__all__ = ["states_named"]

_WORD = re.compile(r"[^\W\d_]+")
_INDICATOR = re.compile(r"\(([A-Z]{4})\)")  # an aerodrome cited by its ICAO indicator: "(LTAJ)"
_LONGEST = 4  # words in the longest name looked up ("Islamic Republic of Afghanistan")
_SHORTEST = 4  # characters; shorter words ("en", "to") are codes or common words, not names
_POST_KINDS = ("AMEMBASSY", "AMCONSUL", "USMISSION", "USMISSIN", "USOFFICE", "USLO", "AIT")


def states_named(text: str, among: Iterable[str]) -> frozenset[str]:
    """The states of ``among`` (trigraphs) that the text names.

    A state is named by its trigraph in capitals (``KAZ``), by a name, demonym or place the
    territory register (rigour) knows for it or for a part of it (``Kazakhstan``, ``Kazakh``,
    ``Astana``), by the city of a U.S. post in it (``AMEMBASSY ASTANA``), or by an ICAO location
    indicator in parentheses (``Gaziantep (LTAJ)``). Names are matched
    longest first, so ``North Korea`` is not read as ``Korea``. Regions (``Central Asian``) are
    not states and are not found.

    Args:
        text: the text to search.
        among: trigraphs of the states to look for.
    """
    wanted = frozenset(among)
    if not wanted:
        return frozenset()
    words = _WORD.findall(text)
    found = {word for word in words if word in wanted and word.isupper()}
    for indicator in _INDICATOR.findall(text):
        country = state_of_indicator(indicator)
        if country:
            found.add(alpha2_to_trigraph(country))
    cities = _post_cities()
    index = 0
    while index < len(words):
        for size in range(min(_LONGEST, len(words) - index), 0, -1):
            phrase = " ".join(words[index : index + size])
            state = _state_called(phrase) or cities.get(phrase.upper(), "")
            if state:
                found.add(state)
                index += size
                break
        else:
            index += 1
    return frozenset(found & wanted)


@lru_cache(maxsize=8192)
def _state_called(phrase: str) -> str:
    """The trigraph of the state a name, demonym or place belongs to, ``""`` if none."""
    if len(phrase) < _SHORTEST:
        return ""
    territory = lookup_territory(phrase)
    while territory is not None and not territory.alpha3:
        territory = territory.parent
    return territory.alpha3.upper() if territory is not None and territory.alpha3 else ""


@lru_cache(maxsize=1)
def _post_cities() -> dict[str, str]:
    """Each post's city (``ASTANA`` of ``AMEMBASSY ASTANA``) to its host state's trigraph."""
    cities: dict[str, str] = {}
    for post in POSTS:
        kind, _, city = post.name.partition(" ")
        if post.country and kind in _POST_KINDS and len(city) >= _SHORTEST:
            name = " ".join(_WORD.findall(city)).upper()
            cities.setdefault(name, alpha2_to_trigraph(post.country))
    return cities
