"""A permit request against its own route: states asked and crossed, declared points and times.

The route is the one screening computed (``ScreeningContext.route`` and ``transits``): the filed
route where the request gives one, else the great circle through its aerodromes. States are
compared as sovereigns (a dependency's airspace counts as its sovereign's). A request that names
no state and no FIR is not compared: it says nothing to compare.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from overflight.errors import InputError
from overflight.geo import GEOD, find_aerodrome, sample_route, sovereign_of, state_name, times_at
from overflight.model import INTERNATIONAL, FlightIntent, FlightType, GeoPoint, Route, Transit
from overflight.permits import FirCrossing, PermitRequest
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import Finding, Indicator

_BY_AGREEMENT = frozenset({FlightType.SCHEDULED})
"""Flights that overfly by agreement (IASTA, air services agreements), not by a permit each."""


def _hhmm(value: datetime | None) -> str:
    return f"{value:%d %b %H:%MZ}" if value is not None else "time unknown"


def _crossed(transits: tuple[Transit, ...]) -> dict[str, list[Transit]]:
    """Transits by sovereign, in flight order of first entry."""
    found: dict[str, list[Transit]] = {}
    for transit in transits:
        if transit.state != INTERNATIONAL:
            found.setdefault(sovereign_of(transit.state), []).append(transit)
    return found


def _state_of(code: str) -> str:
    try:
        return sovereign_of(find_aerodrome(code).country)
    except InputError:
        return ""


def _asked(request: PermitRequest) -> dict[str, str]:
    """Each sovereign the request asks or names a FIR of, and how (``asked``, ``FIR LTAA``)."""
    asked = {sovereign_of(s): "asked" for s in request.requested_states if s}
    for crossing in request.fir_crossings:
        if crossing.state:
            asked.setdefault(sovereign_of(crossing.state), f"FIR {crossing.fir} named")
    return asked


def _stretch(transits: list[Transit]) -> str:
    first, last = transits[0], transits[-1]
    km = sum(t.distance_m for t in transits) / 1000
    sea = " (territorial sea only)" if all(t.territorial_sea_only for t in transits) else ""
    return (
        f"enters at {first.entry} {_hhmm(first.entered_at)}, leaves at {last.exit} "
        f"{_hhmm(last.exited_at)}, {km:,.0f} km{sea}"
    )


def crossed_not_requested(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """States the route enters that the request neither asks nor names a FIR of.

    The departure and destination states are left out (their clearances are of another kind),
    and so are scheduled flights, which overfly by agreement rather than by a permit each.
    """
    request = context.request
    if request is None or intent.flight_type in _BY_AGREEMENT:
        return ()
    asked = _asked(request)
    if not asked or not context.transits:
        return ()
    ends = {_state_of(intent.departure), _state_of(intent.destination)}
    missing = {
        state: stretches
        for state, stretches in _crossed(context.transits).items()
        if state not in asked and state not in ends
    }
    if not missing:
        return ()
    names = ", ".join(state_name(s) for s in missing)
    asked_names = ", ".join(state_name(s) for s in asked)
    summary = f"route crosses {names}, not asked in the request (it asks {asked_names})"
    evidence = tuple(
        f"{state_name(state)} ({state}): {_stretch(stretches)}"
        for state, stretches in missing.items()
    )
    weight = context.policy.weight(Indicator.CROSSED_NOT_REQUESTED)
    return (Finding(Indicator.CROSSED_NOT_REQUESTED, weight, summary, evidence),)


def requested_not_crossed(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """States the request asks (or names a FIR of) whose airspace the route never enters."""
    request = context.request
    if request is None or not context.transits:
        return ()
    crossed = _crossed(context.transits)
    ends = {_state_of(intent.departure), _state_of(intent.destination)}
    evidence = []
    for state, how in _asked(request).items():
        if state in crossed or state in ends:
            continue
        if how == "asked":
            evidence.append(
                f"{state_name(state)} ({state}) is asked; the route never enters its airspace"
            )
        else:
            evidence.append(
                f"{how} ({state_name(state)}); the route never enters {state_name(state)}'s "
                "airspace (a FIR may reach over the high seas beyond it)"
            )
    if not evidence:
        return ()
    summary = f"the request asks for {len(evidence)} state(s) the computed route does not cross"
    weight = context.policy.weight(Indicator.REQUESTED_NOT_CROSSED)
    return (Finding(Indicator.REQUESTED_NOT_CROSSED, weight, summary, tuple(evidence)),)


def nearest_on_route(route: Route, position: GeoPoint) -> tuple[float, float]:
    """How far (km) ``position`` lies from the route, and where (metres along) it comes nearest."""
    lons, lats, along = sample_route(route, 5_000.0)
    _, _, dist = GEOD.inv(
        lons, lats, np.full_like(lons, position.lon), np.full_like(lats, position.lat)
    )
    i = int(np.argmin(dist))
    return float(dist[i]) / 1000.0, float(along[i])


def _point_misfits(
    crossing: FirCrossing,
    which: str,
    context: ScreeningContext,
    route: Route,
) -> list[str]:
    name, position, declared = (
        (crossing.entry_point, crossing.entry_position, crossing.entry_time)
        if which == "entry"
        else (crossing.exit_point, crossing.exit_position, crossing.exit_time)
    )
    rules = context.policy.permits
    where = f"FIR {crossing.fir} {which} {name}"
    found = []
    computed: datetime | None = None
    basis = ""
    if position is not None:
        km, along = nearest_on_route(route, position)
        if km > rules.point_km:
            found.append(f"{where} lies {km:,.0f} km off the route (more than {rules.point_km:g})")
            return found  # a time at a point off the route says nothing more
        computed = times_at(route, [along])[0]
        basis = "the route passes there"
    else:
        stretches = _crossed(context.transits).get(sovereign_of(crossing.state), [])
        if stretches:
            computed = stretches[0].entered_at if which == "entry" else stretches[-1].exited_at
            basis = f"the route {'enters' if which == 'entry' else 'leaves'} " + (
                f"{state_name(crossing.state)}'s airspace"
            )
    if declared is not None and computed is not None:
        minutes = (declared - computed).total_seconds() / 60
        if abs(minutes) > rules.time_min:
            side = "after" if minutes > 0 else "before"
            found.append(
                f"{where} at {_hhmm(declared)}: {abs(minutes):.0f} min {side} {basis} "
                f"({_hhmm(computed)}; more than {rules.time_min:g} min)"
            )
    return found


def entry_misfit(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """Declared FIR entry and exit points or times that do not fit the computed route.

    A point given as coordinates must lie within ``permits.point_km`` of the route, and its
    time within ``permits.time_min`` of when the route passes it; a named point that cannot
    be placed has its time held against the computed entry into (or exit from) the FIR's
    state. Times are computed only when the route is timed (a departure time and a speed, or
    the request's departure and arrival times).
    """
    request, route = context.request, context.route
    if request is None or route is None:
        return ()
    evidence = [
        line
        for crossing in request.fir_crossings
        if crossing.state
        for which in ("entry", "exit")
        for line in _point_misfits(crossing, which, context, route)
    ]
    if not evidence:
        return ()
    summary = f"{len(evidence)} declared entry/exit point(s) or time(s) do not fit the route"
    weight = context.policy.weight(Indicator.ENTRY_MISFIT)
    return (Finding(Indicator.ENTRY_MISFIT, weight, summary, tuple(evidence)),)


__all__ = ["crossed_not_requested", "entry_misfit", "nearest_on_route", "requested_not_crossed"]
