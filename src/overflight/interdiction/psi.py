"""The default stance prior: PSI endorsers cooperate; states of proliferation concern let pass.

Endorsing the PSI Statement of Interdiction Principles (Paris, 4 Sept 2003) commits a state, in
principle 4(d), to require suspect aircraft transiting its airspace to land for inspection and/or
to deny them transit in advance, "to the extent their national legal authorities permit". That is
a *prior*, not a promise about a given flight: a case overrides it per state.

The list below is **partial**. The State Department gave 107 endorsing states (page seen undated,
after Nov 2021); later reports count 112 (Madagascar, 2024–25) and 116 (Nigeria). The full roster
was not available offline, so only states named by a source we saw are encoded, each from the
date of that source (the day it vouches for membership, not the day the state endorsed, unless
the source gives that day). Every other state falls back to ``Stance.UNKNOWN``.
"""

from __future__ import annotations

from datetime import date

from overflight.interdiction.stance import Stance, StanceChange, StanceTable

__all__ = ["PSI_ENDORSEMENTS", "STATES_OF_CONCERN", "default_stance_table"]

_SOIP = date(2003, 9, 4)
_CORE = (
    "PSI core group that adopted the Statement of Interdiction Principles, Paris, 4 Sept 2003 "
    "(Wikipedia copy at altsci.com)"
)
_REUTERS_2009 = date(2009, 5, 27)
_REUTERS = "named a PSI member in Reuters 'FACTBOX-Proliferation Security Initiative', 27 May 2009"
_WIKI_2020 = date(2020, 12, 17)
_WIKI = (
    "named an endorser in Wikipedia 'Proliferation Security Initiative' (copies seen; the "
    "participants list it cites was retrieved 17 Dec 2020)"
)
_REUTERS_MEMBERS = (
    *("AR", "CA", "CH", "DK", "GR", "IL", "IQ", "IT", "MN"),
    *("NO", "NZ", "SA", "SE", "SG", "TR", "UA", "YE"),
)
_MARRAKESH = date(2024, 2, 2)
_TASS = "joined at the PSI African meeting in Marrakesh (TASS, 2 Feb 2024)"

PSI_ENDORSEMENTS: tuple[StanceChange, ...] = (
    *(
        StanceChange(code, Stance.COOPERATING, _SOIP, _CORE)
        for code in ("AU", "DE", "ES", "FR", "GB", "JP", "NL", "PL", "PT", "US")
    ),
    # Reuters 2009 names these (Italy is the eleventh core state; this is the earliest source
    # seen that names it).
    *(StanceChange(code, Stance.COOPERATING, _REUTERS_2009, _REUTERS) for code in _REUTERS_MEMBERS),
    StanceChange("KR", Stance.COOPERATING, _REUTERS_2009, "95th endorser on 27 May 2009 (Reuters)"),
    StanceChange("AE", Stance.COOPERATING, _WIKI_2020, _WIKI),
    StanceChange(
        "RU", Stance.COOPERATING, date(2004, 1, 1), "joined in 2004, day not given (TASS 2024)"
    ),
    StanceChange(
        "RU",
        Stance.UNKNOWN,
        date(2022, 1, 1),
        "suspended its PSI participation in 2022, day not given (TASS, 2 Feb 2024); taken from "
        "the start of that year",
    ),
    *(
        StanceChange(code, Stance.COOPERATING, _MARRAKESH, _TASS)
        for code in ("BJ", "GH", "GQ", "TG", "ZM")
    ),
    StanceChange(
        "MG",
        Stance.COOPERATING,
        date(2025, 9, 10),
        "112th endorser, after the Feb 2024 Marrakesh meeting (thefrontierpost.com; report "
        "seen around Sept 2025, endorsement day not given)",
    ),
)
"""PSI endorsements seen in sources, each dated by the source (see the module docstring)."""

STATES_OF_CONCERN: tuple[StanceChange, ...] = (
    StanceChange(
        "KP",
        Stance.PERMISSIVE,
        date(2006, 10, 14),
        "state of proliferation concern: UN Security Council resolution 1718 (2006) sanctions",
    ),
    StanceChange(
        "IR",
        Stance.PERMISSIVE,
        date(2006, 12, 23),
        "state of proliferation concern: UN Security Council resolution 1737 (2006) sanctions",
    ),
    StanceChange(
        "SY",
        Stance.PERMISSIVE,
        date(2003, 9, 4),
        "destination and transit state of concern in past cases (2015 Russian airlift refused "
        "by Bulgaria); project prior, revisit after the change of government in Dec 2024",
    ),
)
"""States assumed to let proliferation cargo pass: never worth asking, by default."""


def default_stance_table() -> StanceTable:
    """The prior every case starts from: PSI endorsers cooperating, states of concern permissive.

    Query it for a day with :meth:`StanceTable.as_of`; override it per case with
    :meth:`StanceTable.override`.
    """
    return StanceTable.from_changes((*PSI_ENDORSEMENTS, *STATES_OF_CONCERN))
