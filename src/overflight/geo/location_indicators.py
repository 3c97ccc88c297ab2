"""Which state an ICAO location indicator (an aerodrome or a FIR, ``UTAA``, ``LTAA``) belongs to.

ICAO hands out location indicators by nationality letters (Doc 7910): the first one or two
letters name the state, and where states share two letters (``UT``: Turkmenistan ``UTA``,
Tajikistan ``UTD``, Uzbekistan ``UTS``/``UTT``) the third letter decides. The table is learnt from
the aerodromes in `airportsdata`: for each 3- and 2-letter prefix, the state of most of its
aerodromes, kept only where that state holds at least 80% of them. Renamed indicators
(``UTTR``, Tashkent FIR before Uzbekistan took ``UZ``) are read as their new ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache

from overflight.geo.aerodromes import _index, _renamed

_SHARE = 0.8


@cache
def _prefixes() -> dict[str, str]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for icao, aerodrome in _index().by_icao.items():
        for size in (2, 3):
            counts[icao[:size]][aerodrome.country] += 1
    table = {}
    for prefix, by_state in counts.items():
        state, count = by_state.most_common(1)[0]
        if count >= _SHARE * sum(by_state.values()):
            table[prefix] = state
    return table


def state_of_indicator(indicator: str) -> str | None:
    """The state of a 4-letter location indicator, by its longest known prefix, or None."""
    code = indicator.strip().upper()
    if len(code) != 4 or not code.isalpha():
        return None
    table = _prefixes()
    code = _renamed(code)
    return table.get(code[:3]) or table.get(code[:2])
