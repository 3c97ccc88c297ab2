"""The UN Security Council consolidated list (XML, ``CONSOLIDATED_LIST``), read with lxml iterparse.

Individuals and entities are ``INDIVIDUAL`` and ``ENTITY`` records; an entity's name sits in
``FIRST_NAME``, a person's in ``FIRST_NAME`` … ``FOURTH_NAME``. Alias ``QUALITY`` is
``Good`` / ``a.k.a.`` (alias), ``Low`` (weak alias) or ``f.k.a.`` (former name). A person's
``NATIONALITY`` values are its nationalities, its ``INDIVIDUAL_DATE_OF_BIRTH`` its birth dates.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from overflight.errors import ParseError
from overflight.watchlist.birth_dates import birth_dates
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
from overflight.watchlist.xml_records import local_name, unique_records

_QUALITY = {
    "good": NameKind.AKA,
    "a.k.a.": NameKind.AKA,
    "low": NameKind.LOW_QUALITY,
    "f.k.a.": NameKind.FKA,
}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None and found.text else ""


def _texts(element: etree._Element, path: str) -> list[str]:
    return [
        " ".join(found.text.split())
        for found in element.iterfind(path)
        if found.text and found.text.strip()
    ]


def _record(element: etree._Element, source: str) -> Entity:
    """One INDIVIDUAL or ENTITY; raises ParseError when it has no reference or no name."""
    line = element.sourceline
    reference = _text(element, "REFERENCE_NUMBER")
    if not reference:
        raise ParseError(
            "record has no REFERENCE_NUMBER", source=source, line=line, field="REFERENCE_NUMBER"
        )
    is_person = local_name(element.tag) == "INDIVIDUAL"
    primary = " ".join(part for part in (_text(element, tag) for tag in _NAME_PARTS) if part)
    if not primary:
        raise ParseError(f"{reference} has no name", source=source, line=line, field="FIRST_NAME")
    names = [EntityName(primary)]
    names.extend(EntityName(text) for text in _texts(element, "NAME_ORIGINAL_SCRIPT"))
    for alias in element.iterfind("INDIVIDUAL_ALIAS" if is_person else "ENTITY_ALIAS"):
        kind = _QUALITY.get(_text(alias, "QUALITY").lower(), NameKind.AKA)
        # Some records pack several aliases into one ALIAS_NAME, separated by ";".
        for part in _text(alias, "ALIAS_NAME").split(";"):
            if text := part.strip('"“” '):
                names.append(EntityName(text, kind))
    nationalities = [
        code for code in (country_code(v) for v in _texts(element, "NATIONALITY/VALUE")) if code
    ]
    countries = list(dict.fromkeys(nationalities))
    addresses: list[Address] = []
    for place in element.iterfind("INDIVIDUAL_ADDRESS" if is_person else "ENTITY_ADDRESS"):
        parts = [
            _text(place, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        ]
        full = ", ".join(part for part in parts if part)
        if full:
            code = country_code(parts[4])
            addresses.append(Address(full=full, city=parts[1], country=code))
            if code and code not in countries:
                countries.append(code)
    identifiers = [
        Identifier(IdentifierKind.OTHER, number, _text(document, "TYPE_OF_DOCUMENT"))
        for document in element.iterfind("INDIVIDUAL_DOCUMENT")
        if (number := _text(document, "NUMBER"))
    ]
    programme = _text(element, "UN_LIST_TYPE")
    return Entity(
        id=f"un-{reference}",
        schema=Schema.PERSON if is_person else Schema.ORGANISATION,
        names=tuple(dict.fromkeys(names)),
        source=SourceList.UN_SC,
        source_ref=reference,
        identifiers=tuple(identifiers),
        countries=tuple(countries),
        addresses=tuple(addresses),
        programmes=(programme,) if programme else (),
        remarks=_text(element, "COMMENTS1"),
        birth_dates=_births(element) if is_person else (),
        nationalities=tuple(dict.fromkeys(nationalities)),
    )


def _births(element: etree._Element) -> tuple[str, ...]:
    """``DATE``, ``YEAR`` or ``FROM_YEAR``/``TO_YEAR`` of each date of birth, in ISO form.

    Failing those, a ``NOTE`` that reads as a date (``July 1958``); others (a Hijri date,
    ``40-45 years old``) are left out: unknown.
    """
    found: list[str] = []
    for birth in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        text = _text(birth, "DATE") or _text(birth, "YEAR")
        if not text and _text(birth, "FROM_YEAR"):
            text = f"{_text(birth, 'FROM_YEAR')} to {_text(birth, 'TO_YEAR')}"
        found.append(text or _text(birth, "NOTE"))
    return birth_dates(found)


def load_un_xml(path: Path) -> LoadResult:
    """Read a UN consolidated list; unreadable records are reported with their line and skipped.

    A file that stops being well-formed XML part-way keeps the records read before the fault
    and reports the fault with its line.
    """
    problems: list[ParseError] = []
    entities = unique_records(
        path,
        ("INDIVIDUAL", "ENTITY"),
        _record,
        problems,
        "REFERENCE_NUMBER",
        lambda e: e.source_ref,
    )
    return tuple(entities), tuple(problems)


__all__ = ["load_un_xml"]
