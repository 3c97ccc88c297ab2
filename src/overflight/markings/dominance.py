"""Dominance: whether one reader may read everything another may, so may grant them that access.

Whoever grants access (an administrator adding or changing an account) must hold it: a grantee
may read no portion the granter may not. :func:`may_read` makes three parts of a reader count,
and each gives one rule:

* **clearance**: a portion at the grantee's level must reach the granter, so the grantee's
  clearance is at most the granter's;
* **nationality**: a U.S. reader passes every release check a foreign reader of the same
  clearance passes (foreign readers see a subset), so a U.S. granter may grant any nationality;
  a foreign granter only their own (``REL TO USA, KAZ`` reaches a KAZ grantee, not a TUR granter,
  and U.S.-only portions reach no foreign granter);
* **organisations** widen ``REL TO`` groups (``NATO``) and name ORCON originators, for U.S. and
  foreign readers alike, so the grantee's must be among the granter's.

The rules are sufficient (a Hypothesis property checks that a dominated reader reads nothing the
dominating one may not), and they are what an administrator can check by looking at two rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from overflight.markings.access import Reader

__all__ = ["Overreach", "dominates", "overreaches"]


@dataclass(frozen=True, slots=True)
class Overreach:
    """One part of a grantee's access that the granter does not hold.

    Attributes:
        part: ``clearance``, ``nationality`` or ``organisations``.
        reason: what exceeds what (``TOP SECRET is above SECRET``).
    """

    part: str
    reason: str


def overreaches(granter: Reader, grantee: Reader) -> tuple[Overreach, ...]:
    """Every part of ``grantee``'s access that ``granter`` does not hold (empty: dominated).

    Example:
        >>> from overflight.markings import ClassificationLevel
        >>> secret_tur = Reader(ClassificationLevel.S, "TUR")
        >>> [o.reason for o in overreaches(secret_tur, Reader(ClassificationLevel.TS, "KAZ"))]
        ['TOP SECRET is above SECRET', 'a TUR reader may grant TUR only, not KAZ']

    See Also:
        :func:`dominates`: the same, as a yes or no.
    """
    found: list[Overreach] = []
    if grantee.clearance > granter.clearance:
        found.append(
            Overreach("clearance", f"{grantee.clearance.word} is above {granter.clearance.word}")
        )
    if granter.foreign and grantee.nationality != granter.nationality:
        found.append(
            Overreach(
                "nationality",
                f"a {granter.nationality} reader may grant {granter.nationality} only, "
                f"not {grantee.nationality}",
            )
        )
    beyond = grantee.organisations - granter.organisations
    if beyond:
        held = ", ".join(sorted(granter.organisations)) or "none"
        found.append(
            Overreach(
                "organisations",
                f"{', '.join(sorted(beyond))} not among the granter's organisations ({held})",
            )
        )
    return tuple(found)


def dominates(granter: Reader, grantee: Reader) -> bool:
    """Whether ``granter`` may read every portion ``grantee`` may (so may grant that access).

    For every marking and originator, ``may_read(grantee, m)`` implies ``may_read(granter, m)``.
    Reflexive and transitive; U.S. TS with every organisation of the grantee dominates anyone.

    Example:
        >>> from overflight.markings import ClassificationLevel
        >>> dominates(Reader(ClassificationLevel.TS, "USA"), Reader(ClassificationLevel.S, "TUR"))
        True
        >>> dominates(Reader(ClassificationLevel.TS, "TUR"), Reader(ClassificationLevel.S, "USA"))
        False
    """
    return not overreaches(granter, grantee)
