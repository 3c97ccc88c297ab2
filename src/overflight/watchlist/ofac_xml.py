"""OFAC SDN classic XML (``sdn.xml``, root ``sdnList``), read with lxml iterparse.

Both namespaces OFAC has used are accepted (``http://tempuri.org/sdnList.xsd`` and the
sanctions list service one); elements are matched by local name. Aircraft facts sit in
``remarks`` exactly as in the CSV and are parsed the same way. A person's birth dates come
from ``dateOfBirthList`` and the remarks, nationalities from ``nationalityList``,
``citizenshipList`` and the remarks.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from overflight.errors import ParseError
from overflight.watchlist.birth_dates import birth_dates
from overflight.watchlist.countries import country_code, country_codes
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
from overflight.watchlist.ofac_remarks import parse_remarks
from overflight.watchlist.xml_records import local_name, xml_records

_SCHEMAS = {
    "entity": Schema.ORGANISATION,
    "individual": Schema.PERSON,
    "aircraft": Schema.AIRCRAFT,
    "vessel": Schema.VESSEL,
}
_ALIAS_KINDS = {"a.k.a.": NameKind.AKA, "f.k.a.": NameKind.FKA, "n.k.a.": NameKind.AKA}
_ID_KINDS = {
    "imo number": IdentifierKind.IMO,
    "aircraft tail number": IdentifierKind.REGISTRATION,
    "aircraft mode s transponder code": IdentifierKind.ICAO24,
    "aircraft manufacturer's serial number (msn)": IdentifierKind.MSN,
}


def _local(tag: object) -> str:
    return local_name(tag)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: etree._Element | None, name: str) -> str:
    found = _child(element, name) if element is not None else None
    return " ".join(found.text.split()) if found is not None and found.text else ""


def _items(element: etree._Element, list_name: str) -> list[etree._Element]:
    holder = _child(element, list_name)
    return [child for child in holder if isinstance(child.tag, str)] if holder is not None else []


def _person_name(element: etree._Element) -> str:
    last, first = _text(element, "lastName"), _text(element, "firstName")
    return f"{last}, {first}" if last and first else last or first


def _entry(element: etree._Element, source: str) -> Entity:
    line = element.sourceline
    uid = _text(element, "uid")
    if not uid.isdigit():
        raise ParseError(f"{uid!r} is not an entry uid", source=source, line=line, field="uid")
    kind = _text(element, "sdnType").lower()
    schema = _SCHEMAS.get(kind)
    if schema is None:
        raise ParseError(f"unknown sdnType {kind!r}", source=source, line=line, field="sdnType")
    name = _person_name(element)
    if not name:
        raise ParseError(f"entry {uid} has no name", source=source, line=line, field="lastName")
    remarks = _text(element, "remarks")
    facts = parse_remarks(remarks)
    names = [EntityName(name), *facts.names]
    for aka in _items(element, "akaList"):
        kind_text = _text(aka, "type").lower()
        alias_kind = _ALIAS_KINDS.get(kind_text, NameKind.AKA)
        if _text(aka, "category").lower() == "weak":
            alias_kind = NameKind.LOW_QUALITY
        if alias := _person_name(aka):
            names.append(EntityName(alias, alias_kind))
    identifiers = list(facts.identifiers)
    if schema is Schema.AIRCRAFT:
        identifiers.insert(0, Identifier(IdentifierKind.REGISTRATION, name))
    for ident in _items(element, "idList"):
        label, number = _text(ident, "idType"), _text(ident, "idNumber")
        if number:
            ident_kind = _ID_KINDS.get(label.lower(), IdentifierKind.OTHER)
            identifiers.append(
                Identifier(ident_kind, number, label if ident_kind is IdentifierKind.OTHER else "")
            )
    countries: list[str] = []
    if code := country_code(facts.registration_country):
        countries.append(code)
    links = list(facts.links)
    vessel = _child(element, "vesselInfo")
    if vessel is not None:
        if call_sign := _text(vessel, "callSign"):
            identifiers.append(Identifier(IdentifierKind.CALL_SIGN, call_sign))
        if flag := country_code(_text(vessel, "vesselFlag")):
            countries.append(flag)
        if owner := _text(vessel, "vesselOwner"):
            links.append(OperatorLink(owner, "owner"))
    listed = [_text(item, "country") for item in _items(element, "nationalityList")]
    listed += [_text(item, "country") for item in _items(element, "citizenshipList")]
    nationalities = country_codes([*listed, *facts.nationalities])
    for code in country_codes(listed):
        if code not in countries:
            countries.append(code)
    births = [_text(item, "dateOfBirth") for item in _items(element, "dateOfBirthList")]
    addresses: list[Address] = []
    for place in _items(element, "addressList"):
        parts = [
            _text(place, tag)
            for tag in ("address1", "address2", "address3", "city", "postalCode", "country")
        ]
        full = ", ".join(part for part in parts if part)
        if full:
            code = country_code(parts[5])
            addresses.append(Address(full=full, city=parts[3], country=code))
            if code and code not in countries:
                countries.append(code)
    programmes = tuple(
        p.text.strip() for p in _items(element, "programList") if p.text and p.text.strip()
    )
    return Entity(
        id=f"ofac-{uid}",
        schema=schema,
        names=tuple(dict.fromkeys(names)),
        source=SourceList.OFAC_SDN,
        source_ref=uid,
        identifiers=tuple(dict.fromkeys(identifiers)),
        countries=tuple(countries),
        addresses=tuple(addresses),
        programmes=programmes,
        aircraft=facts.aircraft,
        links=tuple(links),
        remarks=remarks,
        birth_dates=birth_dates([*births, *facts.birth_dates]) if schema is Schema.PERSON else (),
        nationalities=nationalities if schema is Schema.PERSON else (),
    )


def load_ofac_xml(path: Path) -> LoadResult:
    """Read a classic SDN XML file; unreadable entries are reported with their line and skipped."""
    problems: list[ParseError] = []
    entities = [entity for entity, _ in xml_records(path, ("sdnEntry",), _entry, problems)]
    return resolve_links(entities), tuple(problems)


__all__ = ["load_ofac_xml"]
