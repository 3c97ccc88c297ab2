"""Aerodromes by ICAO location indicator or IATA code, from the ``airportsdata`` tables.

Which entries count: an aerodrome is known here only by a real ICAO location indicator, four
letters A-Z (ICAO Doc 7910). airportsdata's ICAO table also keys about 11,000 small strips by
pseudo-codes: FAA and Transport Canada local identifiers with digits (``00AA``, ``CYT`` is ``0AA1``)
and ``_XXX`` placeholders for aerodromes awaiting an indicator. Those cannot appear in a flight
plan (field 13 or 16 would say ``ZZZZ``), so they are left out everywhere: by indicator, by IATA
code (an IATA code whose aerodrome has only a pseudo-code is not found) and by name.

Countries are ISO 3166-1 alpha-2 as airportsdata gives them (``XK`` for Kosovo). The table is
read once, on first use, into dictionaries: a lookup after that is one dict access; only the
not-found path (suggestions) and name search scan. A code that is found costs only the read of
the table (``_codes``, ~50 ms); cities, countries and the name search are built on first need.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from overflight.errors import InputError
from overflight.geo.states import state_codes
from overflight.model import Aerodrome, GeoPoint

__all__ = ["AerodromeNotFound", "aerodromes_in", "find_aerodrome", "search_aerodromes"]

MAX_SUGGESTIONS = 5
_ICAO = re.compile(r"[A-Z]{4}")
_IATA = re.compile(r"[A-Z]{3}")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_KEY_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
_NAME_CUTOFF = 80.0
_PARTIAL_WEIGHT = 0.9


class AerodromeNotFound(InputError):  # noqa: N818 (the name the geo API promises)
    """No aerodrome has this code, or the text is not an aerodrome code at all.

    Attributes:
        code: the text as given, stripped and upper-cased.
        suggestions: close matches, best first (at most ``MAX_SUGGESTIONS``).
    """

    def __init__(
        self,
        what: str,
        code: str,
        message: str,
        suggestions: tuple[Aerodrome, ...] = (),
        *,
        by_iata: bool = False,
    ) -> None:
        if suggestions:
            shown = ", ".join(_describe(aerodrome, by_iata=by_iata) for aerodrome in suggestions)
            message = f"{message}; close matches: {shown}"
        super().__init__(what, message)
        self.code = code
        self.suggestions = suggestions


def find_aerodrome(code: str, what: str = "aerodrome") -> Aerodrome:
    """The aerodrome with this ICAO location indicator (4 letters) or IATA code (3 letters).

    Case does not matter and surrounding spaces are ignored: ``" zkpy"``, ``"FNJ"`` and
    ``"fnj"`` all give Pyongyang Sunan (ZKPY).

    Args:
        code: the indicator or code, as the user gave it.
        what: the parameter's name, for the error (``Param("via")``).

    Raises:
        AerodromeNotFound: the code is unknown (with codes one letter away, aerodromes in a city
            of that name, and for longer text aerodromes whose name or city is close), or it is
            not shaped like a code (the message says what one looks like).
    """
    text = code.strip().upper()
    codes = _codes()
    if _ICAO.fullmatch(text):
        found = codes.by_icao.get(text) or codes.by_icao.get(_renamed(text))
        if found is None:
            raise AerodromeNotFound(
                what,
                text,
                f"no aerodrome has the ICAO location indicator {text}",
                _suggest_code(text, codes.by_icao, _index()),
            )
        return found
    if _IATA.fullmatch(text):
        found = codes.by_iata.get(text)
        if found is None:
            raise AerodromeNotFound(
                what,
                text,
                f"no aerodrome with an ICAO location indicator has the IATA code {text}",
                _suggest_code(text, codes.by_iata, _index()),
                by_iata=True,
            )
        return found
    index = _index()
    if not text:
        raise AerodromeNotFound(what, text, "is empty: give an ICAO location indicator (ZKPY)")
    suggestions = _search(index, code, MAX_SUGGESTIONS) if _looks_like_name(text) else ()
    raise AerodromeNotFound(
        what,
        text,
        f"{code.strip()!r} is not an aerodrome code: give a 4-letter ICAO location indicator"
        " (ZKPY) or a 3-letter IATA code (FNJ)",
        suggestions,
    )


RENAMED_PREFIXES = {"UTK": "UZK", "UTN": "UZN", "UTS": "UZS", "UTT": "UZT"}
"""Indicators renamed since: Uzbekistan's UT- aerodromes are now UZ- (UTTT Tashkent is UZTT).
Old messages carry the old ones, so both resolve."""


def _renamed(icao: str) -> str:
    new = RENAMED_PREFIXES.get(icao[:3])
    return new + icao[3:] if new else icao


def search_aerodromes(text: str, limit: int = 10) -> tuple[Aerodrome, ...]:
    """Aerodromes whose name or city is close to ``text``, best first (rapidfuzz score >= 80).

    Raises:
        InputError: ``text`` is blank or ``limit`` is below 1.
    """
    if not text.strip():
        raise InputError("text", "is empty: give part of an aerodrome's name or its city")
    if limit < 1:
        raise InputError("limit", f"must be at least 1, not {limit}")
    return _search(_index(), text, limit)


def aerodromes_in(country: str) -> tuple[Aerodrome, ...]:
    """Every aerodrome in a state or territory (ISO 3166-1 alpha-2 code), by ICAO indicator.

    Raises:
        InputError: ``country`` is not an alpha-2 code (``XK`` included).
    """
    code = country.strip().upper()
    if code not in state_codes():
        raise InputError("country", f"{country!r} is not an ISO 3166-1 alpha-2 code (KP, SY, XK)")
    return _index().by_country.get(code, ())


@dataclass(frozen=True, slots=True)
class _Index:
    """The airportsdata tables, read once; every mapping is read-only."""

    by_icao: Mapping[str, Aerodrome]
    by_iata: Mapping[str, Aerodrome]
    by_city: Mapping[str, tuple[Aerodrome, ...]]  # city casefolded
    by_country: Mapping[str, tuple[Aerodrome, ...]]
    ordered: tuple[Aerodrome, ...]  # scheduled-service aerodromes (with IATA) first, then by ICAO
    search_keys: tuple[str, ...]  # names, then cities, rapidfuzz-processed
    search_owners: tuple[int, ...]  # for each search key, its aerodrome's position in ordered


@dataclass(frozen=True, slots=True)
class _Codes:
    """Aerodromes by code: all a lookup that succeeds needs."""

    by_icao: Mapping[str, Aerodrome]
    by_iata: Mapping[str, Aerodrome]


_COLUMNS = ("icao", "iata", "name", "city", "subd", "country", "elevation", "lat", "lon")
_Row = list[str]  # one airports.csv row as read (its numbers unquoted, so floats)


class _ByIcao(Mapping[str, Aerodrome]):
    """Aerodromes by ICAO indicator, each made from its table row on first access.

    A route looks up two or three codes of ~18,000: making every ``Aerodrome`` up front cost
    more than reading the table.
    """

    def __init__(self, rows: dict[str, _Row]) -> None:
        self._rows = rows
        self._made: dict[str, Aerodrome] = {}

    def __getitem__(self, icao: str) -> Aerodrome:
        made = self._made.get(icao)
        if made is None:
            _, iata, name, city, _subd, country, elevation, lat, lon, *_ = self._rows[icao]
            made = self._made[icao] = Aerodrome(
                icao=icao,
                iata=iata,
                name=name,
                city=city,
                country=country,
                position=GeoPoint(lat=float(lat), lon=float(lon)),
                elevation_ft=float(elevation),
            )
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class _ByIata(Mapping[str, Aerodrome]):
    """Aerodromes by IATA code, through their ICAO indicator."""

    def __init__(self, icao_of: dict[str, str], by_icao: _ByIcao) -> None:
        self._icao_of = icao_of
        self._by_icao = by_icao

    def __getitem__(self, iata: str) -> Aerodrome:
        return self._by_icao[self._icao_of[iata]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._icao_of)

    def __len__(self) -> int:
        return len(self._icao_of)


@cache
def _codes() -> _Codes:
    """The aerodromes of airportsdata's table by ICAO indicator and by IATA code, read once.

    The table is read as ``airportsdata.load`` reads it (numbers unquoted), with a plain
    ``csv.reader`` rather than a dict per row, once rather than once per key: a later row
    with the same code replaces an earlier one, as in ``load``. Rows become ``Aerodrome``
    values only when looked up.
    """
    table = resources.files("airportsdata").joinpath("airports.csv")
    with table.open(encoding="utf8") as handle:
        reader = csv.reader(handle, quoting=csv.QUOTE_NONNUMERIC)
        header = next(reader)
        if tuple(header[: len(_COLUMNS)]) != _COLUMNS:
            raise ValueError(f"airportsdata's airports.csv has new columns: {header}")
        rows: list[_Row] = list(reader)
    rows_by_icao: dict[str, _Row] = {}
    icao_of_iata: dict[str, str] = {}
    for row in rows:
        icao, iata = row[0], row[1]
        if iata:
            icao_of_iata[iata] = icao
        if _ICAO.fullmatch(icao):
            rows_by_icao[icao] = row
    by_icao = _ByIcao(rows_by_icao)
    icao_of = {iata: icao for iata, icao in icao_of_iata.items() if icao in rows_by_icao}
    return _Codes(by_icao, _ByIata(icao_of, by_icao))


@cache
def _index() -> _Index:
    """The codes, plus cities, countries and name-search keys (once per process)."""
    from rapidfuzz import utils  # name search only: a code that is found never needs it

    codes = _codes()
    by_icao, by_iata = codes.by_icao, codes.by_iata
    ordered = tuple(sorted(by_icao.values(), key=lambda a: (not a.iata, a.icao)))
    by_city: dict[str, list[Aerodrome]] = {}
    by_country: dict[str, list[Aerodrome]] = {}
    for aerodrome in sorted(by_icao.values(), key=lambda a: a.icao):
        by_country.setdefault(aerodrome.country, []).append(aerodrome)
    for aerodrome in ordered:
        if aerodrome.city:
            by_city.setdefault(aerodrome.city.casefold(), []).append(aerodrome)
    # Names and cities are scored apart, so a city does not dilute a name and the reverse.
    keys = [(a.name, owner) for owner, a in enumerate(ordered)]
    keys += [(a.city, owner) for owner, a in enumerate(ordered) if a.city]
    return _Index(
        by_icao=by_icao,
        by_iata=by_iata,
        by_city=MappingProxyType({city: tuple(found) for city, found in by_city.items()}),
        by_country=MappingProxyType({code: tuple(found) for code, found in by_country.items()}),
        ordered=ordered,
        search_keys=tuple(utils.default_process(text) for text, _ in keys),
        search_owners=tuple(owner for _, owner in keys),
    )


def _suggest_code(
    code: str, table: Mapping[str, Aerodrome], index: _Index
) -> tuple[Aerodrome, ...]:
    """Aerodromes in a city called ``code`` (``OSLO``), then codes one letter away.

    Among codes one letter away, a change late in the code ranks first (an ICAO indicator's
    first letters are its region and state, so ZKPP is likelier a slip for ZKPY than for AKPP),
    then a letter next to the typed one on a QWERTY keyboard (FNK for FNJ), then aerodromes
    with an IATA code (scheduled service) before strips without.
    """
    near: list[tuple[int, bool, bool, str, Aerodrome]] = []
    for position, typed in enumerate(code):
        for letter in _LETTERS:
            candidate = code[:position] + letter + code[position + 1 :]
            found = table.get(candidate) if letter != typed else None
            if found is not None:
                slip = letter in _keyboard_neighbours(typed)
                near.append((-position, not slip, not found.iata, candidate, found))
    by_city = index.by_city.get(code.casefold(), ())
    ranked = [*by_city, *(found for *_, found in sorted(near, key=lambda n: n[:4]))]
    return tuple(dict.fromkeys(ranked))[:MAX_SUGGESTIONS]


@cache
def _keyboard_neighbours(letter: str) -> frozenset[str]:
    """Letters whose keys touch ``letter``'s on a QWERTY keyboard (rows staggered by half a key)."""
    keys = {
        key: (column + row * 0.5, row)
        for row, keys_in_row in enumerate(_KEY_ROWS)
        for column, key in enumerate(keys_in_row)
    }
    x, y = keys[letter]
    return frozenset(
        key
        for key, (kx, ky) in keys.items()
        if key != letter and abs(kx - x) <= 1 and abs(ky - y) <= 1
    )


def _search(index: _Index, text: str, limit: int) -> tuple[Aerodrome, ...]:
    """Aerodromes whose name or city is close to ``text``, best first.

    Two rapidfuzz scores, the better one counting: ``token_set_ratio`` (every word of the query
    in the name, or the whole city) and ``partial_ratio`` of the query inside a longer name,
    discounted by 0.9 as WRatio does (a slip inside one word: "Heathrw"). A name shorter than
    the query never scores by being found inside it ("Una" inside "Sunan"). Ties keep the index
    order: scheduled-service aerodromes first, then by ICAO indicator.
    """
    from rapidfuzz import fuzz, process, utils  # name search only

    query = utils.default_process(text)
    scores: dict[int, float] = {}
    whole = process.extract(
        query,
        index.search_keys,
        scorer=fuzz.token_set_ratio,
        processor=None,
        limit=None,
        score_cutoff=_NAME_CUTOFF,
    )
    inside = process.extract(
        query,
        index.search_keys,
        scorer=fuzz.partial_ratio,
        processor=None,
        limit=None,
        score_cutoff=_NAME_CUTOFF / _PARTIAL_WEIGHT,
    )
    weighted = [(position, score) for _key, score, position in whole]
    weighted += [
        (position, score * _PARTIAL_WEIGHT)
        for key, score, position in inside
        if len(key) >= len(query)
    ]
    for position, score in weighted:
        owner = index.search_owners[position]
        scores[owner] = max(scores.get(owner, 0.0), score)
    ranked = sorted(scores, key=lambda owner: (-scores[owner], owner))
    return tuple(index.ordered[owner] for owner in ranked[:limit])


def _looks_like_name(text: str) -> bool:
    """Longer than a code and mostly letters: worth a search by name and city."""
    letters = sum(character.isalpha() for character in text)
    return len(text) > 4 and letters >= 0.6 * len(text)


def _describe(aerodrome: Aerodrome, *, by_iata: bool = False) -> str:
    """``ZKPY (Pyongyang International Airport, Pyongyang)``; by IATA ``FNJ (ZKPY, …)``."""
    parts = (aerodrome.name, aerodrome.city)
    if by_iata and aerodrome.iata:
        return f"{aerodrome.iata} ({', '.join(p for p in (aerodrome.icao, *parts) if p)})"
    return f"{aerodrome.icao} ({', '.join(p for p in parts if p)})"
