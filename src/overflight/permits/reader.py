"""Read permit request documents into ``PermitRequest`` values, with every problem located.

``read_permit(text, source)`` validates against the schema (``schema.PermitRequestDoc``), then
checks what the schema cannot: aerodromes must be real ICAO indicators (``overflight.geo``),
states must be known (alpha-2 or a name). Each problem is a ``DocumentError`` naming the field
path and, where the text gives it, the line: ``seed.yaml:12: route.departure.aerodrome: ...``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import yaml

from overflight.errors import InputError
from overflight.geo import find_aerodrome, parse_point, parse_state, state_of_indicator
from overflight.model import (
    CruisingLevel,
    EetEstimate,
    FlightIntent,
    FlightType,
    GeoPoint,
    Provenance,
    SpecialHandling,
    Speed,
    parse_level,
    parse_speed,
)
from overflight.permits.document import DocumentError, field_path, line_of, read_document
from overflight.permits.model import (
    Cargo,
    DangerousGoods,
    FirCrossing,
    Landing,
    Party,
    PartyRole,
    PermitRequest,
    PermitType,
    Purpose,
)
from overflight.permits.schema import FirCrossingDoc, PartyDoc, PermitRequestDoc, PointTimeDoc
from overflight.textfile import YamlLoader

_FLIGHT_TYPES = {
    "scheduled": FlightType.SCHEDULED,
    "non-scheduled": FlightType.NON_SCHEDULED,
    "general-aviation": FlightType.GENERAL_AVIATION,
    "military": FlightType.MILITARY,
    "other": FlightType.OTHER,
}


Locator = Callable[[Sequence[str | int]], tuple[int | None, int | None]]
"""Where (line, column) the value at a field path was written, as far as the text tells."""


def yaml_locator(text: str) -> Locator:
    """Lines from the YAML (or JSON) text's node marks; columns are not given."""
    try:
        root: yaml.Node | None = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError:
        root = None

    def locate(loc: Sequence[str | int]) -> tuple[int | None, int | None]:
        return line_of(root, loc), None

    return locate


class Checker:
    """Collects located problems while the validated document is turned into domain values."""

    def __init__(self, source: str, locate: Locator, *, index: int = 1, line: int = 1) -> None:
        self.source = source
        self.locate = locate
        self.index = index  # the request's number in its source (a batch's row)
        self.line = line  # where the request starts in its source
        self.problems: list[DocumentError] = []

    def problem(self, loc: Sequence[str | int], message: str) -> None:
        """Note a problem at the field ``loc``, where its value was written."""
        line, column = self.locate(loc)
        self.problems.append(
            DocumentError(
                message, source=self.source, line=line, column=column, field=field_path(loc)
            )
        )

    def aerodrome(self, code: str, loc: Sequence[str | int]) -> str:
        """The ICAO indicator of a real aerodrome, else a problem (with suggestions)."""
        try:
            return find_aerodrome(code).icao
        except InputError as err:
            self.problem(loc, err.message)
            return code

    def state(self, text: str, loc: Sequence[str | int]) -> str:
        """A known state's alpha-2 code (from a code or a name), else a problem."""
        if not text:
            return ""
        try:
            return parse_state(text)
        except InputError as err:
            self.problem(loc, err.message)
            return ""

    def party(self, role: PartyRole, doc: PartyDoc | None, loc: tuple[str, ...]) -> list[Party]:
        """The party a document names, its country checked."""
        if doc is None:
            return []
        country = self.state(doc.country, (*loc, "country"))
        return [Party(role, doc.name, doc.address, country)]

    def landing(self, doc: PointTimeDoc | None, loc: tuple[str, ...]) -> Landing | None:
        """An aerodrome and time, the aerodrome checked."""
        if doc is None:
            return None
        return Landing(self.aerodrome(doc.aerodrome, (*loc, "aerodrome")), _utc(doc.time))

    def point(self, text: str, loc: Sequence[str | int]) -> GeoPoint | None:
        """The position of a point given as coordinates; ``None`` for a named point."""
        if not any(ch.isdigit() for ch in text):
            return None
        try:
            return parse_point(text, field_path(loc)).position
        except InputError as err:
            self.problem(loc, err.message)
            return None

    def order(
        self,
        earlier: datetime | None,
        later: datetime | None,
        loc: Sequence[str | int],
        what: str,
    ) -> None:
        """A problem at ``loc`` when ``later`` comes before ``earlier`` (both given)."""
        if earlier is not None and later is not None and later < earlier:
            self.problem(loc, f"{_iso(later)} is before {what} {_iso(earlier)}")

    def crossing(self, doc: FirCrossingDoc, i: int) -> FirCrossing:
        """One FIR crossing: its state from the FIR, its points placed, its times in order."""
        loc = ("route", "fir_crossings", i)
        state = state_of_indicator(doc.fir) or ""
        if not state:
            self.problem(
                (*loc, "fir"),
                f"{doc.fir!r} is not a FIR of any known state (no aerodrome's indicator "
                f"starts {doc.fir[:2]!r})",
            )
        self.order(doc.entry_time, doc.exit_time, (*loc, "exit_time"), "its entry time")
        return FirCrossing(
            doc.fir,
            doc.entry_point,
            _utc(doc.entry_time),
            doc.exit_point,
            _utc(doc.exit_time),
            state,
            self.point(doc.entry_point, (*loc, "entry_point")),
            self.point(doc.exit_point, (*loc, "exit_point")),
        )


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _speed_level(
    ats_route: str, checker: Checker
) -> tuple[Speed | None, CruisingLevel | None, str]:
    """The cruising speed and level a route opens with (``N0450F330 ...``), and the rest."""
    head, _, rest = ats_route.partition(" ")
    split = next((i for i in range(4, len(head)) if head[i] in "FSAMV"), None)
    if split is None or head[:1] not in ("N", "K", "M") or not head[1:split].isdigit():
        return None, None, ats_route
    try:
        return parse_speed(head[:split]), parse_level(head[split:]), rest.strip()
    except InputError as err:
        checker.problem(("route", "ats_route"), err.message)
        return None, None, ats_route


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _eet(doc: PermitRequestDoc) -> tuple[EetEstimate, ...]:
    off = doc.route.departure.time
    if off is None:
        return ()
    return tuple(
        EetEstimate(c.fir, max(0, round((c.entry_time - off).total_seconds() / 60)))
        for c in doc.route.fir_crossings
        if c.entry_time is not None
    )


def to_permit_request(doc: PermitRequestDoc, checker: Checker) -> PermitRequest:
    """The domain values of a validated document; problems go to ``checker``."""
    aircraft, route = doc.aircraft, doc.route
    departure = checker.landing(route.departure, ("route", "departure"))
    destination = checker.landing(route.destination, ("route", "destination"))
    stops = tuple(
        Landing(checker.aerodrome(s.aerodrome, ("route", "stops", i, "aerodrome")), _utc(s.arrival))
        for i, s in enumerate(route.stops)
    )
    nationality = checker.state(aircraft.nationality, ("aircraft", "nationality"))
    operator_country = checker.state(doc.operator.country, ("operator", "country"))
    parties = [
        Party(
            PartyRole.OPERATOR,
            doc.operator.name,
            doc.operator.address,
            operator_country,
            doc.operator.icao,
        )
    ]
    if doc.pilot_in_command is not None:
        pic = doc.pilot_in_command
        country = checker.state(pic.nationality, ("pilot_in_command", "nationality"))
        parties.append(Party(PartyRole.PILOT_IN_COMMAND, pic.name, "", country))
    cargo = None
    if doc.cargo is not None:
        c = doc.cargo
        parties += checker.party(PartyRole.CONSIGNOR, c.consignor, ("cargo", "consignor"))
        parties += checker.party(PartyRole.CONSIGNEE, c.consignee, ("cargo", "consignee"))
        parties += checker.party(
            PartyRole.RESPONSIBLE_FOR_CARGO, c.responsible_person, ("cargo", "responsible_person")
        )
        goods = tuple(
            DangerousGoods(d.un_number, d.hazard_class, d.description, d.quantity, d.permit_ref)
            for d in doc.dangerous_goods
        )
        cargo = Cargo(
            c.description, c.weight_kg, c.hs_code, c.air_waybill, goods, doc.arms_munitions
        )
    parties += checker.party(PartyRole.CHARTERER, doc.charterer, ("charterer",))
    parties += checker.party(PartyRole.AGENT, doc.agent, ("agent",))
    requested = tuple(
        checker.state(s, ("requested_states", i)) for i, s in enumerate(doc.requested_states)
    )
    sts: list[str] = []
    if doc.permit_type is PermitType.DIPLOMATIC or doc.purpose is Purpose.STATE:
        sts.append("STATE")
    if doc.dangerous_goods:
        sts.append("HAZMAT")
    off = departure.time if departure else None
    on = destination.time if destination else None
    checker.order(off, on, ("route", "destination", "time"), "the departure time")
    if doc.validity is not None:
        checker.order(
            doc.validity.valid_from,
            doc.validity.valid_until,
            ("validity", "until"),
            "the window's start",
        )
    crossings = tuple(checker.crossing(c, i) for i, c in enumerate(route.fir_crossings))
    for i, crossing in enumerate(crossings):
        loc = ("route", "fir_crossings", i, "entry_time")
        checker.order(off, crossing.entry_time, loc, "the departure time")
    speed, level, route_text = _speed_level(route.ats_route, checker)
    intent = FlightIntent(
        aircraft_id=doc.callsign,
        operator=doc.operator.name,
        registration=aircraft.registration.upper(),
        aircraft_address=int(aircraft.address24, 16) if aircraft.address24 else None,
        aircraft_type=aircraft.type,
        flight_type=_FLIGHT_TYPES[doc.flight_type],
        eobt=off,
        dof=off.date() if off else None,
        departure=departure.aerodrome if departure else "",
        destination=destination.aerodrome if destination else "",
        cruising_speed=speed,
        cruising_level=level,
        route_text=route_text,
        total_eet_min=round((on - off).total_seconds() / 60) if off and on and on > off else None,
        eet=_eet(doc),
        sts=_sts(sts),
        provenance=Provenance(checker.source, checker.index, checker.line),
    )
    return PermitRequest(
        reference=doc.reference,
        intent=intent,
        permit_type=doc.permit_type,
        purpose=doc.purpose,
        nationality=nationality,
        mtow_kg=aircraft.mtow_kg,
        parties=tuple(parties),
        cargo=cargo,
        stops=stops,
        fir_crossings=crossings,
        last_landing=checker.landing(doc.last_landing, ("last_landing",)),
        next_landing=checker.landing(doc.next_landing, ("next_landing",)),
        requested_states=requested,
        air_drop_capable=aircraft.air_drop_capable,
        valid_from=_utc(doc.validity.valid_from) if doc.validity else None,
        valid_until=_utc(doc.validity.valid_until) if doc.validity else None,
    )


def _sts(words: list[str]) -> tuple[SpecialHandling, ...]:
    return tuple(SpecialHandling(word) for word in words)


def read_permit(
    text: str, source: str = "<permit>", *, json_text: bool = False
) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    """A permit request from YAML (or JSON) text, or every problem found, each located.

    Returns ``(request, ())`` when the document is good and ``(None, problems)`` otherwise;
    it never raises for bad content.
    """
    doc, problems = read_document(text, source, PermitRequestDoc, json_text=json_text)
    if doc is None:
        return None, problems
    checker = Checker(source, yaml_locator(text))
    request = to_permit_request(doc, checker)
    if checker.problems:
        return None, tuple(checker.problems)
    return request, ()


__all__ = ["Checker", "Locator", "read_permit", "to_permit_request", "yaml_locator"]
