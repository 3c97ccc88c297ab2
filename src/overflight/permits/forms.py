"""The forms a permit request arrives in, and reading one by its form's name.

``yaml`` and ``json`` are the documented schema; ``aftn`` the ICAO-style free text sent over
AFTN; ``csv`` one row of a batch (header and row). Stored requests keep their text and form, so
they are read again exactly as they came.
"""

from __future__ import annotations

from collections.abc import Callable

from overflight.permits.aftn import looks_like_aftn_permit, read_aftn_permit
from overflight.permits.batch import read_batch_row
from overflight.permits.document import DocumentError
from overflight.permits.model import PermitRequest
from overflight.permits.reader import read_permit

FormReader = Callable[[str, str], tuple[PermitRequest | None, tuple[DocumentError, ...]]]


def _yaml(text: str, source: str) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    return read_permit(text, source)


def _json(text: str, source: str) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    return read_permit(text, source, json_text=True)


FORMS: dict[str, FormReader] = {
    "yaml": _yaml,
    "json": _json,
    "aftn": read_aftn_permit,
    "csv": read_batch_row,
}
"""Each form's reader, by name."""


def form_of(text: str, source: str = "") -> str:
    """The form of a request's text: by its source's suffix, else by its content."""
    lowered = source.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".json") or text.lstrip().startswith("{"):
        return "json"
    if lowered.endswith((".yaml", ".yml")) or "permit_type:" in text[:4000]:
        return "yaml"
    return "aftn" if looks_like_aftn_permit(text) else "yaml"


def read_form(
    text: str, source: str, form: str
) -> tuple[PermitRequest | None, tuple[DocumentError, ...]]:
    """A request in the named form, or its problems (each located)."""
    reader = FORMS.get(form)
    if reader is None:
        return None, (DocumentError(f"unknown permit request form {form!r}", source=source),)
    return reader(text, source)


def is_permit_text(text: str, source: str = "") -> bool:
    """Whether a text is a permit request in any form (a CSV batch, YAML, JSON or AFTN)."""
    lowered = source.lower()
    if lowered.endswith((".csv", ".yaml", ".yml", ".json")):
        return True
    stripped = text.lstrip()
    return stripped.startswith("{") or "permit_type:" in text[:4000] or looks_like_aftn_permit(text)


__all__ = ["FORMS", "form_of", "is_permit_text", "read_form"]
