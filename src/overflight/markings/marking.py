"""The ``Marking`` value: a level, dissemination controls and a release list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum

from overflight.markings.countries import FVEY
from overflight.markings.errors import MarkingError
from overflight.markings.level import ClassificationLevel

__all__ = ["Control", "Marking", "canonical_rel_to"]


class Control(Enum):
    """A control marking; the value is its portion abbreviation."""

    FGI = "FGI"
    FOUO = "FOUO"
    SBU = "SBU"
    ORCON = "OC"
    NOFORN = "NF"

    @property
    def banner_word(self) -> str:
        """The control as a banner spells it out."""
        return _BANNER_WORDS[self]


_BANNER_WORDS = {
    Control.FGI: "FGI",
    Control.FOUO: "FOR OFFICIAL USE ONLY",
    Control.SBU: "SENSITIVE BUT UNCLASSIFIED",
    Control.ORCON: "ORCON",
    Control.NOFORN: "NOFORN",
}
_DISSEM_ORDER = (Control.FOUO, Control.ORCON, Control.NOFORN)


def canonical_rel_to(codes: Iterable[str]) -> tuple[str, ...]:
    """A release list in CAPCO order: USA first, trigraphs A-Z, then tetragraphs A-Z.

    FVEY is expanded to its five members; USA is always present.
    """
    expanded: set[str] = {"USA"}
    for code in codes:
        expanded.update(FVEY if code == "FVEY" else (code,))
    trigraphs = sorted(code for code in expanded if len(code) == 3 and code != "USA")
    others = sorted(code for code in expanded if len(code) != 3)
    return ("USA", *trigraphs, *others)


@dataclass(frozen=True, slots=True)
class Marking:
    """What a portion or a whole telegram is marked with.

    Attributes:
        level: the classification level.
        controls: dissemination and handling controls (NOFORN, ORCON, FOUO, SBU, FGI).
        rel_to: release list in canonical order (USA first), or ``None`` when the marking
            authorises no foreign release.
        rel_recipients: ``REL Recipients``: releasable to the host states of the action
            addressees, to be resolved with :meth:`resolve`.

    Raises:
        MarkingError: an impossible combination (REL TO with NOFORN, SBU or FOUO above
            UNCLASSIFIED, a release list without the USA first).
    """

    level: ClassificationLevel
    controls: frozenset[Control] = field(default_factory=frozenset)
    rel_to: tuple[str, ...] | None = None
    rel_recipients: bool = False

    def __post_init__(self) -> None:
        releasable = self.rel_to is not None or self.rel_recipients
        if releasable and Control.NOFORN in self.controls:
            raise MarkingError("REL TO and NOFORN cannot mark the same portion", field="marking")
        if self.rel_to is not None and self.rel_recipients:
            raise MarkingError("REL TO a list and REL Recipients together", field="marking")
        if self.rel_to is not None and self.rel_to != canonical_rel_to(self.rel_to):
            raise MarkingError(
                f"release list {', '.join(self.rel_to)} is not canonical "
                f"(expected {', '.join(canonical_rel_to(self.rel_to))})",
                field="marking",
            )
        for control in (Control.SBU, Control.FOUO):
            if control in self.controls and self.level is not ClassificationLevel.U:
                raise MarkingError(
                    f"{control.value} marks unclassified information only, not {self.level.word}",
                    field="marking",
                )
        if {Control.SBU, Control.FOUO} <= self.controls:
            raise MarkingError("SBU and FOUO together", field="marking")

    @property
    def noforn(self) -> bool:
        """Whether the marking forbids release to foreign nationals."""
        return Control.NOFORN in self.controls

    @property
    def needs_recipients(self) -> bool:
        """Whether ``REL Recipients`` is still unresolved."""
        return self.rel_recipients

    def resolve(self, recipients: Iterable[str]) -> Marking:
        """Replace ``REL Recipients`` by ``REL TO USA`` plus the recipients' trigraphs.

        Args:
            recipients: trigraphs of the action addressees' host states.
        """
        if not self.rel_recipients:
            return self
        return replace(self, rel_to=canonical_rel_to(recipients), rel_recipients=False)

    def portion(self) -> str:
        """The portion mark, in parentheses (``(S//REL TO USA, TUR)``, ``(S//NF)``, ``(SBU)``)."""
        head = "SBU" if Control.SBU in self.controls else self.level.name
        categories = [head]
        if Control.FGI in self.controls:
            categories.append("FGI")
        dissem = [control.value for control in _DISSEM_ORDER if control in self.controls]
        dissem.extend(self._release_words())
        if dissem:
            categories.append("/".join(dissem))
        return "(" + "//".join(categories) + ")"

    def banner(self) -> str:
        """The banner line (``SECRET//REL TO USA, TUR``, ``CONFIDENTIAL//NOFORN``)."""
        head = Control.SBU.banner_word if Control.SBU in self.controls else self.level.word
        categories = [head]
        if Control.FGI in self.controls:
            categories.append("FGI")
        dissem = [c.banner_word for c in _DISSEM_ORDER if c in self.controls]
        dissem.extend(self._release_words())
        if dissem:
            categories.append("/".join(dissem))
        return "//".join(categories)

    def _release_words(self) -> list[str]:
        if self.rel_recipients:
            return ["REL Recipients"]
        if self.rel_to is not None:
            return ["REL TO " + ", ".join(self.rel_to)]
        return []

    def __str__(self) -> str:
        return self.portion()
