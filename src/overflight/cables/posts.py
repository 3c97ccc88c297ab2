"""Posts (embassies, consulates, missions), collectives and offices by their plain language address.

Sources: the ACP 117 (2010) routing list (``acp117.py``) and the addressees real telegrams of the
2010 public release use beyond it (``plads.py``: posts the list lacks, former and short names,
collectives, Washington agencies and military commands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process

from overflight.cables.acp117 import ACP117_POSTS
from overflight.cables.errors import UnknownPostError
from overflight.cables.plads import (
    ALIASES,
    COLLECTIVE_ALIASES,
    COLLECTIVES,
    OFFICE_ALIASES,
    OFFICES,
    SPELLINGS,
    STATE_POSTS,
)

__all__ = [
    "COLLECTIVE_POSTS",
    "OFFICE_POSTS",
    "ORIGINATORS",
    "POSTS",
    "Post",
    "normalise_plad",
    "post_named",
]


@dataclass(frozen=True, slots=True)
class Post:
    """A post or office that sends or receives telegrams.

    Attributes:
        name: the plain language address (``AMEMBASSY ANKARA``).
        country: ISO 3166-1 alpha-2 code of the host state, ``""`` when there is none
            (multilateral missions, collectives) or it is not known.
        routing_indicator: the ACP 127 routing indicator (``RUEHAK``), ``""`` if unknown.
        aliases: other names of the same post: former names (``AMEMBASSY KIEV``), the short
            forms cables write (``AMEMBASSY MEXICO``), the routing list's misspellings.
    """

    name: str
    country: str = ""
    routing_indicator: str = ""
    aliases: tuple[str, ...] = ()


ORIGINATORS: tuple[Post, ...] = (
    Post("SECSTATE WASHDC", "US", "RUEHC", ALIASES["SECSTATE WASHDC"]),
    Post("SECDEF WASHDC", "US", "RUEKJCS"),
)
"""Washington offices that originate telegrams (not in the list of posts abroad)."""


def _listed_post(name: str, ri: str, country: str) -> Post:
    corrected, corrected_country = SPELLINGS.get(name, (name, country))
    aliases = ALIASES.get(corrected, ())
    if corrected != name:
        aliases = (*aliases, name)
    return Post(corrected, corrected_country, ri, aliases)


POSTS: tuple[Post, ...] = (
    *(_listed_post(name, ri, country) for name, ri, country in ACP117_POSTS),
    *(Post(name, country, ri, ALIASES.get(name, ())) for name, ri, country in STATE_POSTS),
)
"""Every post abroad: the ACP 117 (2010) routing list in list order, then those it lacks."""

COLLECTIVE_POSTS: tuple[Post, ...] = tuple(
    Post(name, "", ri, COLLECTIVE_ALIASES.get(name, ())) for name, ri in COLLECTIVES
)
"""Collective addresses (a group of posts under one routing indicator)."""

OFFICE_POSTS: tuple[Post, ...] = tuple(
    Post(name, country, ri, OFFICE_ALIASES.get(name, ())) for name, ri, country in OFFICES
)
"""Washington agencies and military commands that telegrams are addressed to."""

_OFFICE_SUFFIX = re.compile(r"\s*//.*$")
_WASHINGTON = re.compile(r"\bWASHINGTON,? D\.?C\.?$")


def normalise_plad(name: str) -> str:
    """A plain language address as looked up: upper case, single spaces, no ``//office//``.

    ``WASHINGTON DC`` is written ``WASHDC`` as the routing list does, so both spellings match.
    """
    key = " ".join(_OFFICE_SUFFIX.sub("", name).upper().split())
    return _WASHINGTON.sub("WASHDC", key)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Post]:
    table: dict[str, Post] = {}
    for post in (*ORIGINATORS, *POSTS, *COLLECTIVE_POSTS, *OFFICE_POSTS):
        table.setdefault(normalise_plad(post.name), post)
    for post in (*ORIGINATORS, *POSTS, *COLLECTIVE_POSTS, *OFFICE_POSTS):
        for alias in post.aliases:
            table.setdefault(normalise_plad(alias), post)
    return table


def post_named(name: str) -> Post:
    """The post with this plain language address or one of its other names.

    Case, spacing, an ``//office//`` suffix and ``WASHINGTON DC`` for ``WASHDC`` do not matter.
    A name ending in ``COLLECTIVE`` that the table does not hold is taken as a collective.

    Raises:
        UnknownPostError: no such post; the message suggests the closest name.
    """
    key = normalise_plad(name)
    post = _by_name().get(key)
    if post is not None:
        return post
    if key.endswith(" COLLECTIVE") and len(key) > len(" COLLECTIVE"):
        return Post(key)
    best = process.extractOne(key, list(_by_name()), score_cutoff=80)
    raise UnknownPostError(name, best[0] if best else "")
