"""Match results that explain themselves: what matched, on which features, with what score."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from overflight.watchlist.entity import Entity, Identifier, NameKind


class MatchBasis(Enum):
    """Whether a match came from a name or from an identifier."""

    NAME = "name"
    IDENTIFIER = "identifier"


@dataclass(frozen=True, slots=True)
class Feature:
    """One piece of evidence and its effect: a score in [0, 1] or a multiplier (``x0.70``)."""

    name: str
    value: float
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.name}={self.value:.2f}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass(frozen=True, slots=True)
class Match:
    """An entity that matched a query, and why.

    ``matched`` is the entity's own spelling that matched (a name or an identifier value);
    ``name_kind`` / ``identifier`` say which one it was.
    """

    entity: Entity
    score: float
    basis: MatchBasis
    matched: str
    features: tuple[Feature, ...]
    name_kind: NameKind | None = None
    identifier: Identifier | None = None

    def explain(self) -> str:
        """One line: entity, list reference, what matched, features, score."""
        what = (
            f"{self.name_kind.value} name {self.matched!r}"
            if self.basis is MatchBasis.NAME and self.name_kind is not None
            else f"{self.identifier.kind.value if self.identifier else 'id'} {self.matched!r}"
        )
        features = ", ".join(str(feature) for feature in self.features)
        return (
            f"{self.entity.caption} [{self.entity.source.value} {self.entity.source_ref}, "
            f"{self.entity.schema.value}]: {what}; {features}; score {self.score:.2f}"
        )


__all__ = ["Feature", "Match", "MatchBasis"]
