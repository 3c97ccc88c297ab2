"""The banner a set of portions adds up to, and portions that cannot sit under a banner."""

from __future__ import annotations

from collections.abc import Iterable

from overflight.markings.errors import MarkingError
from overflight.markings.level import ClassificationLevel
from overflight.markings.marking import Control, Marking

__all__ = ["compute_banner", "portion_conflict"]


def compute_banner(portions: Iterable[Marking], *, recipients: Iterable[str] = ()) -> Marking:
    """The overall marking of a document made of these portions.

    Rules: the highest level; NOFORN, ORCON and FGI if any portion carries them; FOUO or SBU only
    on an unclassified banner; REL TO the intersection of the classified portions' release lists,
    and only when every classified portion has one (a classified portion without a release
    marking leaves the banner with none); an intersection holding only USA becomes NOFORN.

    Args:
        portions: the portions' markings.
        recipients: trigraphs of the action addressees' host states, for ``REL Recipients``.

    Raises:
        MarkingError: a portion says ``REL Recipients`` and no recipients were given.

    Example:
        >>> from overflight.markings import parse_portion
        >>> portions = [parse_portion(p) for p in ("S//REL TO USA, TUR, KAZ", "C//REL TO USA, TUR")]
        >>> compute_banner(portions).banner()
        'SECRET//REL TO USA, TUR'
        >>> compute_banner([*portions, parse_portion("S//REL TO USA, KAZ")]).banner()
        'SECRET//NOFORN'
    """
    people = tuple(recipients)
    resolved: list[Marking] = []
    for marking in portions:
        if marking.rel_recipients and not people:
            raise MarkingError(
                "REL Recipients needs the action addressees' countries", field="banner"
            )
        resolved.append(marking.resolve(people))
    level = max((m.level for m in resolved), default=ClassificationLevel.U)
    controls: set[Control] = set()
    for control in (Control.NOFORN, Control.ORCON, Control.FGI):
        if any(control in m.controls for m in resolved):
            controls.add(control)
    if level is ClassificationLevel.U:
        if any(Control.SBU in m.controls for m in resolved):
            controls.add(Control.SBU)
        elif any(Control.FOUO in m.controls for m in resolved):
            controls.add(Control.FOUO)
    classified = [m for m in resolved if m.level > ClassificationLevel.U]
    rel_to: tuple[str, ...] | None = None
    if Control.NOFORN not in controls and classified:
        lists = [m.rel_to for m in classified]
        if all(entry is not None for entry in lists):
            common = set.intersection(*(set(entry or ()) for entry in lists))
            rel_to = tuple(code for code in (lists[0] or ()) if code in common)
            if rel_to == ("USA",):
                rel_to = None
                controls.add(Control.NOFORN)
    return Marking(level, frozenset(controls), rel_to)


def portion_conflict(banner: Marking, portion: Marking) -> str | None:
    """Why a portion cannot sit under a banner, or ``None`` when it can.

    A portion may not be above the banner's level, nor NOFORN under a banner that releases, nor
    releasable to a country the banner's release list leaves out.

    Example:
        >>> from overflight.markings import parse_portion
        >>> banner = parse_portion("S//REL TO USA, TUR")
        >>> portion_conflict(banner, parse_portion("C//REL TO USA, TUR, KAZ"))
        'portion (C//REL TO USA, KAZ, TUR) releases to KAZ beyond the banner'
        >>> portion_conflict(banner, parse_portion("U")) is None
        True
    """
    if portion.level > banner.level:
        return f"portion {portion.portion()} is above the banner {banner.level.word}"
    if portion.noforn and (banner.rel_to is not None or banner.rel_recipients):
        return f"portion {portion.portion()} is NOFORN under the banner {banner.banner()}"
    if banner.rel_to is not None and portion.rel_to is not None:
        extra = sorted(set(portion.rel_to) - set(banner.rel_to))
        if extra:
            return f"portion {portion.portion()} releases to {', '.join(extra)} beyond the banner"
    return None
