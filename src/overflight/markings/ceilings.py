"""The highest marking a reader may hold: how to mark what they wrote themselves.

A search term, a probed id or a pasted flight plan carries no marking of its own; it may hold
anything its author may read. Marked at the author's ceiling, a record of it reaches only
readers who may read everything the author may (a system-high marking, per author).
"""

from __future__ import annotations

from overflight.markings.access import Reader
from overflight.markings.countries import to_trigraph
from overflight.markings.level import ClassificationLevel
from overflight.markings.marking import Control, Marking, canonical_rel_to

__all__ = ["SYSTEM_HIGH", "UNCLASSIFIED", "ceiling"]

UNCLASSIFIED = Marking(ClassificationLevel.U)
"""What carries no classified content (logins, accounts, list imports)."""

SYSTEM_HIGH = Marking(ClassificationLevel.TS, frozenset({Control.NOFORN}))
"""How to treat a record whose marking was never stored: only U.S. TOP SECRET readers get it."""


def ceiling(reader: Reader) -> Marking:
    """A marking that only readers who may read everything ``reader`` may read can read.

    For a foreign reader, their clearance released to the USA and their country; for anyone
    else (a U.S. reader, or a foreign one whose organisations widen their releases beyond what
    one release list can say: a member of NATO), their clearance NOFORN. An organisation no
    release list can name (an office, ``TURMFA``) widens nothing.

    >>> ceiling(Reader(ClassificationLevel.S, "TUR")).portion()
    '(S//REL TO USA, TUR)'
    >>> ceiling(Reader(ClassificationLevel.TS, "USA")).portion()
    '(TS//NF)'
    """
    if reader.foreign and not any(_in_release_lists(o) for o in reader.organisations):
        return Marking(reader.clearance, rel_to=canonical_rel_to(("USA", reader.nationality)))
    return Marking(reader.clearance, frozenset({Control.NOFORN}))


def _in_release_lists(organisation: str) -> bool:
    """Whether a release list can name the organisation (a group code, or a country)."""
    try:
        return to_trigraph(organisation) == organisation
    except ValueError:
        return False
