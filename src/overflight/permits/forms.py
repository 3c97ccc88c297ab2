"""The forms a permit request arrives in, and reading one by its form's name.

``yaml`` and ``json`` are the documented schema; ``aftn`` the ICAO-style free text sent over
AFTN; ``csv`` one row of a batch (header and row). Stored requests keep their text and form, so
they are read again exactly as they came.
"""

from __future__ import annotations

from collections.abc import Callable

from overflight.permits.document import DocumentError
from overflight.permits.model import PermitRequest
from overflight.permits.reader import read_permit

Reader = Callable[[str, str], tuple[PermitRequest | None, tuple[DocumentError, ...]]]


def _yaml(text: str, source: str) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    return read_permit(text, source)


def _json(text: str, source: str) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    return read_permit(text, source, json_text=True)


FORMS: dict[str, Reader] = {"yaml": _yaml, "json": _json}
"""Each form's reader, by name."""


def form_of(text: str, source: str = "") -> str:
    """The form of a request's text: by its source's suffix, else by its content."""
    lowered = source.lower()
    if lowered.endswith(".json") or text.lstrip().startswith("{"):
        return "json"
    return "yaml"


def read_form(
    text: str, source: str, form: str
) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    """A request in the named form, or its problems (each located)."""
    reader = FORMS.get(form)
    if reader is None:
        return None, (DocumentError(f"unknown permit request form {form!r}", source=source),)
    return reader(text, source)


__all__ = ["FORMS", "form_of", "read_form"]
