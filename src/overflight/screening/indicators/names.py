"""Name searches shared by the list indicators, memoised per index.

Traffic repeats names (a few thousand operators fly most flights), and a ``WatchlistIndex`` is
read-only after building, so an answer for (index, name, schema, threshold, facts) never
changes: the memo is bounded and holds results only, never state that analysis depends on.
"""

from __future__ import annotations

from functools import lru_cache

from overflight.watchlist import Match, PersonFacts, Schema, WatchlistIndex


@lru_cache(maxsize=65_536)
def match_listed_name(
    index: WatchlistIndex,
    name: str,
    schema: Schema | None,
    threshold: float,
    limit: int,
    facts: PersonFacts | None = None,
) -> tuple[Match, ...]:
    """``index.match_name`` for one query, remembered (the index is immutable once built)."""
    return index.match_name(name, schema=schema, limit=limit, threshold=threshold, facts=facts)


__all__ = ["match_listed_name"]
