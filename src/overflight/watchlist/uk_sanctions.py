"""The FCDO UK Sanctions List XML (root ``Designations``), iterparsed.

Each ``Designation`` holds its facts as child elements with text: ``UniqueID`` (``DPR0001``,
``RUS0123``: the list's own reference), ``IndividualEntityShip`` (``Individual``, ``Entity``
or ``Ship``), ``RegimeName``, ``Names/Name`` (``Name1`` … ``Name6``, the last the family or
whole name; ``NameType`` ``Primary Name``, ``Primary Name Variation`` or ``Alias``;
``AliasStrength`` ``Low quality a.k.a`` marks a weak alias), ``NonLatinNames/NonLatinName``
(``NameNonLatinScript``), ``Addresses/Address`` (``AddressLine1`` … ``6``,
``AddressPostalCode``, ``AddressCountry``), ``OtherInformation``, and by type
``IndividualDetails`` (``DOB`` as ``dd/mm/yyyy``, ``00`` or ``dd``/``mm`` where unknown;
``Nationality``; ``PassportNumber``; ``NationalIdentifierNumber``) or ``ShipDetails``
(``IMONumber``, ``CurrentBelievedFlagOfShip``, ``HullIdentificationNumber``,
``CurrentOwnerOperator`` read as an owner link). Non-Latin names are aliases. Namespaces are
ignored. The first primary name is the primary one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from overflight.errors import ParseError
from overflight.watchlist.birth_dates import birth_date
from overflight.watchlist.countries import country_code
from overflight.watchlist.entity import (
    Address,
    Entity,
    EntityName,
    Identifier,
    LoadResult,
    NameKind,
    OperatorLink,
    Schema,
    SourceList,
)
from overflight.watchlist.identifiers import IdentifierKind
from overflight.watchlist.linking import resolve_links
from overflight.watchlist.xml_records import unique_records

_TYPES = {"individual": Schema.PERSON, "entity": Schema.ORGANISATION, "ship": Schema.VESSEL}
_DOB = re.compile(r"^(\d{1,2}|dd)/(\d{1,2}|mm)/(\d{4})$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"[0/dmy]")
_DOCUMENTS = (
    ("PassportNumber", IdentifierKind.OTHER, "Passport"),
    ("NationalIdentifierNumber", IdentifierKind.OTHER, "National identifier"),
    ("BusinessRegistrationNumber", IdentifierKind.OTHER, "Business registration number"),
    ("IMONumber", IdentifierKind.IMO, ""),
    ("HullIdentificationNumber", IdentifierKind.OTHER, "Hull identification number"),
)
_ADDRESS = (*(f"AddressLine{n}" for n in range(1, 7)), "AddressPostalCode", "AddressCountry")


def _all(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The descendants named ``name`` in any namespace or none (filtered by lxml, in C)."""
    found: Iterator[etree._Element] = element.iter(f"{{*}}{name}")
    return found


def _clean(element: etree._Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _text(element: etree._Element, name: str) -> str:
    """The text of the first child named ``name``, whitespace collapsed, or ``""``."""
    return _clean(next(element.iterchildren(f"{{*}}{name}"), None))


def _line(element: etree._Element, name: str) -> int | None:
    """The line of the first child named ``name``, else of ``element`` itself."""
    child = next(element.iterchildren(f"{{*}}{name}"), None)
    line: int | None = (child if child is not None else element).sourceline
    return line


def _texts(element: etree._Element, name: str) -> list[str]:
    """The non-empty texts of every descendant named ``name``, each once, in order."""
    return list(dict.fromkeys(text for found in _all(element, name) if (text := _clean(found))))


def _dob(text: str) -> str:
    """``dd/mm/yyyy`` as an ISO date to the precision given (``00/00/1975`` is ``1975``)."""
    match = _DOB.match(text)
    if match is None:
        return birth_date(text)
    day, month, year = (part if part.isdigit() and int(part) else "" for part in match.groups())
    if not year:
        return ""
    return birth_date("-".join(p.zfill(2) for p in (year, month, day if month else "") if p))


def _names(designation: etree._Element, reference: str, source: str) -> tuple[EntityName, ...]:
    primary: list[EntityName] = []
    others: list[EntityName] = []
    for name in _all(designation, "Name"):
        if not len(name):  # a leaf ``Name`` is a part, not a name record
            continue
        text = " ".join(p for n in range(1, 7) if (p := _text(name, f"Name{n}")))
        if not text:
            continue
        kind = _text(name, "NameType").lower()
        if kind in ("primary name", "") and not primary:
            primary.append(EntityName(text, NameKind.PRIMARY))
        elif "low quality" in _text(name, "AliasStrength").lower():
            others.append(EntityName(text, NameKind.LOW_QUALITY))
        else:
            others.append(EntityName(text, NameKind.AKA))
    others.extend(EntityName(t, NameKind.AKA) for t in _texts(designation, "NameNonLatinScript"))
    if not primary and others:
        primary.append(EntityName(others.pop(0).text, NameKind.PRIMARY))
    if not primary:
        line = _line(designation, "Names")
        raise ParseError(f"{reference} has no name", source=source, line=line, field="Names")
    return tuple(dict.fromkeys((*primary, *others)))


def _births(designation: etree._Element, reference: str, source: str) -> tuple[str, ...]:
    births: list[str] = []
    for element in _all(designation, "DOB"):
        text = _clean(element)
        iso = _dob(text) if text else ""
        if text and not iso and _PLACEHOLDER.sub("", text.lower()):
            raise ParseError(
                f"{reference}: {text!r} is not a date of birth",
                source=source,
                line=element.sourceline,
                field="DOB",
            )
        if iso:
            births.append(iso)
    return tuple(dict.fromkeys(births))


def _addresses(designation: etree._Element) -> list[Address]:
    addresses = []
    for place in _all(designation, "Address"):
        parts = [_text(place, part) for part in _ADDRESS]
        if full := ", ".join(p for p in parts if p):
            addresses.append(Address(full=full, country=country_code(parts[-1])))
    return addresses


def _entity(designation: etree._Element, source: str) -> Entity:
    """One ``Designation``; a ParseError when its id, type, names or a date of birth is bad."""
    reference = _text(designation, "UniqueID")
    if not reference.isalnum():
        raise ParseError(
            f"{reference!r} is not a UniqueID",
            source=source,
            line=_line(designation, "UniqueID"),
            field="UniqueID",
        )
    kind = _text(designation, "IndividualEntityShip")
    schema = _TYPES.get(kind.lower())
    if schema is None:
        raise ParseError(
            f"{reference}: type {kind!r} is none overflight reads (Individual, Entity, Ship)",
            source=source,
            line=_line(designation, "IndividualEntityShip"),
            field="IndividualEntityShip",
        )
    names = _names(designation, reference, source)
    identifiers = [
        Identifier(ident_kind, value, note)
        for tag, ident_kind, note in _DOCUMENTS
        for value in _texts(designation, tag)
    ]
    nationalities = [c for c in map(country_code, _texts(designation, "Nationality")) if c]
    flags = [c for c in map(country_code, _texts(designation, "CurrentBelievedFlagOfShip")) if c]
    addresses = _addresses(designation)
    countries = [*nationalities, *flags, *(a.country for a in addresses)]
    person = schema is Schema.PERSON
    return Entity(
        id=f"uk-{reference}",
        schema=schema,
        names=names,
        source=SourceList.UK_SANCTIONS,
        source_ref=reference,
        identifiers=tuple(dict.fromkeys(identifiers)),
        countries=tuple(dict.fromkeys(c for c in countries if c)),
        addresses=tuple(addresses),
        programmes=tuple(f"UK-{regime}" for regime in _texts(designation, "RegimeName")),
        links=tuple(
            OperatorLink(owner, "owner") for owner in _texts(designation, "CurrentOwnerOperator")
        ),
        remarks="; ".join(_texts(designation, "OtherInformation")),
        birth_dates=_births(designation, reference, source) if person else (),
        nationalities=tuple(dict.fromkeys(nationalities)) if person else (),
    )


def load_uk_sanctions_xml(path: Path) -> LoadResult:
    """Read a UK Sanctions List XML file; unreadable designations are reported and skipped."""
    problems: list[ParseError] = []
    entities = unique_records(
        path, ("Designation",), _entity, problems, "UniqueID", lambda e: f"UniqueID {e.source_ref}"
    )
    return resolve_links(entities), tuple(problems)


__all__ = ["load_uk_sanctions_xml"]
