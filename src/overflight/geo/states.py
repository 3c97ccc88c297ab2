"""State identity for airspace: ISO 3166-1 alpha-2 codes, their names, trigraphs and sovereigns.

Every state (and territory with its own airspace) is known by its ISO 3166-1 alpha-2 code, as
``pycountry`` lists them, plus the user-assigned code ``XK`` for Kosovo, which ISO leaves out but
aviation and sanctions data use (airportsdata files Pristina, BKPR, under ``XK``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType

import pycountry

from overflight.errors import InputError
from overflight.model import INTERNATIONAL

__all__ = [
    "SOVEREIGNS",
    "alpha3",
    "parse_state",
    "sovereign_of",
    "state_codes",
    "state_name",
]

KOSOVO = "XK"
_KOSOVO_NAME = "Kosovo"
# GENC (the US government profile of ISO 3166, whose trigraphs REL TO markings use) gives Kosovo
# XKS; the EU and rigour use XKX. We write XKS and read both.
_KOSOVO_TRIGRAPHS = ("XKS", "XKX")

SOVEREIGNS: Mapping[str, str] = MappingProxyType(
    {
        # Australia
        "CC": "AU",  # Cocos (Keeling) Islands
        "CX": "AU",  # Christmas Island
        "HM": "AU",  # Heard Island and McDonald Islands
        "NF": "AU",  # Norfolk Island
        # China
        "HK": "CN",  # Hong Kong (own FIR and permit office, Chinese sovereignty)
        "MO": "CN",  # Macao
        # Denmark
        "FO": "DK",  # Faroe Islands
        "GL": "DK",  # Greenland
        # Finland
        "AX": "FI",  # Åland Islands
        # France
        "BL": "FR",  # Saint Barthélemy
        "GF": "FR",  # French Guiana
        "GP": "FR",  # Guadeloupe
        "MF": "FR",  # Saint Martin (French part)
        "MQ": "FR",  # Martinique
        "NC": "FR",  # New Caledonia
        "PF": "FR",  # French Polynesia
        "PM": "FR",  # Saint Pierre and Miquelon
        "RE": "FR",  # Réunion
        "TF": "FR",  # French Southern Territories
        "WF": "FR",  # Wallis and Futuna
        "YT": "FR",  # Mayotte
        # United Kingdom
        "AI": "GB",  # Anguilla
        "BM": "GB",  # Bermuda
        "FK": "GB",  # Falkland Islands (claimed by Argentina)
        "GG": "GB",  # Guernsey (Crown Dependency)
        "GI": "GB",  # Gibraltar
        "GS": "GB",  # South Georgia and the South Sandwich Islands
        "IM": "GB",  # Isle of Man (Crown Dependency)
        "IO": "GB",  # British Indian Ocean Territory (UK-Mauritius transfer treaty signed 2025)
        "JE": "GB",  # Jersey (Crown Dependency)
        "KY": "GB",  # Cayman Islands
        "MS": "GB",  # Montserrat
        "PN": "GB",  # Pitcairn
        "SH": "GB",  # Saint Helena, Ascension and Tristan da Cunha
        "TC": "GB",  # Turks and Caicos Islands
        "VG": "GB",  # Virgin Islands (British)
        # Netherlands (the Kingdom)
        "AW": "NL",  # Aruba
        "BQ": "NL",  # Bonaire, Sint Eustatius and Saba
        "CW": "NL",  # Curaçao
        "SX": "NL",  # Sint Maarten (Dutch part)
        # Norway
        "BV": "NO",  # Bouvet Island
        "SJ": "NO",  # Svalbard and Jan Mayen
        # New Zealand (the Realm)
        "CK": "NZ",  # Cook Islands (free association; itself an ICAO Contracting State)
        "NU": "NZ",  # Niue (free association)
        "TK": "NZ",  # Tokelau
        # United States
        "AS": "US",  # American Samoa
        "GU": "US",  # Guam
        "MP": "US",  # Northern Mariana Islands
        "PR": "US",  # Puerto Rico
        "UM": "US",  # United States Minor Outlying Islands
        "VI": "US",  # Virgin Islands (U.S.)
    }
)
"""The state that administers each dependency's airspace, for every code that is not its own.

The rule: each ISO 3166-1 entry that is not a UN member state maps to the state that administers
it (and answers for its airspace under the Chicago Convention). Codes absent from this table map
to themselves. That covers the 193 UN member states, and also these, on purpose:

* ``VA`` (Holy See): a sovereign state that is not a UN member.
* ``TW`` (Taiwan), ``PS`` (Palestine), ``EH`` (Western Sahara), ``XK`` (Kosovo): their status is
  disputed, but in practice each is a separate airspace or permit question. Taiwan runs the Taipei
  FIR and issues its own permits; parts of Kosovo's and Palestine's airspace are controlled by
  others, yet their status is what a demarche must name; Western Sahara is claimed by Morocco and
  by the Sahrawi Republic, and folding it into either would take a side. Mapping them to
  themselves leaves that choice to the analyst.
* ``AQ`` (Antarctica): no state's sovereignty is recognised (Antarctic Treaty, art. IV); the
  airspace model treats it as international.
"""


@cache
def state_codes() -> frozenset[str]:
    """Every code this module knows: ISO 3166-1 alpha-2 (from pycountry) plus ``XK``."""
    return frozenset(country.alpha_2 for country in pycountry.countries) | {KOSOVO}


@lru_cache(maxsize=1024)  # a screening names ~20 states; pycountry looks each one up anew
def state_name(code: str) -> str:
    """The short English name of a state or territory, for people to read.

    pycountry's ``common_name`` where it has one (``KP`` → "North Korea", ``TW`` → "Taiwan"),
    otherwise its ISO name (``RU`` → "Russian Federation"); ``XK`` → "Kosovo"; ``CG`` →
    "Republic of the Congo" (ISO's bare "Congo" would not tell it from ``CD``); the
    ``INTERNATIONAL`` state ("") → "International airspace". ``parse_state`` reads every name
    this returns back to its code.

    Raises:
        InputError: ``code`` is not a known alpha-2 code.
    """
    if code == INTERNATIONAL:
        return "International airspace"
    code = _known_code(code, "state")
    if code == KOSOVO:
        return _KOSOVO_NAME
    if code == "CG":
        # ISO's short name "Congo" is what people also call CD; print one that reads back.
        return "Republic of the Congo"
    country = _iso_country(code)
    return str(getattr(country, "common_name", None) or country.name)


def alpha3(code: str) -> str:
    """The three-letter code (trigraph) of a state, as telegrams and REL TO markings write it.

    ISO 3166-1 alpha-3 for ISO codes; ``XK`` → ``XKS`` (the GENC trigraph).

    Raises:
        InputError: ``code`` is not a known alpha-2 code.
    """
    code = _known_code(code, "state")
    if code == KOSOVO:
        return _KOSOVO_TRIGRAPHS[0]
    return str(_iso_country(code).alpha_3)


def sovereign_of(code: str) -> str:
    """The state answering for this territory's airspace (see ``SOVEREIGNS``); itself if none.

    Raises:
        InputError: ``code`` is not a known alpha-2 code.
    """
    code = _known_code(code, "state")
    return SOVEREIGNS.get(code, code)


# Names that fit several states equally: refusing beats guessing between North and South Korea.
_AMBIGUOUS_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "korea": ("KP", "KR"),
        "congo": ("CD", "CG"),
        "virgin islands": ("VG", "VI"),
        "channel islands": ("GG", "JE"),
        "saint martin": ("MF", "SX"),
        "st martin": ("MF", "SX"),
    }
)
_FUZZY_CUTOFF = 80.0
_FUZZY_MARGIN = 5.0


def parse_state(text: str, what: str = "state") -> str:
    """Read a state given as an alpha-2 code, an alpha-3 code or a name; return its alpha-2 code.

    In order: an alpha-2 code (``kp``); an alpha-3 code (``PRK``, and ``XKS``/``XKX`` for
    Kosovo); a name or usual alias, exactly (``North Korea``, ``DPRK``, ``Burma``, via rigour's
    territory names); then a fuzzy match on pycountry's names (``Syrai`` → ``SY``) when one state
    is clearly best. Names of several states (``Korea``, ``Congo``) and parts of a state
    (``Scotland``) are refused with the candidates named.

    Raises:
        InputError: naming ``what``, when the text is empty, ambiguous or matches no state.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InputError(what, "is empty: give a state as GB, GBR or a name")
    upper = cleaned.upper()
    if upper in state_codes():
        return upper
    if upper in _KOSOVO_TRIGRAPHS:
        return KOSOVO
    country = pycountry.countries.get(alpha_3=upper) if len(upper) == 3 else None
    if country is not None:
        return str(country.alpha_2)
    ambiguous = _AMBIGUOUS_NAMES.get(cleaned.casefold().replace(".", ""))
    if ambiguous:
        raise InputError(what, f"{cleaned!r} could be {_list_states(ambiguous)}: give the code")
    from rapidfuzz import utils  # names only: a code needs no name matching

    exact = _exact_names().get(utils.default_process(cleaned))
    if exact is not None:
        return exact
    from rigour.territories import lookup_territory  # imported here: most runs never need it

    territory = lookup_territory(cleaned)  # aliases; its name table takes ~1 s to load once
    if territory is not None:
        return _from_territory(territory.code, cleaned, what)
    return _fuzzy_state(cleaned, what)


def _from_territory(rigour_code: str, text: str, what: str) -> str:
    """Map a rigour territory code to ours, refusing sub-national, historic and group codes."""
    code = rigour_code.upper()
    if code in state_codes():
        return code
    head = code.split("-")[0]
    if "-" in code and head in state_codes():
        raise InputError(
            what, f"{text!r} is part of {head} ({state_name(head)}), not a state: give {head}"
        )
    raise InputError(what, f"{text!r} is not a current state or territory")


def _fuzzy_state(text: str, what: str) -> str:
    """The one state whose name is clearly closest to ``text``, or an error naming candidates."""
    from rapidfuzz import fuzz, process, utils

    names, codes = _state_names()
    matches = process.extract(
        utils.default_process(text), names, scorer=fuzz.WRatio, processor=None, limit=20
    )
    best: dict[str, float] = {}
    for _name, score, position in matches:
        best.setdefault(codes[position], score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if ranked and ranked[0][1] >= _FUZZY_CUTOFF:
        if len(ranked) == 1 or ranked[1][1] <= ranked[0][1] - _FUZZY_MARGIN:
            return ranked[0][0]
        close = tuple(code for code, score in ranked if score > ranked[0][1] - _FUZZY_MARGIN)
        raise InputError(what, f"{text!r} could be {_list_states(close[:5])}: give the code")
    hint = tuple(code for code, score in ranked[:3] if score >= 60)
    suffix = f"; closest: {_list_states(hint)}" if hint else ""
    raise InputError(
        what, f"{text!r} is not a state code (GB, GBR) or a state name we know{suffix}"
    )


@cache
def _state_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Processed names (ISO, common and official) and, position for position, their codes."""
    from rapidfuzz import utils

    pairs: list[tuple[str, str]] = [(utils.default_process(_KOSOVO_NAME), KOSOVO)]
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            name = getattr(country, field, None)
            if name:
                pairs.append((utils.default_process(name), str(country.alpha_2)))
    return tuple(name for name, _ in pairs), tuple(code for _, code in pairs)


@cache
def _exact_names() -> Mapping[str, str]:
    """Processed pycountry names (and Kosovo) to their codes, for the fast exact path."""
    names, codes = _state_names()
    return MappingProxyType(dict(zip(names, codes, strict=True)))


def _known_code(code: str, what: str) -> str:
    """``code`` upper-cased if it is a known alpha-2 code; otherwise an ``InputError``."""
    upper = code.strip().upper()
    if upper not in state_codes():
        raise InputError(what, f"{code!r} is not an ISO 3166-1 alpha-2 code (GB, KP) or XK")
    return upper


def _iso_country(code: str) -> pycountry.db.Country:
    """The pycountry record of an ISO alpha-2 code already checked by ``_known_code``."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise InputError("state", f"{code!r} is not an ISO 3166-1 alpha-2 code (GB, KP) or XK")
    return country


def _list_states(codes: tuple[str, ...]) -> str:
    """``KP (North Korea) or KR (South Korea)``."""
    parts = [f"{code} ({state_name(code)})" for code in codes]
    return ", ".join(parts[:-1]) + f" or {parts[-1]}" if len(parts) > 1 else parts[0]
