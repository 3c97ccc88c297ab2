"""A person's date of birth and nationality, weighed against a listed person's.

A name alone says little about a person: many share one. When the person screened comes with
a date of birth or a nationality, and the listed person has one too, agreement scores the name
match up and disagreement scores it down, each as a feature of the match:

- birth years that can be the same (``1944-10-13`` and ``1944``; a span ``1960/1962`` and
  ``1961``): x1.10; years that cannot: x0.80, so an exact name of another birth year falls
  below the screening threshold (0.90);
- a nationality among the listed ones: x1.05; none of them: x0.90.

Unknown on either side leaves the name score as it is; scores never pass 1.0. Organisations,
aircraft and vessels are never qualified this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from overflight.errors import InputError
from overflight.watchlist.birth_dates import birth_date, same_birth_year
from overflight.watchlist.countries import country_code
from overflight.watchlist.entity import Entity, Schema
from overflight.watchlist.matches import Feature

BIRTH_MATCH_FACTOR = 1.10
BIRTH_MISMATCH_FACTOR = 0.80
NATIONALITY_MATCH_FACTOR = 1.05
NATIONALITY_MISMATCH_FACTOR = 0.90
MAX_BOOST = BIRTH_MATCH_FACTOR * NATIONALITY_MATCH_FACTOR
"""The most qualifiers can raise a name score by: names down to threshold / MAX_BOOST count."""


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What is known of a screened person besides the name, in normal form.

    ``birth_date`` is ISO to the precision known (``1944``, ``1944-10-13``); ``nationality``
    an ISO alpha-2 code. Build with ``person_facts`` to read them as people write them.
    """

    birth_date: str = ""
    nationality: str = ""

    def __bool__(self) -> bool:
        return bool(self.birth_date or self.nationality)


def person_facts(birth: str = "", nationality: str = "") -> PersonFacts:
    """The facts of a screened person from a printed date of birth and a country name or code.

    Raises:
        InputError: a date of birth or a nationality is given but cannot be read.
    """
    iso = birth_date(birth) if birth.strip() else ""
    if birth.strip() and not iso:
        raise InputError("birth date", f"{birth!r} is not a date of birth (e.g. 1944-10-13)")
    code = country_code(nationality) if nationality.strip() else ""
    if nationality.strip() and not code:
        raise InputError("nationality", f"{nationality!r} is not a country name or code")
    return PersonFacts(iso, code)


def qualify(entity: Entity, facts: PersonFacts) -> tuple[float, tuple[Feature, ...]]:
    """The factor ``facts`` put on a name match of ``entity``, and the features saying why."""
    if entity.schema is not Schema.PERSON or not facts:
        return 1.0, ()
    factor = 1.0
    features: list[Feature] = []
    if facts.birth_date and entity.birth_dates:
        listed = ", ".join(entity.birth_dates)
        detail = f"born {facts.birth_date}, listed {listed}"
        if any(same_birth_year(date, facts.birth_date) for date in entity.birth_dates):
            factor *= BIRTH_MATCH_FACTOR
            features.append(Feature("birth_year_match", BIRTH_MATCH_FACTOR, detail))
        else:
            factor *= BIRTH_MISMATCH_FACTOR
            features.append(Feature("birth_year_mismatch", BIRTH_MISMATCH_FACTOR, detail))
    if facts.nationality and entity.nationalities:
        detail = f"{facts.nationality}, listed {', '.join(entity.nationalities)}"
        if facts.nationality in entity.nationalities:
            factor *= NATIONALITY_MATCH_FACTOR
            features.append(Feature("nationality_match", NATIONALITY_MATCH_FACTOR, detail))
        else:
            factor *= NATIONALITY_MISMATCH_FACTOR
            features.append(Feature("nationality_mismatch", NATIONALITY_MISMATCH_FACTOR, detail))
    return factor, tuple(features)


__all__ = [
    "BIRTH_MATCH_FACTOR",
    "BIRTH_MISMATCH_FACTOR",
    "MAX_BOOST",
    "NATIONALITY_MATCH_FACTOR",
    "NATIONALITY_MISMATCH_FACTOR",
    "PersonFacts",
    "person_facts",
    "qualify",
]
