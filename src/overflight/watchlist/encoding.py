"""List files as text: UTF-8, or Windows-1252 for older OFAC files."""

from __future__ import annotations

from pathlib import Path

from overflight.errors import InputError


def read_list_text(path: Path) -> str:
    """The text of a list file: UTF-8 (with or without BOM), else Windows-1252.

    Raises:
        InputError: the file cannot be read.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read the file: {err.strerror or err}") from err
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


__all__ = ["read_list_text"]
