"""Overflight and landing permit requests: a documented schema, read into flight intent."""

from overflight.permits.document import DocumentError, read_document
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
    "read_document",
    "read_permit",
]
