"""Posts (embassies, consulates, missions) by their plain language address, with host country."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process

from overflight.cables.acp117 import ACP117_POSTS
from overflight.cables.errors import UnknownPostError

__all__ = ["ORIGINATORS", "POSTS", "Post", "post_named"]


@dataclass(frozen=True, slots=True)
class Post:
    """A post or office that sends or receives telegrams.

    Attributes:
        name: the plain language address, as routing lists spell it (``AMEMBASSY ANKARA``).
        country: ISO 3166-1 alpha-2 code of the host state, ``""`` when there is none
            (multilateral missions, US offices) or it is not known.
        routing_indicator: the ACP 127 routing indicator (``RUEHAK``), ``""`` if unknown.
    """

    name: str
    country: str = ""
    routing_indicator: str = ""


ORIGINATORS: tuple[Post, ...] = (
    Post("SECSTATE WASHDC", "US", "RUEHC"),
    Post("SECDEF WASHDC", "US", ""),
)
"""Washington offices that originate telegrams (not in the list of posts abroad)."""

POSTS: tuple[Post, ...] = tuple(Post(name, country, ri) for name, ri, country in ACP117_POSTS)
"""Every post of the ACP 117 (2010) routing list, in list order."""


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Post]:
    table: dict[str, Post] = {}
    for post in (*ORIGINATORS, *POSTS):
        table.setdefault(post.name, post)
    return table


def post_named(name: str) -> Post:
    """The post with this plain language address (case and spacing do not matter).

    Raises:
        UnknownPostError: no such post; the message suggests the closest name.
    """
    key = " ".join(name.upper().split())
    post = _by_name().get(key)
    if post is not None:
        return post
    best = process.extractOne(key, list(_by_name()), score_cutoff=80)
    raise UnknownPostError(name, best[0] if best else "")
