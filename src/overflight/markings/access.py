"""Who may read what: one decision function, every marking must be satisfied.

As in OpenCTI's data segregation, a reader sees a portion only if it satisfies every marking on
it; the decision lists each marking the reader fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from overflight.errors import InputError
from overflight.markings.level import ClassificationLevel
from overflight.markings.marking import Control, Marking

__all__ = ["Decision", "Reader", "may_read", "releasable_to"]


@dataclass(frozen=True, slots=True)
class Reader:
    """Someone who wants to read a portion.

    Attributes:
        clearance: the highest level the reader is cleared for.
        nationality: ISO 3166-1 alpha-3 trigraph (``USA``, ``TUR``).
        organisations: groups the reader belongs to (``NATO``) and originators whose ORCON
            material the reader may see.

    Raises:
        InputError: the nationality is not a trigraph.
    """

    clearance: ClassificationLevel
    nationality: str
    organisations: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.nationality) != 3 or not self.nationality.isalpha():
            raise InputError("nationality", f"{self.nationality!r} is not a trigraph like USA")
        if not self.nationality.isupper():
            raise InputError("nationality", f"{self.nationality!r} must be upper case")

    @property
    def foreign(self) -> bool:
        """Whether the reader is a foreign national (not USA)."""
        return self.nationality != "USA"


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a reader may see a portion, and why.

    Attributes:
        allowed: the verdict.
        reasons: when denied, every marking the reader fails; when allowed, what was satisfied.
    """

    allowed: bool
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The reasons as one sentence."""
        return "; ".join(self.reasons)

    def __bool__(self) -> bool:
        return self.allowed


def may_read(reader: Reader, marking: Marking, *, originator: str = "") -> Decision:
    """Decide whether a reader may see a portion with this marking.

    Each part of the marking is a requirement: the clearance must reach the level; a foreign
    reader needs a release marking naming their country or one of their organisations (and no
    NOFORN; FOUO and SBU without a release list stay with US readers); ORCON needs the
    originator among the reader's organisations. ``REL Recipients`` must be resolved first
    (:meth:`Marking.resolve`): unresolved, it releases to no one.

    Args:
        reader: who wants to read.
        marking: the portion's marking.
        originator: the originating organisation, for ORCON.

    Example:
        >>> from overflight.markings import ClassificationLevel, parse_portion
        >>> marking = parse_portion("S//REL TO USA, TUR")
        >>> may_read(Reader(ClassificationLevel.S, "TUR"), marking).reason
        'cleared for SECRET; released to TUR'
        >>> bool(may_read(Reader(ClassificationLevel.S, "TUR"), parse_portion("S//NF")))
        False
        >>> may_read(Reader(ClassificationLevel.C, "USA"), marking).reason
        'clearance CONFIDENTIAL is below SECRET'
    """
    failed: list[str] = []
    if reader.clearance < marking.level:
        failed.append(f"clearance {reader.clearance.word} is below {marking.level.word}")
    if reader.foreign:
        failed.extend(_foreign_release(reader, marking))
    if Control.ORCON in marking.controls and (
        not originator or originator not in reader.organisations
    ):
        who = originator or "the originator"
        failed.append(f"ORCON: dissemination needs the approval of {who}")
    if failed:
        return Decision(False, tuple(failed))
    granted = [f"cleared for {marking.level.word}"]
    if reader.foreign and marking.level > ClassificationLevel.U:
        granted.append(f"released to {reader.nationality}")
    return Decision(True, tuple(granted))


def _foreign_release(reader: Reader, marking: Marking) -> list[str]:
    if marking.noforn:
        return ["NOFORN: not releasable to foreign nationals"]
    if marking.rel_recipients:
        return ["REL Recipients is not resolved against the action addressees"]
    if marking.rel_to is not None:
        allowed = set(marking.rel_to)
        if reader.nationality in allowed or allowed & reader.organisations:
            return []
        return [f"REL TO {', '.join(marking.rel_to)} does not include {reader.nationality}"]
    if marking.level > ClassificationLevel.U:
        return [f"{marking.level.word} without REL TO is not releasable to foreign nationals"]
    for control in (Control.FOUO, Control.SBU):
        if control in marking.controls:
            return [f"{control.value}: for US government use, no release list"]
    return []


def releasable_to(marking: Marking, trigraph: str) -> bool:
    """Whether a portion may be released to a foreign government (release markings only)."""
    return may_read(Reader(ClassificationLevel.TS, trigraph), marking).allowed
