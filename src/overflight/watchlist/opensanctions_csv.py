"""OpenSanctions ``targets.simple.csv``: one row per target, multi-valued cells ``;``-joined.

Header: ``id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,
emails,program_ids,dataset,first_seen,last_seen,last_change``. Identifiers come untyped; they
are kept as ``OTHER`` (for an aircraft, its caption is taken as its registration).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from overflight.errors import ParseError
from overflight.textfile import csv_rows
from overflight.watchlist.birth_dates import birth_dates
from overflight.watchlist.countries import country_code
from overflight.watchlist.encoding import read_list_text
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
from overflight.watchlist.ftm_schema import schema_for
from overflight.watchlist.identifiers import IdentifierKind

SIMPLE_COLUMNS = (
    *("id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers"),
    *("sanctions", "phones", "emails", "program_ids", "dataset", "first_seen", "last_seen"),
    "last_change",
)
_REGISTRATION = re.compile(r"^[A-Z0-9]{1,2}-?[A-Z0-9]{1,5}$")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _row(row: dict[str, str]) -> Entity | None:
    ftm_id, name = row["id"].strip(), row["name"].strip()
    if not ftm_id:
        raise ParseError("empty id", field="id")
    schema = schema_for(row["schema"].strip())
    if schema is None:
        return None
    if not name:
        raise ParseError(f"{ftm_id} has no name", field="name")
    names = [
        EntityName(name),
        *(EntityName(alias, NameKind.AKA) for alias in _split(row["aliases"])),
    ]
    identifiers = [Identifier(IdentifierKind.OTHER, value) for value in _split(row["identifiers"])]
    if schema is Schema.AIRCRAFT and _REGISTRATION.match(name.upper()):
        identifiers.insert(0, Identifier(IdentifierKind.REGISTRATION, name))
    countries = [
        code for code in dict.fromkeys(country_code(c) for c in _split(row["countries"])) if code
    ]
    return Entity(
        id=f"os-{ftm_id}",
        schema=schema,
        names=tuple(dict.fromkeys(names)),
        source=SourceList.OPENSANCTIONS,
        source_ref=ftm_id,
        identifiers=tuple(identifiers),
        countries=tuple(countries),
        addresses=tuple(Address(full=text) for text in _split(row["addresses"])),
        programmes=tuple(_split(row["program_ids"])) or tuple(_split(row["dataset"])),
        remarks=row["sanctions"].strip(),
        birth_dates=birth_dates(_split(row["birth_date"])) if schema is Schema.PERSON else (),
    )


def load_opensanctions_csv(path: Path) -> LoadResult:
    """Read ``targets.simple.csv``; unreadable rows are reported with their line and skipped.

    A file whose header lacks the expected columns is reported once, on line 1.
    """
    rows = csv_rows(io.StringIO(read_list_text(path), newline=""), path.name)
    header = next(rows, (1, []))
    if isinstance(header, ParseError):
        return (), (header,)
    fieldnames = header[1]
    missing = [column for column in ("id", "schema", "name") if column not in fieldnames]
    if missing:
        return (), (ParseError(f"header lacks {', '.join(missing)}", source=path.name, line=1),)
    entities: list[Entity] = []
    problems: list[ParseError] = []
    for read in rows:
        if isinstance(read, ParseError):
            problems.append(read)
            continue
        start, cells = read
        if not cells:
            continue
        if len(cells) != len(fieldnames):
            problems.append(ParseError("wrong number of columns", source=path.name, line=start))
            continue
        row = dict(zip(fieldnames, cells, strict=True))
        full = {column: row.get(column, "") or "" for column in SIMPLE_COLUMNS}
        try:
            entity = _row(full)
        except ParseError as err:
            problems.append(ParseError(err.message, source=path.name, line=start, field=err.field))
            continue
        if entity is not None:
            entities.append(entity)
    return tuple(entities), tuple(problems)


__all__ = ["SIMPLE_COLUMNS", "load_opensanctions_csv"]
