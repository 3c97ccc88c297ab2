"""Marked values as JSON, each marking as its portion mark (``(S//NF)``), as pages show it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from overflight.markings import Marking
from overflight.model.jsonable import to_jsonable

__all__ = ["marked_json"]


class _Marked(Protocol):
    @property
    def marking(self) -> Marking | None: ...


def marked_json(values: Iterable[_Marked]) -> list[dict[str, Any]]:
    """Each value as JSON, its ``marking`` the portion mark (``None`` where it has none)."""
    return [
        {
            **to_jsonable(value, leave_out={"marking"}),
            "marking": value.marking.portion() if value.marking is not None else None,
        }
        for value in values
    ]
