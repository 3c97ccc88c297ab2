"""Places, routes and the airspace segments a route crosses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

INTERNATIONAL = ""
"""The ``state`` of airspace that no state owns (high seas, Antarctica)."""


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A point on the WGS84 ellipsoid, in degrees; longitude in [-180, 180]."""

    lat: float
    lon: float

    def __str__(self) -> str:
        ns = "N" if self.lat >= 0 else "S"
        ew = "E" if self.lon >= 0 else "W"
        return f"{abs(self.lat):.4f}{ns} {abs(self.lon):.4f}{ew}"


@dataclass(frozen=True, slots=True)
class Aerodrome:
    """An aerodrome known by its ICAO location indicator (and IATA code, where it has one)."""

    icao: str
    iata: str
    name: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    position: GeoPoint
    elevation_ft: float


@dataclass(frozen=True, slots=True)
class RoutePoint:
    """One point of a route: its name as given, where it is, how far along, and when."""

    name: str
    position: GeoPoint
    along_m: float = 0.0  # geodesic metres from the route's first point
    time: datetime | None = None  # aware, UTC
    aerodrome: Aerodrome | None = None


@dataclass(frozen=True, slots=True)
class Route:
    """Points joined by geodesics on the WGS84 ellipsoid, first to last."""

    points: tuple[RoutePoint, ...]
    distance_m: float

    @property
    def departure(self) -> RoutePoint:
        """The first point."""
        return self.points[0]

    @property
    def destination(self) -> RoutePoint:
        """The last point."""
        return self.points[-1]


@dataclass(frozen=True, slots=True)
class Transit:
    """A stretch of a route inside one airspace (a state's, or international).

    ``state`` is the ISO 3166-1 alpha-2 code of the territory whose sovereign airspace this is
    (land plus 12 NM territorial sea), or ``INTERNATIONAL`` (""). Distances are geodesic metres
    from the route's first point.
    """

    state: str
    name: str
    entry: GeoPoint
    exit: GeoPoint
    entry_m: float
    exit_m: float
    entered_at: datetime | None
    exited_at: datetime | None
    territorial_sea_only: bool

    @property
    def distance_m(self) -> float:
        """Geodesic metres flown inside this airspace."""
        return self.exit_m - self.entry_m
