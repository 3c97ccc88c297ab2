"""The shared domain values: frozen, typed, no I/O."""

from overflight.model.flight import (
    CruisingLevel,
    EetEstimate,
    FlightIntent,
    FlightRules,
    FlightType,
    LevelUnit,
    OtherIndicator,
    Provenance,
    SpecialHandling,
    WakeCategory,
    parse_level,
)
from overflight.model.geo import INTERNATIONAL, Aerodrome, GeoPoint, Route, RoutePoint, Transit
from overflight.model.jsonable import json_line, round_floats, to_jsonable
from overflight.model.speed import Speed, SpeedUnit, parse_speed
from overflight.model.traits import PastCase, Trait, TraitKind

__all__ = [
    "INTERNATIONAL",
    "Aerodrome",
    "CruisingLevel",
    "EetEstimate",
    "FlightIntent",
    "FlightRules",
    "FlightType",
    "GeoPoint",
    "LevelUnit",
    "OtherIndicator",
    "PastCase",
    "Provenance",
    "Route",
    "RoutePoint",
    "SpecialHandling",
    "Speed",
    "SpeedUnit",
    "Trait",
    "TraitKind",
    "Transit",
    "WakeCategory",
    "json_line",
    "parse_level",
    "parse_speed",
    "round_floats",
    "to_jsonable",
]
