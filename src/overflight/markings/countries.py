"""Country codes in release markings: trigraphs, tetragraphs and the names cables use instead.

Release lists use ISO 3166-1 alpha-3 trigraphs (``REL TO USA, TUR``) and a few tetragraphs for
groups of countries or organisations. Cables often write country names (``REL Turkey``,
``REL AFGHANISTAN, KYRGYZSTAN``); :func:`to_trigraph` maps those to trigraphs.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from rigour.territories import lookup_territory

__all__ = [
    "FVEY",
    "TETRAGRAPHS",
    "alpha2_to_trigraph",
    "to_trigraph",
    "trigraph_to_alpha2",
]

FVEY: tuple[str, ...] = ("AUS", "CAN", "GBR", "NZL", "USA")
"""The Five Eyes, as CAPCO lists them (table 5: AUS, CAN, GBR, NZL, USA)."""

TETRAGRAPHS: frozenset[str] = frozenset({"FVEY", "NATO", "ISAF", "ACGU"})
"""Group codes a release list may carry; FVEY expands to its members, the others stay as codes
that a reader's organisation can satisfy."""

_NAME_ALIASES = {
    # Names cables use that the territory register does not know as such.
    "BRITAIN": "GBR",
    "GREAT BRITAIN": "GBR",
    "UK": "GBR",
    "US": "USA",
    "UNITED STATES": "USA",
    "REPUBLIC CONGO": "COG",
    "DEMOCRATIC REPUBLIC CONGO": "COD",
}


@lru_cache(maxsize=1024)
def to_trigraph(text: str) -> str:
    """The trigraph (or tetragraph) a release list entry names.

    Accepts a trigraph (``TUR``), a tetragraph from :data:`TETRAGRAPHS` (``NATO``) or a country
    name in any case (``Turkey``, ``KYRGYZSTAN``, ``Britain``).

    Raises:
        ValueError: the entry names no country and no known group.
    """
    key = " ".join(text.replace(".", "").split()).upper()
    if not key:
        raise ValueError("empty country entry")
    if len(key) == 3 and key.isalpha() and pycountry.countries.get(alpha_3=key) is not None:
        return key
    if key in TETRAGRAPHS:
        return key
    if key in _NAME_ALIASES:
        return _NAME_ALIASES[key]
    if len(key) > 3:
        territory = lookup_territory(key)
        if territory is not None and territory.alpha3 and "-" not in territory.code:
            return territory.alpha3.upper()
    raise ValueError(f"{text!r} is not a known country trigraph, tetragraph or country name")


def trigraph_to_alpha2(trigraph: str) -> str:
    """The ISO alpha-2 code of a country trigraph (``TUR`` -> ``TR``).

    Raises:
        ValueError: not a country trigraph.
    """
    country = pycountry.countries.get(alpha_3=trigraph.upper())
    if country is None:
        raise ValueError(f"{trigraph!r} is not an ISO 3166-1 alpha-3 code")
    return str(country.alpha_2)


def alpha2_to_trigraph(alpha2: str) -> str:
    """The trigraph of an ISO alpha-2 country code (``TR`` -> ``TUR``).

    Raises:
        ValueError: not an ISO alpha-2 code.
    """
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    if country is None:
        raise ValueError(f"{alpha2!r} is not an ISO 3166-1 alpha-2 code")
    return str(country.alpha_3)
