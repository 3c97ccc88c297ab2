"""OFAC SDN "legacy" CSV: ``sdn.csv``, its ``alt.csv`` (aliases) and ``add.csv`` (addresses).

The files have no header; ``-0-`` marks an empty cell. Columns (as OFAC documents them):

- ``sdn.csv``: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage,
  GRT, Vess_flag, Vess_owner, Remarks
- ``alt.csv``: ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks
- ``add.csv``: ent_num, add_num, Address, City/State/Province/Postal Code, Country, Add_remarks
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from overflight.errors import ParseError
from overflight.watchlist.countries import country_code, country_codes
from overflight.watchlist.encoding import read_list_text
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

NULL = "-0-"
_SCHEMAS = {
    "": Schema.ORGANISATION,
    "individual": Schema.PERSON,
    "aircraft": Schema.AIRCRAFT,
    "vessel": Schema.VESSEL,
}
_ALT_KINDS = {"aka": NameKind.AKA, "fka": NameKind.FKA, "nka": NameKind.AKA}
_EOF_MARK = "\x1a"  # DOS end-of-file byte that OFAC files still end with
SDN_COLUMNS = 12
ALT_COLUMNS = 5
ADD_COLUMNS = 6


def _cell(value: str) -> str:
    text = value.strip()
    return "" if text == NULL else text


def _rows(path: Path, width: int, problems: list[ParseError]) -> Iterator[tuple[int, list[str]]]:
    """Rows of ``width`` cells with the line they start on; other rows become problems."""
    reader = csv.reader(io.StringIO(read_list_text(path), newline=""))
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            problems.append(ParseError(str(err), source=path.name, line=line))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not row or (len(row) == 1 and row[0].strip() in ("", _EOF_MARK)):
            continue
        if len(row) != width:
            problems.append(
                ParseError(
                    f"expected {width} columns, found {len(row)}", source=path.name, line=start
                )
            )
            continue
        yield start, row


def _ent_num(value: str, path: Path, line: int, problems: list[ParseError]) -> str | None:
    text = value.strip()
    if not text.isdigit():
        problems.append(
            ParseError(
                f"{text!r} is not an entry number", source=path.name, line=line, field="ent_num"
            )
        )
        return None
    return text


@dataclass
class _Draft:
    """An SDN row while its aliases and addresses are gathered (mutable only inside the loader)."""

    entity: Entity
    names: list[EntityName] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


def _entity_from_row(
    row: list[str], line: int, path: Path, problems: list[ParseError]
) -> Entity | None:
    ent_num = _ent_num(row[0], path, line, problems)
    if ent_num is None:
        return None
    name = _cell(row[1])
    if not name:
        problems.append(ParseError("empty name", source=path.name, line=line, field="SDN_Name"))
        return None
    kind = _cell(row[2]).lower()
    schema = _SCHEMAS.get(kind)
    if schema is None:
        problems.append(
            ParseError(f"unknown SDN_Type {kind!r}", source=path.name, line=line, field="SDN_Type")
        )
        return None
    remarks = _cell(row[11])
    facts = parse_remarks(remarks)
    identifiers = list(facts.identifiers)
    if schema is Schema.AIRCRAFT:
        # The SDN name of an aircraft is its tail number, or "MSN 391" when only that is known.
        if name.upper().startswith("MSN "):
            identifiers.insert(0, Identifier(IdentifierKind.MSN, name[4:].strip()))
        else:
            identifiers.insert(0, Identifier(IdentifierKind.REGISTRATION, name))
    links = list(facts.links)
    countries: list[str] = []
    if code := country_code(facts.registration_country):
        countries.append(code)
    if schema is Schema.VESSEL:
        if call_sign := _cell(row[5]):
            identifiers.append(Identifier(IdentifierKind.CALL_SIGN, call_sign))
        if owner := _cell(row[10]):
            links.append(OperatorLink(owner, "owner"))
        if flag := country_code(_cell(row[9])):
            countries.append(flag)
    programmes = tuple(p.strip() for p in _cell(row[3]).strip("[]").split("] [") if p.strip())
    return Entity(
        id=f"ofac-{ent_num}",
        schema=schema,
        names=(EntityName(name), *facts.names),
        source=SourceList.OFAC_SDN,
        source_ref=ent_num,
        identifiers=tuple(dict.fromkeys(identifiers)),
        countries=tuple(countries),
        programmes=programmes,
        aircraft=facts.aircraft,
        links=tuple(links),
        remarks=remarks,
        birth_dates=facts.birth_dates if schema is Schema.PERSON else (),
        nationalities=country_codes(facts.nationalities) if schema is Schema.PERSON else (),
    )


def load_ofac_csv(sdn: Path, alt: Path | None = None, add: Path | None = None) -> LoadResult:
    """Read an SDN CSV and, when given, its alias and address files.

    Rows that cannot be read (wrong column count, bad entry number, unknown type, alias or
    address for an entry not in ``sdn.csv``) are reported with file and line and skipped.
    """
    problems: list[ParseError] = []
    drafts: dict[str, _Draft] = {}
    for line, row in _rows(sdn, SDN_COLUMNS, problems):
        entity = _entity_from_row(row, line, sdn, problems)
        if entity is None:
            continue
        if entity.source_ref in drafts:
            problems.append(
                ParseError(
                    f"entry {entity.source_ref} appears twice",
                    source=sdn.name,
                    line=line,
                    field="ent_num",
                )
            )
            continue
        drafts[entity.source_ref] = _Draft(entity)
    if alt is not None:
        for line, row in _rows(alt, ALT_COLUMNS, problems):
            draft = _draft_for(row[0], drafts, alt, line, problems)
            if draft is None:
                continue
            name = _cell(row[3])
            kind = _ALT_KINDS.get(_cell(row[2]).lower())
            if not name or kind is None:
                problems.append(
                    ParseError(
                        f"alias {row[2]!r} {row[3]!r} is not readable",
                        source=alt.name,
                        line=line,
                        field="alt_name",
                    )
                )
                continue
            draft.names.append(EntityName(name, kind))
    if add is not None:
        for line, row in _rows(add, ADD_COLUMNS, problems):
            draft = _draft_for(row[0], drafts, add, line, problems)
            if draft is None:
                continue
            street, city, country = _cell(row[2]), _cell(row[3]), _cell(row[4])
            full = ", ".join(part for part in (street, city, country) if part)
            if full:
                draft.addresses.append(Address(full=full, city=city, country=country_code(country)))
    entities = [_finish(draft) for draft in drafts.values()]
    return resolve_links(entities), tuple(problems)


def _draft_for(
    value: str, drafts: dict[str, _Draft], path: Path, line: int, problems: list[ParseError]
) -> _Draft | None:
    ent_num = _ent_num(value, path, line, problems)
    if ent_num is None:
        return None
    draft = drafts.get(ent_num)
    if draft is None:
        problems.append(
            ParseError(
                f"entry {ent_num} is not in the SDN file",
                source=path.name,
                line=line,
                field="ent_num",
            )
        )
    return draft


def _finish(draft: _Draft) -> Entity:
    entity = draft.entity
    countries = list(entity.countries)
    for address in draft.addresses:
        if address.country and address.country not in countries:
            countries.append(address.country)
    names = tuple(dict.fromkeys((*entity.names, *draft.names)))
    return replace(
        entity, names=names, addresses=tuple(draft.addresses), countries=tuple(countries)
    )


__all__ = ["load_ofac_csv"]
