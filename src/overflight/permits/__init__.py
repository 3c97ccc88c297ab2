"""Overflight and landing permit requests: a documented schema, read into flight intent."""

from overflight.permits.batch import read_permit_batch
from overflight.permits.document import DocumentError, field_path, line_of, read_document
from overflight.permits.forms import form_of, is_permit_text, read_form
from overflight.permits.model import Cargo, FirCrossing, Party, PartyRole, PermitRequest

__all__ = [
    "Cargo",
    "DocumentError",
    "FirCrossing",
    "Party",
    "PartyRole",
    "PermitRequest",
    "field_path",
    "form_of",
    "is_permit_text",
    "line_of",
    "read_document",
    "read_form",
    "read_permit_batch",
]
