"""The partners alerts are released to, and who reads for each: the default three or a YAML file.

A partners file (``overflight watch --partners FILE``) lists each partner's subject token and
the reader whose clearance, nationality and groups decide what is released to it::

    partners:
      - name: GBR          # subject token: overflight.alerts.GBR.<STATE>
        clearance: S       # U, C, S or TS
        nationality: GBR   # ISO 3166-1 alpha-3
        groups: [FVEY, NATO]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from overflight.markings import ClassificationLevel, Reader, to_trigraph
from overflight.permits import DocumentError, field_path, line_of, read_document
from overflight.textfile import YamlLoader, read_text_file

__all__ = ["DEFAULT_PARTNERS", "Partner", "read_partners"]


@dataclass(frozen=True, slots=True)
class Partner:
    """A partner receiving alerts: its subject token (a trigraph) and who reads for it."""

    name: str
    reader: Reader

    @property
    def consumer(self) -> str:
        """The partner's durable consumer."""
        return f"partner-{self.name}"


DEFAULT_PARTNERS = (
    Partner("USA", Reader(ClassificationLevel.TS, "USA")),
    Partner("GBR", Reader(ClassificationLevel.S, "GBR", frozenset({"FVEY", "NATO"}))),
    Partner("TUR", Reader(ClassificationLevel.S, "TUR", frozenset({"NATO"}))),
)
"""The partners alerts go to when none are configured (a home desk and two partners)."""


class _PartnerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Z]{3}$", description="subject token, a trigraph")
    clearance: Literal["U", "C", "S", "TS"]
    nationality: str
    groups: list[str] = Field(default_factory=list)

    @field_validator("nationality")
    @classmethod
    def _trigraph(cls, value: str) -> str:
        trigraph = to_trigraph(value)
        if len(trigraph) != 3:
            raise ValueError(f"{value!r} is a group, not a country")
        return trigraph

    @field_validator("groups")
    @classmethod
    def _groups(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.isalpha() or not value.isupper() or not 3 <= len(value) <= 4:
                raise ValueError(f"{value!r}: a group is a trigraph or tetragraph (NATO, FVEY)")
        return values


class _PartnersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    partners: list[_PartnerEntry] = Field(min_length=1)


def read_partners(path: Path) -> tuple[Partner, ...]:
    """The partners a file lists, in its order.

    Raises:
        InputError: the file cannot be read.
        DocumentError: the first problem of the file, with its line and field; the count of
            the others; or a partner named twice.
    """
    source, text = str(path), read_text_file(path)
    document, problems = read_document(text, source, _PartnersFile)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise DocumentError(
            first.message + more,
            source=source,
            line=first.line,
            column=first.column,
            field=first.field,
        )
    assert document is not None  # read_document gives one or the other
    seen: set[str] = set()
    for index, entry in enumerate(document.partners):
        if entry.name in seen:
            where = ("partners", index, "name")
            raise DocumentError(
                f"{entry.name} is listed twice",
                source=source,
                line=line_of(yaml.compose(text, Loader=YamlLoader), where),
                field=field_path(where),
            )
        seen.add(entry.name)
    return tuple(
        Partner(
            e.name, Reader(ClassificationLevel[e.clearance], e.nationality, frozenset(e.groups))
        )
        for e in document.partners
    )
