"""Navigation data: named fixes, navaids and airways, read from X-Plane-format files.

A folder holds ``earth_fix.dat``, ``earth_nav.dat`` and ``earth_awy.dat``. The `traffic` package
ships such a folder (install the ``navdata`` extra); ``load_navdata()`` finds it without importing
`traffic`. Any file may be missing; names then resolve through aerodromes alone.

Formats read (one record a line; ``I``/``A`` headers, version lines and ``99`` are skipped):

* fixes: ``lat lon ident [terminal region type]`` (X-Plane 810 and 1100);
* navaids: ``type lat lon elevation frequency range variation ident …`` (810 and 1100);
* airways: ``designator sequence ident lat lon`` (the sequenced form `traffic` ships). X-Plane
  1100 segment files (``ident region type ident region type …``) are reported, not read.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pyproj import Geod

from overflight.errors import ParseError
from overflight.model import GeoPoint

GEOD = Geod(ellps="WGS84")
_NAVAID_KINDS = {"2": "NDB", "3": "VOR", "12": "DME", "13": "DME"}
_Node = tuple[str, float, float]  # ident, lat, lon (rounded): one point of an airway


@dataclass(frozen=True, slots=True)
class Navpoint:
    """A named point: a fix (waypoint) or a navaid."""

    ident: str
    position: GeoPoint
    kind: str  # "fix", "VOR", "NDB", "DME"


@dataclass(frozen=True, slots=True, eq=False)
class NavData:
    """Named points (an ident may name several places) and airway graphs."""

    points: dict[str, tuple[Navpoint, ...]] = field(default_factory=dict)
    airways: dict[str, dict[_Node, frozenset[_Node]]] = field(default_factory=dict)
    problems: tuple[ParseError, ...] = ()
    source: str = "none"

    def nearest(self, ident: str, near: GeoPoint, within_m: float = 3_000_000) -> Navpoint | None:
        """The point named ``ident`` closest to ``near`` (names repeat round the world)."""
        best: tuple[float, Navpoint] | None = None
        for point in self.points.get(ident, ()):
            distance = _distance_m(near, point.position)
            if distance <= within_m and (best is None or distance < best[0]):
                best = (distance, point)
        return best[1] if best else None

    def airway_between(
        self, designator: str, start: GeoPoint, start_ident: str, end_ident: str
    ) -> tuple[Navpoint, ...] | None:
        """The points along an airway from one named point to another, both included.

        The entry point is the airway point named ``start_ident`` nearest ``start``. Returns
        None when the airway is unknown or does not join the two points.
        """
        graph = self.airways.get(designator)
        if not graph:
            return None
        entries = [n for n in graph if n[0] == start_ident]
        if not entries:
            return None
        entry = min(entries, key=lambda n: _distance_m(start, GeoPoint(n[1], n[2])))
        came_from: dict[_Node, _Node | None] = {entry: None}
        queue = deque([entry])
        while queue:
            node = queue.popleft()
            if node[0] == end_ident:
                path = []
                step: _Node | None = node
                while step is not None:
                    path.append(Navpoint(step[0], GeoPoint(step[1], step[2]), "fix"))
                    step = came_from[step]
                return tuple(reversed(path))
            for neighbour in graph[node]:
                if neighbour not in came_from:
                    came_from[neighbour] = node
                    queue.append(neighbour)
        return None


def _distance_m(a: GeoPoint, b: GeoPoint) -> float:
    return float(GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2])


def traffic_navdata_folder() -> Path | None:
    """Where the `traffic` package keeps its X-Plane navigation files, if it is installed."""
    spec = importlib.util.find_spec("traffic")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "navdata"
    return folder if folder.is_dir() else None


@cache
def load_navdata(folder: Path | None = None) -> NavData:
    """Read a navigation-data folder (default: `traffic`'s, else none: aerodromes only).

    Unreadable lines are kept as problems (file and line), never fatal.
    """
    folder = folder or traffic_navdata_folder()
    if folder is None:
        return NavData()
    points: dict[str, list[Navpoint]] = defaultdict(list)
    graph: dict[str, dict[_Node, set[_Node]]] = defaultdict(lambda: defaultdict(set))
    problems: list[ParseError] = []
    for name, reader in (
        ("earth_fix.dat", _read_fix),
        ("earth_nav.dat", _read_navaid),
        ("earth_awy.dat", None),
    ):
        path = folder / name
        if not path.is_file():
            continue
        lines = path.read_text(encoding="latin-1").splitlines()
        if reader is None:
            _read_airways(lines, str(path), graph, problems)
            continue
        for number, line in _records(lines):
            try:
                point = reader(line.split())
            except (ValueError, IndexError):
                problems.append(
                    ParseError("not a navigation record", source=str(path), line=number)
                )
                continue
            if point is not None:
                points[point.ident].append(point)
    return NavData(
        points={ident: tuple(found) for ident, found in points.items()},
        airways={d: {n: frozenset(s) for n, s in g.items()} for d, g in graph.items()},
        problems=tuple(problems),
        source=str(folder),
    )


def _records(lines: list[str]) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text == "99" or text in ("I", "A") or "Version" in text[:40]:
            continue
        yield number, text


def _read_fix(cells: list[str]) -> Navpoint:
    lat, lon = float(cells[0]), float(cells[1])
    return Navpoint(cells[2], _checked(lat, lon), "fix")


def _read_navaid(cells: list[str]) -> Navpoint | None:
    kind = _NAVAID_KINDS.get(cells[0])
    if kind is None:  # ILS, markers, approach aids: not en-route points
        int(cells[0])
        return None
    return Navpoint(cells[7], _checked(float(cells[1]), float(cells[2])), kind)


def _checked(lat: float, lon: float) -> GeoPoint:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("off the globe")
    return GeoPoint(lat, lon)


def _read_airways(
    lines: list[str],
    source: str,
    graph: dict[str, dict[_Node, set[_Node]]],
    problems: list[ParseError],
) -> None:
    previous: tuple[str, int, _Node] | None = None
    for number, line in _records(lines):
        cells = line.split()
        try:
            if len(cells) == 5:  # designator sequence ident lat lon
                node = (cells[2], round(float(cells[3]), 6), round(float(cells[4]), 6))
                sequence = int(cells[1])
                if previous and previous[0] == cells[0] and previous[1] == sequence - 1:
                    graph[cells[0]][previous[2]].add(node)
                    graph[cells[0]][node].add(previous[2])
                graph[cells[0]].setdefault(node, set())
                previous = (cells[0], sequence, node)
            elif len(cells) >= 11:  # X-Plane 1100 segment; positions come from the fixes file
                problems.append(
                    ParseError(
                        "segment airways need positions: not read", source=source, line=number
                    )
                )
                return
            else:
                raise ValueError(line)
        except ValueError:
            problems.append(ParseError("not an airway record", source=source, line=number))
