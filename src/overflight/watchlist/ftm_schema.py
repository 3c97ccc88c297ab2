"""FollowTheMoney schema names (OpenSanctions) mapped to ours."""

from __future__ import annotations

from overflight.watchlist.entity import Schema

FTM_SCHEMAS: dict[str, Schema] = {
    "Person": Schema.PERSON,
    "Organization": Schema.ORGANISATION,
    "Company": Schema.ORGANISATION,
    "LegalEntity": Schema.ORGANISATION,
    "PublicBody": Schema.ORGANISATION,
    "Airplane": Schema.AIRCRAFT,
    "Vessel": Schema.VESSEL,
}
"""Matchable FtM schemata; any other matchable-looking one becomes ``Schema.OTHER``."""

FTM_SUPPORTING = frozenset(
    {
        "Address",
        "Sanction",
        "Ownership",
        "Directorship",
        "Membership",
        "Family",
        "Associate",
        "Identification",
        "Passport",
        "UnknownLink",
        "Representation",
        "Employment",
        "Occupancy",
        "Position",
        "Note",
        "Documentation",
    }
)
"""FtM schemata that describe other entities rather than being screened themselves."""


def schema_for(ftm_schema: str) -> Schema | None:
    """Our schema for an FtM schema name; ``None`` for supporting records (``Address``)."""
    if ftm_schema in FTM_SUPPORTING:
        return None
    return FTM_SCHEMAS.get(ftm_schema, Schema.OTHER)


__all__ = ["FTM_SCHEMAS", "FTM_SUPPORTING", "schema_for"]
