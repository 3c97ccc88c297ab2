"""The shared domain values: frozen, typed, no I/O."""

from overflight.model.geo import Aerodrome, Position, Route, RoutePoint, Transit
from overflight.model.speed import Speed, SpeedUnit

__all__ = ["Aerodrome", "Position", "Route", "RoutePoint", "Speed", "SpeedUnit", "Transit"]
