"""The user's files: text read as UTF-8 and output folders made, with errors saying which and where.

Outside the layers, like ``overflight.errors``: every reader (ATS messages, telegrams, route
batches, policies, the web's uploads) takes its text through here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from overflight.errors import InputError, ParseError

__all__ = ["check_output_file", "csv_rows", "decode_utf8", "make_folder", "read_text_file"]

_BOM = "\ufeff"


def decode_utf8(body: bytes, source: str) -> str:
    """``body`` as UTF-8 text, a leading byte-order mark dropped.

    Raises:
        ParseError: the bytes are not UTF-8, at the line and column of the first bad byte.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        before = body[: err.start]
        raise ParseError(
            f"not UTF-8 text (byte 0x{body[err.start]:02x})",
            source=source,
            line=before.count(b"\n") + 1,
            column=err.start - (before.rfind(b"\n") + 1) + 1,
        ) from None
    return text.removeprefix(_BOM)


def read_text_file(path: Path) -> str:
    """A UTF-8 text file (a leading byte-order mark dropped).

    Raises:
        InputError: the file cannot be read (missing, a folder, no permission), naming it.
        ParseError: it is not UTF-8, at the line and column of the first bad byte.
    """
    try:
        body = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read it: {err.strerror or err}") from None
    return decode_utf8(body, str(path))


def make_folder(path: Path, what: str) -> Path:
    """Create the folder ``path`` (and its parents) for output, before any work is done.

    Raises:
        InputError: it cannot be made (a file is in the way, no permission), naming ``what``.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(what, f"cannot make the folder {path}: {err.strerror or err}") from None
    return path


def check_output_file(path: Path | None, what: str, suffixes: tuple[str, ...] = ()) -> Path | None:
    """Check, before any work, that a file can be written at ``path``: its folder is made.

    ``None`` (no output asked for) passes. ``suffixes``, when given, are the only ones taken
    (lower case, with the dot: ``(".svg", ".png")``).

    Raises:
        InputError: ``path`` is a folder, its folder cannot be made (a file is in the way), or
            its suffix is not one of ``suffixes``, naming ``what``.
    """
    if path is None:
        return None
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(what, f"{path.name!r}: write to a {' or '.join(suffixes)} file")
    if path.is_dir():
        raise InputError(what, f"{path} is a folder; name a file to write")
    make_folder(path.parent, what)
    return path


def csv_rows(lines: Iterable[str], source: str) -> Iterator[tuple[int, list[str]] | ParseError]:
    """The rows of CSV text, each with the line it starts on.

    A row the ``csv`` module refuses (a field over its size limit, a NUL) is a ``ParseError``
    at its line, and reading goes on with the next.
    """
    reader = csv.reader(lines)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield ParseError(f"not a CSV row: {err}", source=source, line=line)
        else:
            yield line, row
        line = reader.line_num + 1
