"""The shared domain values: frozen, typed, no I/O."""

from overflight.model.flight import (
    EetEstimate,
    FlightIntent,
    FlightRules,
    FlightType,
    Level,
    LevelUnit,
    OtherIndicator,
    Provenance,
    SpecialHandling,
    WakeCategory,
    parse_level,
)
from overflight.model.geo import INTERNATIONAL, Aerodrome, Position, Route, RoutePoint, Transit
from overflight.model.jsonable import to_jsonable
from overflight.model.speed import Speed, SpeedUnit, parse_speed

__all__ = [
    "INTERNATIONAL",
    "Aerodrome",
    "EetEstimate",
    "FlightIntent",
    "FlightRules",
    "FlightType",
    "Level",
    "LevelUnit",
    "OtherIndicator",
    "Position",
    "Provenance",
    "Route",
    "RoutePoint",
    "SpecialHandling",
    "Speed",
    "SpeedUnit",
    "Transit",
    "WakeCategory",
    "parse_level",
    "parse_speed",
    "to_jsonable",
]
