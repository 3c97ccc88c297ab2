"""Overflight and landing permit requests: a documented schema, read into flight intent."""

from overflight.permits.aftn import read_aftn_permit
from overflight.permits.batch import BatchRow, read_permit_batch
from overflight.permits.document import DocumentError, read_document
from overflight.permits.forms import form_of, is_permit_text, read_form
from overflight.permits.model import (
    Cargo,
    DangerousGoods,
    FirCrossing,
    Landing,
    Party,
    PartyRole,
    PermitRequest,
    PermitType,
    Purpose,
)
from overflight.permits.reader import read_permit
from overflight.permits.schema import PermitRequestDoc

__all__ = [
    "BatchRow",
    "Cargo",
    "DangerousGoods",
    "DocumentError",
    "FirCrossing",
    "Landing",
    "Party",
    "PartyRole",
    "PermitRequest",
    "PermitRequestDoc",
    "PermitType",
    "Purpose",
    "form_of",
    "is_permit_text",
    "read_aftn_permit",
    "read_document",
    "read_form",
    "read_permit",
    "read_permit_batch",
]
