"""The default stance prior: PSI endorsers cooperate; states of proliferation concern let pass.

Endorsing the PSI Statement of Interdiction Principles (Paris, 4 Sept 2003) commits a state, in
principle 4(d), to require suspect aircraft transiting its airspace to land for inspection and/or
to deny them transit in advance, "to the extent their national legal authorities permit". That is
a *prior*, not a promise about a given flight: a case overrides it per state.

**The roster** (``PSI_ROSTER``) holds 112 states: the 106 named on the State Department's list
of endorsing states (which it counts as 107; the 107th was not identified here), the five that
joined at Marrakesh on 2 Feb 2024 and Madagascar. Each entry is dated by the earliest day a
source vouches for the state's endorsement, with that source: the day of endorsement where the
source gives it (``exact``), else the day of the source. So ``as_of`` never claims cooperation
before a source shows it, but may claim it later than it began. Sources, most specific first:

* the 2003 core group (the Statement of Interdiction Principles, 4 Sept 2003);
* Embassy Ankara's telegram 06ANKARA3416 (9 June 2006): Turkey endorsed in December 2003;
* the seed telegram STATE 056778 (28 May 2008), whose "PSI partner nations in Central Asia" have
  cooperated on the Air Koryo flight "since February" (dated 1 Feb 2008: the cooperation it
  describes, not the endorsement day);
* Reuters' factbox of 27 May 2009 (the states it names, and Korea, the 95th, that day);
* State Department media notes: Saint Vincent and the Grenadines (11 May 2010, 97th), Saint
  Lucia (3 July 2012, 100th);
* TASS, 2 Feb 2024 (Marrakesh: Benin, Ghana, Equatorial Guinea, Togo, Zambia), and the
  report of Madagascar's endorsement (112th, seen around Sept 2025);
* for every other state, the State Department's list of the 107 endorsing states (its PSI page
  with a media note of 1 Nov 2021), dated that day. The names were transcribed from the
  project's notes of that list (the list's text was not in the offline corpus): check them
  against state.gov before relying on one.

Russia cooperates from 2004 and is ``UNKNOWN`` from 2022 (it suspended its participation; TASS,
2024). Nigeria (the 116th, 2025) is not encoded: no day was seen. Every state not listed falls
back to ``Stance.UNKNOWN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from overflight.interdiction.stance import Stance, StanceChange, StanceTable

__all__ = [
    "PSI_ENDORSEMENTS",
    "PSI_ROSTER",
    "STATES_OF_CONCERN",
    "Endorsement",
    "default_stance_table",
]


@dataclass(frozen=True, slots=True)
class Endorsement:
    """A state's PSI endorsement, from ``since`` (the day a source vouches for it)."""

    state: str  # ISO 3166-1 alpha-2
    since: date
    source: str
    exact: bool = False  # True when ``since`` is the endorsement day itself


_SOIP = date(2003, 9, 4)
_CORE = (
    "PSI core group that adopted the Statement of Interdiction Principles, Paris, 4 Sept 2003 "
    "(Wikipedia copy at altsci.com)"
)
_SEED = date(2008, 2, 1)
_SEED_SOURCE = (
    "'PSI partner nations in Central Asia' whose cooperation on the Air Koryo flight ran "
    "'since February' 2008 (STATE 056778, 28 May 2008, para 3)"
)
_REUTERS_2009 = date(2009, 5, 27)
_REUTERS = "named a PSI member in Reuters 'FACTBOX-Proliferation Security Initiative', 27 May 2009"
_STATE_LIST = date(2021, 11, 1)
_STATE_SOURCE = (
    "on the State Department's list of the 107 PSI endorsing states (PSI page with a media note "
    "of 1 Nov 2021); name transcribed from the project's notes of that list"
)
_MARRAKESH = date(2024, 2, 2)
_TASS = "joined at the PSI African meeting in Marrakesh (TASS, 2 Feb 2024)"

_CENTRAL_ASIA = ("AF", "KG", "KZ", "TJ", "TM", "UZ")
_REUTERS_MEMBERS = (
    *("AR", "CA", "CH", "DK", "GR", "IL", "IQ", "IT", "MN"),
    *("NO", "NZ", "SA", "SE", "SG", "UA", "YE"),
)
_CORE_MEMBERS = ("AU", "DE", "ES", "FR", "GB", "JP", "NL", "PL", "PT", "US")
_STATE_LIST_MEMBERS = (
    *("AD", "AE", "AG", "AL", "AM", "AO", "AT", "AZ", "BA", "BE", "BG", "BH", "BN", "BS", "BY"),
    *("BZ", "CL", "CO", "CV", "CY", "CZ", "DJ", "DM", "DO", "EE", "FI", "FJ", "GE", "HN", "HR"),
    *("HU", "IE", "IS", "JO", "KH", "KW", "LI", "LK", "LR", "LT", "LU", "LV", "LY", "MA", "MD"),
    *("ME", "MH", "MK", "MT", "MY", "OM", "PA", "PG", "PH", "PW", "PY", "QA", "RO", "RS", "SI"),
    *("SK", "SM", "SV", "TH", "TN", "TT", "VA", "VU", "WS"),
)

PSI_ROSTER: tuple[Endorsement, ...] = (
    *(Endorsement(code, _SOIP, _CORE, exact=True) for code in _CORE_MEMBERS),
    *(Endorsement(code, _SEED, _SEED_SOURCE) for code in _CENTRAL_ASIA),
    *(Endorsement(code, _REUTERS_2009, _REUTERS) for code in _REUTERS_MEMBERS),
    Endorsement(
        "TR",
        date(2003, 12, 1),
        "'Turkey formally endorsed the PSI in December 2003' (ANKARA 003416, 9 June 2006, "
        "para 2); day not given, first of the month",
    ),
    Endorsement("KR", _REUTERS_2009, "95th endorser on 27 May 2009 (Reuters)", exact=True),
    Endorsement("RU", date(2004, 1, 1), "joined in 2004, day not given (TASS, 2 Feb 2024)"),
    Endorsement(
        "VC",
        date(2010, 5, 11),
        "97th endorser, through its ship boarding agreement of 11 May 2010 (State Department "
        "media note, eNewsChannels copy)",
        exact=True,
    ),
    Endorsement(
        "LC",
        date(2012, 7, 3),
        "100th endorser, announced 3 July 2012 (State Department media note 2012/1093)",
        exact=True,
    ),
    *(Endorsement(code, _STATE_LIST, _STATE_SOURCE) for code in _STATE_LIST_MEMBERS),
    *(Endorsement(code, _MARRAKESH, _TASS, exact=True) for code in ("BJ", "GH", "GQ", "TG", "ZM")),
    Endorsement(
        "MG",
        date(2025, 9, 10),
        "112th endorser, after the Feb 2024 Marrakesh meeting (thefrontierpost.com; report seen "
        "around Sept 2025, endorsement day not given)",
    ),
)
"""Every PSI endorser the project knows, each from the day a source vouches for it."""

PSI_ENDORSEMENTS: tuple[StanceChange, ...] = (
    *(StanceChange(e.state, Stance.COOPERATING, e.since, e.source) for e in PSI_ROSTER),
    StanceChange(
        "RU",
        Stance.UNKNOWN,
        date(2022, 1, 1),
        "suspended its PSI participation in 2022, day not given (TASS, 2 Feb 2024); taken from "
        "the start of that year",
    ),
)
"""The roster as dated stance changes (plus Russia's suspension)."""

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
