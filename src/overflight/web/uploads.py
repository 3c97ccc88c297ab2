"""Reading an upload form: one file and a few text fields, bounded in size, after the login.

An upload route declares no ``File`` or ``Form`` parameter, so FastAPI reads no body before
the route's login and role dependencies have run; the handler then parses the form itself
(``read_upload_form``). ``web.bodies`` has already bounded the whole body; here the file is
held to its own limit, and the text fields are validated by a pydantic model (a field that
does not read is the usual 422).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from overflight.errors import InputError

__all__ = [
    "ENVELOPE_BYTES",
    "UploadTooLargeError",
    "UploadedFile",
    "read_upload_form",
    "submitted",
    "upload_request_body",
]

ENVELOPE_BYTES = 64 * 1024  # multipart boundaries, part headers and the fields beside a file
_CHUNK = 64 * 1024
_FIELD_BYTES = 64 * 1024  # a text field beside a file (a pasted text has the file's limit)
Fields = TypeVar("Fields", bound=BaseModel)


class UploadTooLargeError(InputError):
    """A submission (``what="file"``) or a request body (``"body"``) over its size limit: 413."""

    def __init__(self, limit: int, what: str = "file") -> None:
        thing = "the upload" if what == "file" else "the request body"
        super().__init__(what, f"{thing} is larger than the limit of {limit:,} bytes")
        self.limit = limit


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """The file part of a form: its name as sent and its bytes."""

    name: str
    body: bytes


async def read_upload_form(
    request: Request, fields: type[Fields], limit: int, *, text_limit: int = _FIELD_BYTES
) -> tuple[Fields, UploadedFile | None]:
    """The form's text fields and its ``file`` part (``None`` when no file was chosen).

    At most one file and the fields of ``fields`` are parsed; a text field may hold
    ``text_limit`` bytes.

    Raises:
        UploadTooLargeError: the file is over ``limit`` bytes.
        InputError: ``file`` was sent as a text field; a field or the file's name holds a NUL.
        RequestValidationError: a field does not read (the app answers 422).
    """
    async with request.form(
        max_files=1, max_fields=len(fields.model_fields) + 1, max_part_size=text_limit
    ) as form:
        sent = form.get("file")
        if isinstance(sent, str):  # a browser's empty file input arrives as an empty field
            if sent:
                raise InputError("file", "send the file as a file upload, not as a text field")
            sent = None
        upload = await _read_file(sent, limit) if sent is not None and sent.filename else None
        values = {k: v for k, v in form.multi_items() if k != "file" and isinstance(v, str)}
    # A name is stored as text, which cannot hold a NUL character (the file itself may).
    named = {**values, "file": upload.name if upload is not None else ""}
    for name, value in named.items():
        if "\x00" in value:
            raise InputError(name, "holds a NUL character, which no text here may hold")
    try:
        return fields.model_validate(values), upload
    except ValidationError as err:
        problems = [{**e, "loc": ("body", *e["loc"])} for e in err.errors()]
        raise RequestValidationError(problems) from None


async def _read_file(file: UploadFile, limit: int) -> UploadedFile:
    body = bytearray()
    while chunk := await file.read(_CHUNK):
        body += chunk
        if len(body) > limit:
            raise UploadTooLargeError(limit)
    return UploadedFile(file.filename or "", bytes(body))


def submitted(upload: UploadedFile | None, text: str, limit: int) -> tuple[str, bytes]:
    """The submission's name and bytes: the file if one was sent, else the pasted text.

    Raises:
        UploadTooLargeError: the pasted text is over ``limit`` bytes.
        InputError: neither a file nor text was sent.
    """
    if upload is not None:
        return upload.name, upload.body
    body = text.encode("utf-8")
    if len(body) > limit:
        raise UploadTooLargeError(limit)
    if not text.strip():
        raise InputError("file", "send a file or paste the text to screen")
    return "pasted text", body


def upload_request_body(
    fields: type[BaseModel], file_description: str, *, file_required: bool
) -> dict[str, Any]:
    """The ``openapi_extra`` that documents an upload route's multipart body."""
    schema = fields.model_json_schema()
    file = {"type": "string", "format": "binary", "description": file_description}
    schema["properties"] = {"file": file, **schema.get("properties", {})}
    schema["additionalProperties"] = False  # more fields than these are refused (400)
    if file_required:
        schema["required"] = ["file", *schema.get("required", [])]
    return {
        "requestBody": {
            "required": file_required,
            "content": {"multipart/form-data": {"schema": schema}},
        }
    }
