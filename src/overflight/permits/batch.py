"""Permit requests in batches: one CSV row a request, columns named by a header line.

Columns (any order; unknown columns are an error, so a misspelt one is not ignored):
``reference, permit_type, purpose, flight_type, operator, operator_icao, operator_country,
aircraft_type, registration, nationality, mtow_kg, address24, callsign, departure,
departure_time, destination, destination_time, ats_route, fir, entry_point, entry_time,
exit_point, exit_time, cargo, cargo_weight_kg, consignor, consignor_country, consignee,
consignee_country, requested_states, valid_from, valid_until``. Times are ISO 8601 with an
offset; ``requested_states`` are separated by spaces or semicolons; one FIR crossing a row.
Each row is checked as a YAML request is, every problem at the row's line and the column's
name (and its position in the line).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from overflight.permits.document import DocumentError, field_path
from overflight.permits.model import PermitRequest
from overflight.permits.reader import Checker, to_permit_request
from overflight.permits.schema import PermitRequestDoc

COLUMNS: dict[str, tuple[str | int, ...]] = {
    "reference": ("reference",),
    "permit_type": ("permit_type",),
    "purpose": ("purpose",),
    "flight_type": ("flight_type",),
    "operator": ("operator", "name"),
    "operator_icao": ("operator", "icao"),
    "operator_country": ("operator", "country"),
    "aircraft_type": ("aircraft", "type"),
    "registration": ("aircraft", "registration"),
    "nationality": ("aircraft", "nationality"),
    "mtow_kg": ("aircraft", "mtow_kg"),
    "address24": ("aircraft", "address24"),
    "callsign": ("callsign",),
    "departure": ("route", "departure", "aerodrome"),
    "departure_time": ("route", "departure", "time"),
    "destination": ("route", "destination", "aerodrome"),
    "destination_time": ("route", "destination", "time"),
    "ats_route": ("route", "ats_route"),
    "fir": ("route", "fir_crossings", 0, "fir"),
    "entry_point": ("route", "fir_crossings", 0, "entry_point"),
    "entry_time": ("route", "fir_crossings", 0, "entry_time"),
    "exit_point": ("route", "fir_crossings", 0, "exit_point"),
    "exit_time": ("route", "fir_crossings", 0, "exit_time"),
    "cargo": ("cargo", "description"),
    "cargo_weight_kg": ("cargo", "weight_kg"),
    "consignor": ("cargo", "consignor", "name"),
    "consignor_country": ("cargo", "consignor", "country"),
    "consignee": ("cargo", "consignee", "name"),
    "consignee_country": ("cargo", "consignee", "country"),
    "requested_states": ("requested_states",),
    "valid_from": ("validity", "from"),
    "valid_until": ("validity", "until"),
}
"""Each column and the schema field it fills."""

_BY_PATH = {path: name for name, path in COLUMNS.items()}


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One row of a batch: the request or its problems, and its text (header and row)."""

    line: int
    text: str
    request: PermitRequest | None
    problems: tuple[DocumentError, ...]


def _columns_at(line: str) -> list[int]:
    """The 1-based character column where each field of a CSV line starts."""
    starts, quoted, at_start = [1], False, True
    for i, char in enumerate(line):
        if char == '"' and (at_start or quoted):
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(i + 2)
            at_start = True
            continue
        at_start = False
    return starts


def _document(row: dict[str, str]) -> dict[str, Any]:
    doc: dict[str | int, Any] = {}
    for name, value in row.items():
        if not value.strip():
            continue
        path = COLUMNS[name]
        node: Any = doc
        for key, following in pairwise(path):
            if isinstance(key, int):
                continue  # the list's element was taken with its name
            if isinstance(following, int):
                node = node.setdefault(key, [{}])[0]
            else:
                node = node.setdefault(key, {})
        leaf = path[-1]
        node[leaf] = (
            [s for s in re.split(r"[\s;]+", value.strip()) if s]
            if name == "requested_states"
            else value.strip()
        )
    if "cargo" in doc and "description" not in doc["cargo"]:
        doc["cargo"]["description"] = ""
    return doc  # type: ignore[return-value]


def _locator(line: int, columns: dict[str, int]) -> Any:
    def locate(loc: Sequence[str | int]) -> tuple[int | None, int | None]:
        path = tuple(loc)
        while path:
            name = _BY_PATH.get(path)
            if name is not None and name in columns:
                return line, columns[name]
            path = path[:-1]
        return line, None

    return locate


def _field_name(loc: Sequence[str | int]) -> str:
    path = tuple(loc)
    while path:
        if path in _BY_PATH:
            return _BY_PATH[path]
        path = path[:-1]
    return field_path(loc)


def read_permit_batch(text: str, source: str = "<batch>") -> list[BatchRow]:
    """Every row of a CSV batch: each a request or its problems (column names as fields).

    A bad header is one problem on line 1, and no rows are read.
    """
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        error = DocumentError("an empty batch: no header line", source=source, line=1)
        return [BatchRow(1, text, None, (error,))]
    header_line = lines[header_index]
    names = [n.strip() for n in next(csv.reader([header_line]))]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        starts = _columns_at(header_line)
        column = starts[names.index(unknown[0])]
        message = f"unknown column {unknown[0]!r}; columns are: {', '.join(COLUMNS)}"
        error = DocumentError(message, source=source, line=header_index + 1, column=column)
        return [BatchRow(header_index + 1, text, None, (error,))]
    rows: list[BatchRow] = []
    for index, line in enumerate(lines[header_index + 1 :], header_index + 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(_row(header_line, names, line, index, len(rows) + 1, source))
    return rows


def _row(
    header: str, names: list[str], line: str, number: int, index: int, source: str
) -> BatchRow:
    values = next(csv.reader(io.StringIO(line)), [])
    starts = _columns_at(line)
    row_text = f"{header}\n{line}"
    if len(values) != len(names):
        message = f"{len(values)} fields for {len(names)} columns"
        error = DocumentError(message, source=source, line=number, column=1)
        return BatchRow(number, row_text, None, (error,))
    columns = {name: starts[i] for i, name in enumerate(names) if i < len(starts)}
    locate = _locator(number, columns)
    try:
        doc = PermitRequestDoc.model_validate(_document(dict(zip(names, values, strict=True))))
    except ValidationError as err:
        problems = []
        for item in err.errors():
            loc = tuple(item["loc"])
            at_line, column = locate(loc)
            message = "missing" if item["type"] == "missing" else item["msg"]
            problems.append(
                DocumentError(
                    message, source=source, line=at_line, column=column, field=_field_name(loc)
                )
            )
        return BatchRow(number, row_text, None, tuple(problems))
    checker = Checker(source, locate, index=index, line=number)
    request = to_permit_request(doc, checker)
    named = tuple(
        DocumentError(
            p.message, source=p.source, line=p.line, column=p.column, field=_name_of(p.field)
        )
        for p in checker.problems
    )
    return BatchRow(number, row_text, None if named else request, named)


def _name_of(path: str) -> str:
    bare = re.sub(r"\[\d+\]$", "", path)  # requested_states[1] is the requested_states column
    for name, loc in COLUMNS.items():
        if field_path(loc) in (path, bare):
            return name
    return path


def read_batch_row(
    text: str, source: str
) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    """The one request of a stored row (its header and row)."""
    rows = read_permit_batch(text, source)
    if len(rows) != 1:
        return None, (DocumentError("a stored batch row must be one row", source=source),)
    return rows[0].request, rows[0].problems


__all__ = ["COLUMNS", "BatchRow", "read_batch_row", "read_permit_batch"]
