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
from overflight.model.jsonable import to_jsonable
from overflight.model.speed import Speed, SpeedUnit, parse_speed

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
