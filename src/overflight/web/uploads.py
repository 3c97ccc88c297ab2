"""Reading a submission: a file upload or a pasted text, bounded in size, as UTF-8 text."""

from __future__ import annotations

from fastapi import Request, UploadFile

from overflight.errors import InputError

__all__ = ["UploadTooLargeError", "read_upload"]

_CHUNK = 64 * 1024


class UploadTooLargeError(InputError):
    """A submission over the size limit (the app answers 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__("file", f"the upload is larger than the limit of {limit:,} bytes")
        self.limit = limit


async def read_upload(
    request: Request, file: UploadFile | None, text: str, limit: int
) -> tuple[str, bytes]:
    """The submission's name and bytes: the file if one was sent, else the pasted text.

    Raises:
        UploadTooLargeError: the request or the submission is over ``limit`` bytes.
        InputError: neither a file nor text was sent.
    """
    declared = request.headers.get("content-length", "")
    # The multipart envelope adds a little; anything far beyond the limit is refused early.
    if declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise UploadTooLargeError(limit)
    if file is not None and file.filename:
        body = bytearray()
        while chunk := await file.read(_CHUNK):
            body += chunk
            if len(body) > limit:
                raise UploadTooLargeError(limit)
        return file.filename, bytes(body)
    body_text = text.encode("utf-8")
    if len(body_text) > limit:
        raise UploadTooLargeError(limit)
    if not text.strip():
        raise InputError("file", "send a file or paste the text to screen")
    return "pasted text", body_text
