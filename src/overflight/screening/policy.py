"""The screening policy: weights, thresholds, states of concern, designators, lexicon, actions.

A policy is a versioned YAML document users edit (``policy.yaml`` ships as the default). It is
read at the edge (``policy_file.load_policy``) into the frozen ``Policy`` below; analysis only
ever sees the ``Policy``. Every verdict records the policy's name and version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from overflight.screening.action import StateAction
from overflight.screening.finding import PERMIT_INDICATORS, Indicator
from overflight.screening.lexicon import Lexicon
from overflight.screening.memory_policy import MemoryDocument, MemoryPolicy
from overflight.watchlist import Airline, AirlineTable


@dataclass(frozen=True, slots=True)
class DesignatorOfConcern:
    """An airline ICAO designator of concern, its operator and state, and why."""

    designator: str
    operator: str
    state: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class PermitRules:
    """How a permit request is held against its route, its window and other requests.

    ``point_km``: a declared entry or exit point farther than this from the computed route does
    not fit it; ``time_min``: a declared time farther than this from when the route passes that
    point; ``validity_slack_min``: how far outside its window a flight may leave and still fit;
    ``repeat_window_h``: requests whose windows come within this of each other are for the same
    window.
    """

    point_km: float = 100.0
    time_min: float = 30.0
    validity_slack_min: float = 0.0
    repeat_window_h: float = 24.0


@dataclass(frozen=True, slots=True, eq=False)
class Policy:
    """Everything screening weighs; frozen and read-only (mappings are proxies)."""

    name: str
    version: str
    review_threshold: float
    high_threshold: float
    weights: Mapping[Indicator, float]
    name_match_threshold: float
    min_changes: int
    max_changes_weight: float
    states_of_concern: Mapping[str, tuple[str, ...]]  # ISO alpha-2 -> programmes
    designators: Mapping[str, DesignatorOfConcern]
    lexicon: Lexicon
    airlines: AirlineTable  # the policy's `airlines:` table plus its designators of concern
    high_concern_action: StateAction
    max_diversion_km: float
    state_actions: Mapping[str, StateAction]
    inspection_aerodromes: Mapping[str, str]
    memory: MemoryPolicy
    permits: PermitRules = field(default_factory=PermitRules)

    def weight(self, indicator: Indicator) -> float:
        """The policy's weight for ``indicator`` (0 when the policy leaves it out)."""
        return self.weights.get(indicator, 0.0)

    def of_concern(self, state: str) -> bool:
        """Whether ``state`` (alpha-2) is a state of concern under this policy."""
        return state in self.states_of_concern

    @property
    def label(self) -> str:
        """``name version``, as verdicts print it."""
        return f"{self.name} {self.version}"


class _Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    review: float = Field(gt=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> _Thresholds:
        if self.high < self.review:
            raise ValueError("high must be at least review")
        return self


class _RepeatedChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_count: int = Field(default=2, ge=1)
    max_weight: float = Field(default=25, ge=0)


class _Designator(BaseModel):
    model_config = ConfigDict(extra="forbid")
    operator: str
    state: str = Field(pattern=r"^[A-Z]{2}$")
    note: str = ""


class _Actions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    high_concern: StateAction = StateAction.REQUIRE_LANDING
    max_diversion_km: float = Field(default=400, gt=0)
    states: dict[str, StateAction] = {}
    inspection_aerodromes: dict[str, str] = {}

    @field_validator("high_concern")
    @classmethod
    def _acting(cls, value: StateAction) -> StateAction:
        if value not in (StateAction.REQUIRE_LANDING, StateAction.DENY_TRANSIT):
            raise ValueError("must be require-landing or deny-transit")
        return value


class _Permits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weights: dict[Indicator, float] = {}
    point_km: float = Field(default=100.0, gt=0)
    time_min: float = Field(default=30.0, gt=0)
    validity_slack_min: float = Field(default=0.0, ge=0)
    repeat_window_h: float = Field(default=24.0, ge=0)

    @field_validator("weights")
    @classmethod
    def _permit_weights(cls, value: dict[Indicator, float]) -> dict[Indicator, float]:
        for indicator, weight in value.items():
            if indicator not in PERMIT_INDICATORS:
                raise ValueError(f"{indicator}: not a permit indicator (weigh it under weights)")
            if weight < 0:
                raise ValueError(f"{indicator}: a weight cannot be negative")
        return value

    def to_rules(self) -> PermitRules:
        return PermitRules(
            self.point_km, self.time_min, self.validity_slack_min, self.repeat_window_h
        )


class PolicyDocument(BaseModel):
    """The policy file's schema; ``lexicon`` is a path relative to the policy file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    thresholds: _Thresholds
    weights: dict[Indicator, float]
    name_match_threshold: float = Field(default=0.9, gt=0, le=1)
    repeated_changes: _RepeatedChanges = _RepeatedChanges()
    states_of_concern: dict[str, list[str]]
    designators_of_concern: dict[str, _Designator] = {}
    lexicon: str = "cargo_lexicon.yaml"
    airlines: str | None = None
    actions: _Actions = _Actions()
    memory: MemoryDocument = MemoryDocument()
    permits: _Permits = _Permits()

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("weights")
    @classmethod
    def _non_negative(cls, value: dict[Indicator, float]) -> dict[Indicator, float]:
        for indicator, weight in value.items():
            if weight < 0:
                raise ValueError(f"{indicator}: a weight cannot be negative")
        return value

    @field_validator("states_of_concern")
    @classmethod
    def _alpha2(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for code in value:
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code (KP, IR, SY)")
        return value

    def to_policy(self, lexicon: Lexicon, airlines: AirlineTable | None = None) -> Policy:
        """The frozen ``Policy``, with the lexicon and airline table read separately."""
        concern = AirlineTable.build(
            (Airline(code.upper(), d.operator) for code, d in self.designators_of_concern.items()),
            "designators of concern",
        )
        return Policy(
            name=self.name,
            version=self.version,
            review_threshold=self.thresholds.review,
            high_threshold=self.thresholds.high,
            weights=MappingProxyType({**self.weights, **self.permits.weights}),
            name_match_threshold=self.name_match_threshold,
            min_changes=self.repeated_changes.min_count,
            max_changes_weight=self.repeated_changes.max_weight,
            states_of_concern=MappingProxyType(
                {code: tuple(programmes) for code, programmes in self.states_of_concern.items()}
            ),
            designators=MappingProxyType(
                {
                    code.upper(): DesignatorOfConcern(code.upper(), d.operator, d.state, d.note)
                    for code, d in self.designators_of_concern.items()
                }
            ),
            lexicon=lexicon,
            airlines=concern if airlines is None else airlines.merged(concern),
            high_concern_action=self.actions.high_concern,
            max_diversion_km=self.actions.max_diversion_km,
            state_actions=MappingProxyType({k.upper(): v for k, v in self.actions.states.items()}),
            inspection_aerodromes=MappingProxyType(
                {k.upper(): v.upper() for k, v in self.actions.inspection_aerodromes.items()}
            ),
            memory=self.memory.to_policy(),
            permits=self.permits.to_rules(),
        )


__all__ = ["DesignatorOfConcern", "PermitRules", "Policy", "PolicyDocument"]
