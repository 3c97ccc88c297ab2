"""OpenSanctions FollowTheMoney entities, one JSON object per line (``entities.ftm.json``).

Each line is ``{"id", "schema", "properties": {prop: [values]}, ...}``. Supporting records
(``Address``) are used to fill in the addresses that entities point to; ``Sanction`` and
other link records are skipped.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from overflight.errors import ParseError
from overflight.textfile import parse_json
from overflight.watchlist.birth_dates import birth_dates
from overflight.watchlist.countries import country_code, country_codes
from overflight.watchlist.encoding import read_list_text
from overflight.watchlist.entity import (
    Address,
    AircraftDetails,
    Entity,
    EntityName,
    Identifier,
    LoadResult,
    NameKind,
    OperatorLink,
    Schema,
    SourceList,
)
from overflight.watchlist.ftm_schema import schema_for
from overflight.watchlist.identifiers import IdentifierKind

_NAME_PROPS = (
    ("name", NameKind.PRIMARY),
    ("alias", NameKind.AKA),
    ("previousName", NameKind.FKA),
    ("weakAlias", NameKind.LOW_QUALITY),
)
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "flag")
_TYPED_IDS = {
    "imoNumber": IdentifierKind.IMO,
    "callSign": IdentifierKind.CALL_SIGN,
    "serialNumber": IdentifierKind.MSN,
}
_OTHER_IDS = (
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "idNumber",
    "passportNumber",
    "mmsi",
    "swiftBic",
)


def _values(properties: dict[str, Any], prop: str) -> list[str]:
    raw = properties.get(prop, [])
    values = raw if isinstance(raw, list) else [raw]
    return [" ".join(str(v).split()) for v in values if isinstance(v, str | int) and str(v).strip()]


def entity_from_ftm(
    record: dict[str, Any], addresses: dict[str, Address] | None = None
) -> Entity | None:
    """Our entity for one FtM record, or ``None`` for a supporting record.

    Raises:
        ParseError: the record lacks an id, a schema, or any name.
    """
    ftm_id, ftm_schema = record.get("id"), record.get("schema")
    if not isinstance(ftm_id, str) or not ftm_id or not isinstance(ftm_schema, str):
        raise ParseError("record has no id or schema", field="id")
    schema = schema_for(ftm_schema)
    if schema is None:
        return None
    properties = record.get("properties")
    if not isinstance(properties, dict):
        raise ParseError(f"{ftm_id} has no properties object", field="properties")
    names = [
        EntityName(text, kind) for prop, kind in _NAME_PROPS for text in _values(properties, prop)
    ]
    registrations = _values(properties, "registrationNumber")
    if not names and schema is Schema.AIRCRAFT and registrations:
        names = [EntityName(registrations[0])]
    if not names:
        raise ParseError(f"{ftm_id} has no name", field="name")
    identifiers: list[Identifier] = []
    for value in registrations:
        kind = IdentifierKind.REGISTRATION if schema is Schema.AIRCRAFT else IdentifierKind.OTHER
        identifiers.append(
            Identifier(
                kind, value, "" if kind is IdentifierKind.REGISTRATION else "registrationNumber"
            )
        )
    for prop, kind in _TYPED_IDS.items():
        identifiers.extend(Identifier(kind, value) for value in _values(properties, prop))
    for prop in _OTHER_IDS:
        identifiers.extend(
            Identifier(IdentifierKind.OTHER, value, prop) for value in _values(properties, prop)
        )
    countries: list[str] = []
    for prop in _COUNTRY_PROPS:
        for value in _values(properties, prop):
            code = country_code(value)
            if code and code not in countries:
                countries.append(code)
    places = [
        addresses[ref]
        for ref in _values(properties, "addressEntity")
        if addresses and ref in addresses
    ]
    places.extend(Address(full=text) for text in _values(properties, "address"))
    aircraft = None
    if schema is Schema.AIRCRAFT:
        build = (_values(properties, "buildDate") or [""])[0]
        model = (_values(properties, "model") or _values(properties, "icaoCode") or [""])[0]
        year = int(build[:4]) if build[:4].isdigit() else None
        aircraft = AircraftDetails(model=model, build_year=year, build_date=build)
    links = tuple(
        OperatorLink(ref, "operator", f"os-{ref}") for ref in _values(properties, "operator")
    )
    datasets = record.get("datasets")
    person = schema is Schema.PERSON
    programmes = _values(properties, "programId") or [
        d for d in (datasets if isinstance(datasets, list) else ()) if isinstance(d, str)
    ]
    return Entity(
        id=f"os-{ftm_id}",
        schema=schema,
        names=tuple(dict.fromkeys(names)),
        source=SourceList.OPENSANCTIONS,
        source_ref=ftm_id,
        identifiers=tuple(dict.fromkeys(identifiers)),
        countries=tuple(countries),
        addresses=tuple(places),
        programmes=tuple(programmes),
        aircraft=aircraft,
        links=links,
        remarks="; ".join(_values(properties, "notes")),
        birth_dates=birth_dates(_values(properties, "birthDate")) if person else (),
        nationalities=country_codes(
            [*_values(properties, "nationality"), *_values(properties, "citizenship")]
        )
        if person
        else (),
    )


def _address(record: dict[str, Any]) -> Address | None:
    properties = record.get("properties")
    if record.get("schema") != "Address" or not isinstance(properties, dict):
        return None
    full = (_values(properties, "full") or [""])[0]
    city = (_values(properties, "city") or [""])[0]
    country = country_code((_values(properties, "country") or [""])[0])
    return Address(full=full or city, city=city, country=country) if full or city else None


def load_opensanctions_json(path: Path) -> LoadResult:
    """Read FtM JSON lines; a line that is not a readable entity is reported with its number."""
    problems: list[ParseError] = []
    records: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(read_list_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = parse_json(line, path.name, line=number)
        except ParseError as err:
            problems.append(err)
            continue
        if not isinstance(record, dict):
            problems.append(ParseError("not a JSON object", source=path.name, line=number))
            continue
        records.append((number, record))
    addresses = {str(r.get("id")): a for _, r in records if (a := _address(r)) is not None}
    entities: list[Entity] = []
    for number, record in records:
        try:
            entity = entity_from_ftm(record, addresses)
        except ParseError as err:
            problems.append(ParseError(err.message, source=path.name, line=number, field=err.field))
            continue
        if entity is not None:
            entities.append(entity)
    return _resolve_operators(entities), tuple(problems)


def _resolve_operators(entities: list[Entity]) -> tuple[Entity, ...]:
    """Operator links point at FtM ids; name them where the operator is in the same file."""
    by_id = {entity.id: entity for entity in entities}
    resolved = []
    for entity in entities:
        if entity.links:
            links = tuple(
                replace(link, name=by_id[link.entity_id].caption)
                if link.entity_id in by_id
                else link
                for link in entity.links
            )
            entity = replace(entity, links=links)
        resolved.append(entity)
    return tuple(resolved)


__all__ = ["entity_from_ftm", "load_opensanctions_json"]
