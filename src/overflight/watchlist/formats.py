"""Which list format a file is, and loading any mix of list files at once.

Detection reads the file's start, not only its name: XML by root element (``sdnList``,
``Sanctions`` for OFAC's advanced XML, ``CONSOLIDATED_LIST``, ``export`` for the EU FSF,
``Designations`` for the UK Sanctions List), JSON lines by a leading ``{``,
``targets.simple.csv`` by its header, OFAC CSVs by the width of their first row (12 columns
``sdn``, 5 ``alt``, 6 ``add``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from overflight.errors import InputError, ParseError
from overflight.watchlist.entity import Entity, LoadResult
from overflight.watchlist.eu_fsf import load_eu_fsf_xml
from overflight.watchlist.ofac_advanced import load_ofac_advanced_xml
from overflight.watchlist.ofac_csv import ADD_COLUMNS, ALT_COLUMNS, SDN_COLUMNS, load_ofac_csv
from overflight.watchlist.ofac_xml import load_ofac_xml
from overflight.watchlist.opensanctions_csv import load_opensanctions_csv
from overflight.watchlist.opensanctions_json import load_opensanctions_json
from overflight.watchlist.uk_sanctions import load_uk_sanctions_xml
from overflight.watchlist.un_xml import load_un_xml

_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_SNIFF_BYTES = 8192


class ListFormat(Enum):
    """The list file formats overflight reads."""

    OFAC_SDN_CSV = "ofac-sdn-csv"
    OFAC_ALT_CSV = "ofac-alt-csv"
    OFAC_ADD_CSV = "ofac-add-csv"
    OFAC_SDN_XML = "ofac-sdn-xml"
    OFAC_ADVANCED_XML = "ofac-advanced-xml"
    UN_XML = "un-xml"
    EU_FSF_XML = "eu-fsf-xml"
    UK_SANCTIONS_XML = "uk-sanctions-xml"
    OPENSANCTIONS_JSON = "opensanctions-ftm-json"
    OPENSANCTIONS_CSV = "opensanctions-simple-csv"


def _xml_root(head: bytes) -> str:
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL)
    match = _ROOT.search(text)
    return match.group(2).decode("ascii", "replace") if match else ""


def detect_format(path: Path) -> ListFormat:
    """The format of the list file at ``path``.

    Raises:
        InputError: the file cannot be read, or is none of the known formats.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as err:
        raise InputError(str(path), f"cannot read the file: {err.strerror or err}") from err
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        root = _xml_root(stripped)
        by_root = {
            "sdnList": ListFormat.OFAC_SDN_XML,
            "Sanctions": ListFormat.OFAC_ADVANCED_XML,
            "CONSOLIDATED_LIST": ListFormat.UN_XML,
            "export": ListFormat.EU_FSF_XML,
            "Designations": ListFormat.UK_SANCTIONS_XML,
        }
        if root in by_root:
            return by_root[root]
        raise InputError(str(path), f"XML with root <{root}> is not a list format overflight reads")
    if stripped.startswith(b"{"):
        return ListFormat.OPENSANCTIONS_JSON
    first_line = stripped.decode("utf-8", "replace").splitlines()[0] if stripped else ""
    if first_line.startswith("id,schema,name"):
        return ListFormat.OPENSANCTIONS_CSV
    try:
        row = next(csv.reader(io.StringIO(first_line)), [])
    except csv.Error:
        row = []
    if row and row[0].strip().isdigit():
        width = {SDN_COLUMNS: ListFormat.OFAC_SDN_CSV, ALT_COLUMNS: ListFormat.OFAC_ALT_CSV}
        width[ADD_COLUMNS] = ListFormat.OFAC_ADD_CSV
        if len(row) in width:
            return width[len(row)]
    raise InputError(
        str(path),
        "not a list format overflight reads (OFAC CSV/XML/advanced XML, UN XML, EU FSF XML, "
        "UK Sanctions List XML, OpenSanctions)",
    )


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One list read from one or more files (an SDN CSV with its alias and address files)."""

    paths: tuple[Path, ...]
    format: ListFormat
    entities: tuple[Entity, ...]
    problems: tuple[ParseError, ...]


_SINGLE: dict[ListFormat, Callable[[Path], LoadResult]] = {
    ListFormat.OFAC_SDN_XML: load_ofac_xml,
    ListFormat.OFAC_ADVANCED_XML: load_ofac_advanced_xml,
    ListFormat.UN_XML: load_un_xml,
    ListFormat.EU_FSF_XML: load_eu_fsf_xml,
    ListFormat.UK_SANCTIONS_XML: load_uk_sanctions_xml,
    ListFormat.OPENSANCTIONS_JSON: load_opensanctions_json,
    ListFormat.OPENSANCTIONS_CSV: load_opensanctions_csv,
}


def load_lists(paths: Sequence[Path]) -> tuple[LoadedFile, ...]:
    """Read every list file given, detecting each one's format.

    OFAC ``alt.csv`` / ``add.csv`` files join the ``sdn.csv`` in their folder; an ``sdn.csv``
    given alone picks up ``alt.csv`` and ``add.csv`` beside it when they are there.

    Raises:
        InputError: a file is unreadable, of no known format, or an OFAC alias/address file
            has no ``sdn.csv`` given in its folder.
    """
    formats = {path: detect_format(path) for path in paths}
    companions: dict[Path, dict[ListFormat, Path]] = {}
    for path, found in formats.items():
        if found in (ListFormat.OFAC_ALT_CSV, ListFormat.OFAC_ADD_CSV):
            companions.setdefault(path.parent.resolve(), {})[found] = path
    loaded: list[LoadedFile] = []
    used: set[Path] = set()
    for path, found in formats.items():
        if found is ListFormat.OFAC_SDN_CSV:
            folder = path.parent.resolve()
            given = companions.get(folder, {})
            alt = given.get(ListFormat.OFAC_ALT_CSV) or _beside(path, "alt.csv")
            add = given.get(ListFormat.OFAC_ADD_CSV) or _beside(path, "add.csv")
            used.update(p for p in (alt, add) if p is not None)
            entities, problems = load_ofac_csv(path, alt, add)
            files = tuple(p for p in (path, alt, add) if p is not None)
            loaded.append(LoadedFile(files, found, entities, problems))
        elif found in _SINGLE:
            entities, problems = _SINGLE[found](path)
            loaded.append(LoadedFile((path,), found, entities, problems))
    for path, found in formats.items():
        if found in (ListFormat.OFAC_ALT_CSV, ListFormat.OFAC_ADD_CSV) and path not in used:
            raise InputError(str(path), "an OFAC alias/address file needs its sdn.csv given too")
    return tuple(loaded)


def _beside(sdn: Path, name: str) -> Path | None:
    candidate = sdn.with_name(name)
    if candidate.is_file() and candidate != sdn:
        try:
            expected = ListFormat.OFAC_ALT_CSV if name == "alt.csv" else ListFormat.OFAC_ADD_CSV
            return candidate if detect_format(candidate) is expected else None
        except InputError:
            return None
    return None


def all_entities(loaded: Iterable[LoadedFile]) -> tuple[Entity, ...]:
    """Every entity of every loaded file, in load order."""
    return tuple(entity for item in loaded for entity in item.entities)


def readable_entities(loaded: Sequence[LoadedFile], what: str) -> tuple[Entity, ...]:
    """Every entity of the loaded files, refusing files that gave none at all.

    Raises:
        InputError: no file gave an entity; the message names ``what`` (the option) and the
            first problem found, with how many there were.
    """
    entities = all_entities(loaded)
    if entities:
        return entities
    problems = [problem for item in loaded for problem in item.problems]
    names = ", ".join(path.name for item in loaded for path in item.paths[:1])
    reason = f"no entity could be read from {names or 'the list files given'}"
    if problems:
        more = f" (and {len(problems) - 1:,} more problems)" if len(problems) > 1 else ""
        reason += f": {problems[0]}{more}"
    raise InputError(what, reason)


__all__ = [
    "ListFormat",
    "LoadedFile",
    "all_entities",
    "detect_format",
    "load_lists",
    "readable_entities",
]
