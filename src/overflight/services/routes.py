"""Route use cases: transits of routes a user writes, of batch files and of filed plans."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from overflight.errors import InputError, OverflightError, Param, ParseError
from overflight.geo import (
    Airspace,
    TransitTable,
    find_transit_table,
    find_transits,
    find_transits_many,
    load_airspace,
    parse_point,
    parse_time,
    plan_route,
)
from overflight.model import GeoPoint, Route, Transit, parse_speed, round_floats, to_jsonable
from overflight.textfile import csv_rows, read_text_file

if TYPE_CHECKING:  # filed plans need the ATS reader and navigation data: imported when read
    from overflight.ats import AtsMessage, ResolvedRoute
    from overflight.geo import NavData

BATCH_COLUMNS = ("departure", "destination", "via", "departure_time", "speed")


@dataclass(frozen=True, slots=True)
class RouteTransits:
    """A planned route and the airspaces it crosses."""

    route: Route
    transits: tuple[Transit, ...]


@dataclass(frozen=True, slots=True)
class RouteRequest:
    """A route as a user wrote it: point texts, and optional departure time and speed texts."""

    points: tuple[str, ...]
    departure_time: str = ""
    speed: str = ""
    line: int = 0  # line in the batch file it came from, 0 for the command line


_DEPARTURE, _VIA, _DESTINATION = Param("departure"), Param("via"), Param("destination")


def plan_request(request: RouteRequest) -> Route:
    """Plan the route a user wrote.

    Raises:
        InputError: a point, time or speed cannot be read (the error names the argument).
    """
    names = (_DEPARTURE, *(_VIA,) * (len(request.points) - 2), _DESTINATION)
    points = [parse_point(text, what) for text, what in zip(request.points, names, strict=True)]
    departure = (
        parse_time(request.departure_time, Param("departure_time"))
        if request.departure_time
        else None
    )
    speed = parse_speed(request.speed, Param("speed")) if request.speed else None
    return plan_route(points, departure=departure, speed=speed)


def route_transits(request: RouteRequest, airspace: Airspace | None = None) -> RouteTransits:
    """Plan a route from user text and find its transits.

    Raises:
        InputError: a point, time or speed cannot be read (the error names the argument).
    """
    route = plan_request(request)
    return RouteTransits(route, find_transits(route, airspace or load_airspace()))


def route_rows(
    results: Sequence[RouteTransits], *, keep_times: bool = False
) -> list[dict[str, Any]]:
    """Routes and their transits as JSON data, one dict each (what ``overflight route`` prints).

    ``{"route": ..., "transits": [...]}`` as ``to_jsonable`` gives each value, every transit with
    its ``distance_m`` (to 0.1 m) too; its floats are rounded for all results at once
    (``round_floats``), the dearest step of a big batch's JSON. ``keep_times`` as for
    ``to_jsonable`` (datetimes left for ``json_line``).
    """
    transits = [t for result in results for t in result.transits]
    # A transit's exit is the next one's entry (one GeoPoint): such points are written once.
    points: list[GeoPoint] = []
    for result in results:
        last = None
        for t in result.transits:
            if t.entry is not last:
                points.append(t.entry)
            points.append(t.exit)
            last = t.exit
    degrees = round_floats([v for p in points for v in (p.lat, p.lon)])
    places = [{"lat": degrees[2 * i], "lon": degrees[2 * i + 1]} for i in range(len(points))]
    metres = round_floats([v for t in transits for v in (t.entry_m, t.exit_m)])
    tenths = round_floats([t.distance_m for t in transits], 1)
    rows: list[dict[str, Any]] = []
    k = at = 0
    for result in results:
        listed: list[dict[str, Any]] = []
        last = None
        for t in result.transits:
            if t.entry is not last:
                at += 1
            entered, exited = t.entered_at, t.exited_at
            listed.append(
                {
                    "state": t.state,
                    "name": t.name,
                    "entry": places[at - 1],
                    "exit": places[at],
                    "entry_m": metres[2 * k],
                    "exit_m": metres[2 * k + 1],
                    "entered_at": entered if entered is None or keep_times else entered.isoformat(),
                    "exited_at": exited if exited is None or keep_times else exited.isoformat(),
                    "territorial_sea_only": t.territorial_sea_only,
                    "distance_m": tenths[k],
                }
            )
            k += 1
            at += 1
            last = t.exit
        rows.append({"route": to_jsonable(result.route, keep_times=keep_times), "transits": listed})
    return rows


def read_route_batch(path: Path) -> tuple[list[RouteRequest], list[ParseError]]:
    """Read a CSV of routes: departure, destination, via, departure_time, speed.

    A header row naming those columns (any order, ``via`` and the rest optional) may come first;
    without one the columns are taken in that order. ``via`` holds points separated by spaces.
    Blank lines and lines starting with ``#`` are skipped.

    Raises:
        InputError: the file cannot be read.
        ParseError: it is not UTF-8 text (line and column of the first bad byte).
    """
    text = read_text_file(path)
    requests: list[RouteRequest] = []
    errors: list[ParseError] = []
    columns: tuple[str, ...] = BATCH_COLUMNS
    for read in csv_rows(text.splitlines(), str(path)):
        if isinstance(read, ParseError):
            errors.append(read)
            continue
        number, row = read
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not requests and not errors and cells[0].lower() == "departure":
            unknown = [c for c in cells if c.lower() not in BATCH_COLUMNS]
            if unknown:
                errors.append(_batch_error(path, number, f"unknown columns {unknown}"))
            columns = tuple(c.lower() for c in cells)
            continue
        if len(cells) > len(columns):
            errors.append(_batch_error(path, number, f"{len(cells)} cells, at most {len(columns)}"))
            continue
        fields = dict(zip(columns, cells, strict=False))
        if not fields.get("departure") or not fields.get("destination"):
            errors.append(_batch_error(path, number, "a route needs a departure and a destination"))
            continue
        via = tuple(fields.get("via", "").split())
        requests.append(
            RouteRequest(
                (fields["departure"], *via, fields["destination"]),
                fields.get("departure_time", ""),
                fields.get("speed", ""),
                number,
            )
        )
    if not requests and not errors:
        errors.append(_batch_error(path, 1, f"no route in it: expected {_EXPECTED_ROW}"))
    return requests, errors


_EXPECTED_ROW = "rows of departure, destination, via, departure_time, speed (KJFK,EGLL)"


def batch_transits(
    requests: Sequence[RouteRequest], source: Path, airspace: Airspace | None = None
) -> Iterator[RouteTransits | ParseError]:
    """Transits of each request, in order; a failing request yields its error, the rest go on.

    Routes are planned one by one and their transits found 64 at a time (``find_transits_many``).
    """
    airspace = airspace or load_airspace()
    for start in range(0, len(requests), 64):
        chunk = requests[start : start + 64]
        planned: list[Route | ParseError] = [_plan_or_error(r, source) for r in chunk]
        routes = [p for p in planned if isinstance(p, Route)]
        found = iter(find_transits_many(routes, airspace))
        for outcome in planned:
            yield (
                outcome if isinstance(outcome, ParseError) else RouteTransits(outcome, next(found))
            )


def batch_rows(
    requests: Sequence[RouteRequest], source: Path, airspace: Airspace | None = None
) -> Iterator[dict[str, Any] | ParseError]:
    """The JSON row of each request, in order (``{"line": ..., "route": ..., "transits": ...}``).

    What ``batch_transits`` then ``route_rows`` with ``keep_times`` give, written from the
    transits' columns (``find_transit_table``) with no ``Transit`` value made; times are naive
    datetimes in UTC, as ``json_line`` writes them. A failing request yields its error.
    """
    airspace = airspace or load_airspace()
    for start in range(0, len(requests), 64):
        chunk = requests[start : start + 64]
        planned: list[Route | ParseError] = [_plan_or_error(r, source) for r in chunk]
        routes = [p for p in planned if isinstance(p, Route)]
        lines = [r.line for r, p in zip(chunk, planned, strict=True) if isinstance(p, Route)]
        rows = iter(_table_rows(routes, lines, find_transit_table(routes, airspace)))
        for outcome in planned:
            yield outcome if isinstance(outcome, ParseError) else next(rows)


def _table_rows(
    routes: Sequence[Route], lines: Sequence[int], table: TransitTable
) -> list[dict[str, Any]]:
    """``route_rows`` of the routes (and their lines) from their transits' columns."""
    cut = table.start.tolist()
    # Each route's places: its transits' entries, then its destination (the last exit).
    ends = table.start[1:]
    lat = np.insert(table.entry_lat, ends, [r.destination.position.lat for r in routes])
    lon = np.insert(table.entry_lon, ends, [r.destination.position.lon for r in routes])
    places = [
        {"lat": y, "lon": x}
        for y, x in zip(round_floats(lat.tolist()), round_floats(lon.tolist()), strict=True)
    ]
    entry_m, exit_m = round_floats(table.entry_m.tolist()), round_floats(table.exit_m.tolist())
    tenths = round_floats((table.exit_m - table.entry_m).tolist(), 1)
    entered, exited = _utc_datetimes(table.entered_s), _utc_datetimes(table.exited_s)
    state, name, sea = table.state, table.name, table.territorial_sea_only
    rows: list[dict[str, Any]] = []
    for n, route in enumerate(routes):
        a, b = cut[n], cut[n + 1]
        rows.append(
            {
                "line": lines[n],
                "route": to_jsonable(route, keep_times=True),
                "transits": [
                    {
                        "state": state[k],
                        "name": name[k],
                        "entry": places[k + n],
                        "exit": places[k + n + 1],
                        "entry_m": entry_m[k],
                        "exit_m": exit_m[k],
                        "entered_at": entered[k],
                        "exited_at": exited[k],
                        "territorial_sea_only": sea[k],
                        "distance_m": tenths[k],
                    }
                    for k in range(a, b)
                ],
            }
        )
    return rows


def _utc_datetimes(seconds: NDArray[np.float64]) -> list[datetime | None]:
    """``datetime.fromtimestamp(s, UTC)`` of each POSIX time, without its zone; NaN: ``None``.

    The same microsecond, bit for bit: CPython splits ``s`` into whole seconds and a fraction
    (exact) and rounds the fraction's microseconds half to even, as ``np.rint`` does.
    """
    timed = ~np.isnan(seconds)
    whole = np.trunc(np.where(timed, seconds, 0.0))
    micro = whole.astype(np.int64) * 1_000_000 + np.rint(
        (np.where(timed, seconds, 0.0) - whole) * 1e6
    ).astype(np.int64)
    found: list[datetime | None] = micro.astype("datetime64[us]").tolist()
    if not timed.all():
        for i in np.flatnonzero(~timed).tolist():
            found[i] = None
    return found


def _plan_or_error(request: RouteRequest, source: Path) -> Route | ParseError:
    try:
        return plan_request(request)
    except InputError as err:
        return ParseError(err.message, source=str(source), line=request.line, field=err.what)
    except OverflightError as err:
        return ParseError(str(err), source=str(source), line=request.line)


@dataclass(frozen=True, slots=True)
class FiledRoute:
    """A filed plan's route and transits, and the FIRs its filer declared in ``EET/``."""

    message: AtsMessage
    resolved: ResolvedRoute
    result: RouteTransits
    declared: tuple[tuple[str, str, int], ...]  # EET location, its state ("" if unknown), minutes

    @property
    def crossed_undeclared(self) -> tuple[str, ...]:
        """States whose airspace the route enters though no EET/ FIR of theirs is declared.

        The departure state is left out: EET/ lists the boundaries crossed after take-off.
        """
        declared = {state for _, state, _ in self.declared}
        declared.add(self.result.transits[0].state)
        crossed = dict.fromkeys(t.state for t in self.result.transits if t.state)
        return tuple(s for s in crossed if s not in declared)

    @property
    def declared_uncrossed(self) -> tuple[str, ...]:
        """States with a declared EET/ FIR whose sovereign airspace the route never enters.

        Not always an error: a FIR reaches over the high seas beyond a state's 12 NM.
        """
        crossed = {t.state for t in self.result.transits}
        declared = dict.fromkeys(state for _, state, _ in self.declared if state)
        return tuple(s for s in declared if s not in crossed)


def filed_routes(
    path: Path, navdata: NavData | None = None, airspace: Airspace | None = None
) -> tuple[list[FiledRoute], list[ParseError]]:
    """The route and transits of every FPL in a file of ATS messages, each against its EET/.

    Messages other than FPL are left to ``overflight ats``; a message that cannot be read or
    routed becomes an error and the rest go on.

    Raises:
        InputError: the file cannot be read.
    """
    from overflight.ats import Title, eobt_of, parse_message_file, resolve_route
    from overflight.geo import load_navdata, state_of_indicator

    text = read_text_file(path)
    messages, parse_errors = parse_message_file(text, str(path))
    errors: list[ParseError] = list(parse_errors)
    navdata = navdata if navdata is not None else load_navdata()
    airspace = airspace or load_airspace()
    filed = []
    for message in messages:
        if message.title is not Title.FPL:
            continue
        try:
            resolved = resolve_route(message, navdata)
            departure = eobt_of(message, message.other.dof if message.other else None)
            route = plan_route(
                resolved.points,
                departure=departure,
                speed=message.route.speed if message.route else None,
            )
        except ParseError as err:
            errors.append(_in_file(err, message, text))
            continue
        declared = tuple(
            (eet.location, state_of_indicator(eet.location) or "", eet.eet_min)
            for eet in (message.other.eet if message.other else ())
        )
        filed.append(
            FiledRoute(
                message, resolved, RouteTransits(route, find_transits(route, airspace)), declared
            )
        )
    return filed, errors


def _in_file(err: ParseError, message: AtsMessage, text: str) -> ParseError:
    """``err`` placed in the file: field 15's syntax errors count their column in the field alone.

    Reported as they were, ``31: field 15: …`` reads as a second field number, not a column.
    """
    origin = message.origin
    if origin is None or err.source or err.field != "field 15" or err.column is None:
        return err
    span = origin.span("15")
    if span is None:
        return err
    line, column = origin.locate(_source_offset(text, span.offset, err.column - 1))
    where = f"message {origin.index}: field 15"
    return ParseError(err.message, source=origin.source, line=line, column=column, field=where)


def _source_offset(text: str, start: int, folded: int) -> int:
    """The offset in ``text`` of the character ``folded`` places after ``start``.

    Each run of white space counts as one place, as in a field's folded text.
    """
    position = start
    for _ in range(folded):
        space = _SPACE.match(text, position)
        position = space.end() if space else position + 1
    return position


_SPACE = re.compile(r"\s+")


def _batch_error(path: Path, line: int, message: str) -> ParseError:
    return ParseError(message, source=str(path), line=line)
