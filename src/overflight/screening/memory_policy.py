"""The ``memory:`` section of the policy: how much each kind of shared trait says, and why.

Every feature carries its weight and the reason a reviewer reads beside it; the scorer quotes
the reason in its explanation, so a finding says both what two cases share and why that counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field, model_validator


class MemoryFeature(StrEnum):
    """What the scorer compares; the first group decides, the second adds or subtracts."""

    SAME_ADDRESS = "same-address"
    SAME_REGISTRATION = "same-registration"
    SAME_MSN = "same-msn"
    OPERATOR_NAME = "operator-name"
    PARTY_NAME = "party-name"
    CITY_PAIR = "city-pair"
    ROUTE_STATES = "route-states"
    CARGO_ITEMS = "cargo-items"
    TIMING = "timing"
    SAME_TYPE = "same-type"
    OTHER_TYPE = "other-type"

    @property
    def decides(self) -> bool:
        """Whether the feature can link on its own (identifiers and names)."""
        return self in _DECIDING


_DECIDING = frozenset(
    {
        MemoryFeature.SAME_ADDRESS,
        MemoryFeature.SAME_REGISTRATION,
        MemoryFeature.SAME_MSN,
        MemoryFeature.OPERATOR_NAME,
        MemoryFeature.PARTY_NAME,
    }
)


class RefileRule(StrEnum):
    """What a refile of a closed case's flight does."""

    REOPEN = "reopen"
    NEW_CASE = "new-case"


@dataclass(frozen=True, slots=True)
class FeatureWeight:
    """A feature's weight (a fraction of certainty; negative subtracts) and why."""

    weight: float
    why: str


@dataclass(frozen=True, slots=True, eq=False)
class MemoryPolicy:
    """Weights, thresholds and the refile rule of the case memory."""

    threshold: float
    name_threshold: float
    max_cases: int
    features: Mapping[MemoryFeature, FeatureWeight]
    refile_closed: RefileRule
    refile_why: str

    def weight(self, feature: MemoryFeature) -> float:
        """The feature's weight (0 when the policy leaves it out)."""
        found = self.features.get(feature)
        return found.weight if found is not None else 0.0

    def why(self, feature: MemoryFeature) -> str:
        """The reason the policy gives for the feature's weight."""
        found = self.features.get(feature)
        return found.why if found is not None else ""


class _Feature(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weight: float = Field(ge=-1, le=1)
    why: str = Field(min_length=1)


class _Refile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    closed: RefileRule = RefileRule.REOPEN
    why: str = ""


_DEFAULT_FEATURES: dict[MemoryFeature, tuple[float, str]] = {
    MemoryFeature.SAME_ADDRESS: (0.98, "a 24-bit address belongs to one airframe"),
    MemoryFeature.SAME_REGISTRATION: (0.95, "a registration names one airframe at a time"),
    MemoryFeature.SAME_MSN: (0.95, "the serial number follows an airframe across registrations"),
    MemoryFeature.OPERATOR_NAME: (0.6, "the same operator, possibly another tail"),
    MemoryFeature.PARTY_NAME: (0.7, "the same agent, consignor or consignee"),
    MemoryFeature.CITY_PAIR: (0.1, "the same departure and destination"),
    MemoryFeature.ROUTE_STATES: (0.08, "the route crosses the same states"),
    MemoryFeature.CARGO_ITEMS: (0.05, "the cargo names the same control items"),
    MemoryFeature.TIMING: (0.03, "the same pattern of delays and reschedules"),
    MemoryFeature.SAME_TYPE: (0.03, "the same aircraft type"),
    MemoryFeature.OTHER_TYPE: (-0.1, "another aircraft type on the same identifier"),
}


class MemoryDocument(BaseModel):
    """The ``memory:`` section's schema (every key optional; defaults above)."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.5, gt=0, le=1)
    name_threshold: float = Field(default=0.9, gt=0, le=1)
    max_cases: int = Field(default=3, ge=1)
    features: dict[MemoryFeature, _Feature] = {}
    refile: _Refile = _Refile()

    @model_validator(mode="after")
    def _deciding_positive(self) -> MemoryDocument:
        for feature, value in self.features.items():
            if feature.decides and value.weight <= 0:
                raise ValueError(f"features: {feature}: a deciding feature needs a weight above 0")
        return self

    def to_policy(self) -> MemoryPolicy:
        """The frozen ``MemoryPolicy``: the file's features over the defaults."""
        features = {k: FeatureWeight(w, why) for k, (w, why) in _DEFAULT_FEATURES.items()}
        features.update({k: FeatureWeight(v.weight, v.why) for k, v in self.features.items()})
        return MemoryPolicy(
            threshold=self.threshold,
            name_threshold=self.name_threshold,
            max_cases=self.max_cases,
            features=MappingProxyType(features),
            refile_closed=self.refile.closed,
            refile_why=self.refile.why,
        )


__all__ = ["FeatureWeight", "MemoryDocument", "MemoryFeature", "MemoryPolicy", "RefileRule"]
