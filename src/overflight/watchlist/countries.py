"""Country names as lists print them (``Korea, North``) to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rigour.territories import lookup_territory


@lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """The ISO alpha-2 code (upper case) for a country name or code, or ``""`` if unknown.

    Territories without their own code (``region: Gaza``) map to the country rigour
    assigns them.
    """
    text = name.strip()
    if not text or text == "-0-":
        return ""
    territory = lookup_territory(text)
    if territory is None or territory.ftm_country is None:
        return ""
    code = territory.ftm_country.upper()
    return code if len(code) == 2 and code.isalpha() else ""


def country_codes(names: Iterable[str]) -> tuple[str, ...]:
    """The codes of the names that are countries, each once, in order."""
    return tuple(dict.fromkeys(code for code in map(country_code, names) if code))


__all__ = ["country_code", "country_codes"]
