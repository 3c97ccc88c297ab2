"""The EU Financial Sanctions File (``xmlFullSanctionsList_1_1``, root ``export``), iterparsed.

Each ``sanctionEntity`` (``logicalId``, ``euReferenceNumber``) holds its facts as attributes of
child elements: ``subjectType`` (``person`` or ``enterprise``), ``nameAlias`` (``wholeName``,
or first, middle and last names; ``strong="false"`` marks a weak alias), ``birthdate``,
``citizenship``, ``address``, ``identification``, ``regulation`` (``programme``, read as
``EU-PRK`` for ``PRK``) and ``remark``. The first name given is the primary one.
``countryIso2Code="00"`` means unknown. Namespaces are ignored
(``http://eu.europa.ec/fpi/fsd/export`` today).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from overflight.errors import ParseError
from overflight.watchlist.birth_dates import birth_date, birth_dates
from overflight.watchlist.countries import country_code
from overflight.watchlist.entity import (
    Address,
    Entity,
    EntityName,
    Identifier,
    LoadResult,
    NameKind,
    Schema,
    SourceList,
)
from overflight.watchlist.identifiers import IdentifierKind
from overflight.watchlist.xml_records import unique_records

_SUBJECTS = {"person": Schema.PERSON, "enterprise": Schema.ORGANISATION}
_ADDRESS = ("street", "poBox", "place", "city", "zipCode", "region")


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The children named ``name`` in any namespace or none (filtered by lxml, in C)."""
    children: Iterator[etree._Element] = element.iterchildren(f"{{*}}{name}")
    return children


def _get(element: etree._Element, name: str) -> str:
    return " ".join(element.get(name, "").split())


def _country(element: etree._Element) -> str:
    """The country an element names by ``countryIso2Code`` (``00`` is unknown) or description."""
    code = _get(element, "countryIso2Code").upper()
    if len(code) == 2 and code.isalpha():
        return code
    return country_code(_get(element, "countryDescription"))


def _name(alias: etree._Element) -> str:
    whole = _get(alias, "wholeName")
    parts = (_get(alias, part) for part in ("firstName", "middleName", "lastName"))
    return whole or " ".join(part for part in parts if part)


def _birth(element: etree._Element) -> str:
    """A ``birthdate`` element's date: ``birthdate``, else year, month and day, else a span."""
    year = _get(element, "year")
    month, day = _get(element, "monthOfYear"), _get(element, "dayOfMonth")
    if whole := _get(element, "birthdate"):
        return whole
    if year:
        return "-".join(part.zfill(2) for part in (year, month, day if month else "") if part)
    first, last = _get(element, "yearRangeFrom"), _get(element, "yearRangeTo")
    return f"{first} to {last}" if first and last else ""


def _entity(element: etree._Element, source: str) -> Entity:
    """One ``sanctionEntity``; a ParseError when its id, subject type or names are missing."""
    line = element.sourceline
    logical = _get(element, "logicalId")
    if not logical.isdigit():
        raise ParseError(
            f"{logical!r} is not a logicalId", source=source, line=line, field="logicalId"
        )
    reference = _get(element, "euReferenceNumber") or logical
    subject = next(_children(element, "subjectType"), None)
    code = _get(subject, "code") if subject is not None else ""
    schema = _SUBJECTS.get(code)
    if schema is None:
        where = subject.sourceline if subject is not None else line
        raise ParseError(
            f"{reference}: subject type {code!r} is none overflight reads (person, enterprise)",
            source=source,
            line=where,
            field="subjectType",
        )
    names: list[EntityName] = []
    for alias in _children(element, "nameAlias"):
        if text := _name(alias):
            kind = NameKind.LOW_QUALITY if _get(alias, "strong") == "false" else NameKind.AKA
            names.append(EntityName(text, kind if names else NameKind.PRIMARY))
    if not names:
        raise ParseError(f"{reference} has no name", source=source, line=line, field="nameAlias")
    births: list[str] = []
    for birth in _children(element, "birthdate"):
        text = _birth(birth)
        if text and not birth_date(text):
            raise ParseError(
                f"{reference}: {text!r} is not a date of birth",
                source=source,
                line=birth.sourceline,
                field="birthdate",
            )
        births.append(text)
    nationalities = [c for c in map(_country, _children(element, "citizenship")) if c]
    addresses = []
    for place in _children(element, "address"):
        country = _country(place)
        parts = [_get(place, part) for part in _ADDRESS]
        full = ", ".join(p for p in (*parts, _get(place, "countryDescription")) if p)
        if full and full != "UNKNOWN":
            addresses.append(Address(full=full, city=_get(place, "city"), country=country))
    identifiers = [
        Identifier(
            IdentifierKind.OTHER,
            number,
            _get(document, "identificationTypeDescription")
            or _get(document, "identificationTypeCode"),
        )
        for document in _children(element, "identification")
        if (number := _get(document, "number") or _get(document, "latinNumber"))
    ]
    programmes = [
        f"EU-{programme}"
        for regulation in _children(element, "regulation")
        if (programme := _get(regulation, "programme"))
    ]
    countries = [*nationalities, *(place.country for place in addresses)]
    remarks = [" ".join(r.text.split()) for r in _children(element, "remark") if r.text]
    return Entity(
        id=f"eu-{logical}",
        schema=schema,
        names=tuple(dict.fromkeys(names)),
        source=SourceList.EU_FSF,
        source_ref=reference,
        identifiers=tuple(dict.fromkeys(identifiers)),
        countries=tuple(dict.fromkeys(c for c in countries if c)),
        addresses=tuple(addresses),
        programmes=tuple(dict.fromkeys(programmes)),
        remarks="; ".join(remarks),
        birth_dates=birth_dates(births) if schema is Schema.PERSON else (),
        nationalities=tuple(dict.fromkeys(nationalities)) if schema is Schema.PERSON else (),
    )


def load_eu_fsf_xml(path: Path) -> LoadResult:
    """Read an EU FSF XML file; unreadable entities are reported with their line and skipped."""
    problems: list[ParseError] = []
    entities = unique_records(
        path, ("sanctionEntity",), _entity, problems, "logicalId", lambda e: f"logicalId {e.id[3:]}"
    )
    return tuple(entities), tuple(problems)


__all__ = ["load_eu_fsf_xml"]
