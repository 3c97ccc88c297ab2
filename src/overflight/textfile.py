"""The user's files: text read as UTF-8 and output folders made, with errors saying which and where.

Outside the layers, like ``overflight.errors``: every reader (ATS messages, telegrams, route
batches, policies, the web's uploads) takes its text through here.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overflight.errors import InputError, ParseError

if TYPE_CHECKING:  # PyYAML is imported where YAML is read: ~50 ms that CSV readers need not pay
    import yaml

__all__ = [
    "YamlLoader",  # noqa: F822 (made on first use, by __getattr__)
    "check_output_file",
    "check_plain_value",
    "csv_rows",
    "decode_utf8",
    "make_folder",
    "parse_json",
    "read_text_file",
    "unconvertible_value",
    "yaml_data",
]


def __getattr__(name: str) -> type[yaml.SafeLoader]:
    """``YamlLoader``, made (and PyYAML imported) when first asked for."""
    if name == "YamlLoader":
        return _yaml_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _yaml_loader() -> type[yaml.SafeLoader]:
    import yaml

    class YamlLoader(yaml.SafeLoader):
        """PyYAML's safe loader without aliases (``*name``).

        Anchors and aliases let a file of a few hundred bytes expand to gigabytes (the YAML
        "billion laughs"); no file overflight reads needs them, so an alias is an error at its
        line and column, before anything is expanded.
        """

        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
            """The next node; an alias is refused where it stands."""
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"an alias (*{event.anchor}) is not read: write the value out",
                    event.start_mark,
                )
            return super().compose_node(parent, index)

    return YamlLoader


def yaml_data(text: str) -> Any:
    """The plain data of a YAML text, read with ``YamlLoader``.

    Raises:
        yaml.YAMLError: the text is not YAML, or holds an alias (with its mark).
    """
    import yaml

    return yaml.load(text, Loader=_yaml_loader())


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


_LONGEST_INT = sys.get_int_max_str_digits() or 4300  # Python refuses to read longer integer text
_LONG_NUMBER = re.compile(rf"\d{{{_LONGEST_INT + 1},}}")
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def parse_json(text: str, source: str, *, line: int | None = None) -> Any:
    r"""JSON text as plain data; every way it can fail is a ``ParseError`` at its position.

    ``line``: the line ``text`` is on, for JSON lines (then columns count within it).

    Raises:
        ParseError: not JSON; an integer of more digits than Python reads (4,300); nesting
            deeper than Python's stack; a lone UTF-16 surrogate escape (``"\ud800"``), which
            is no character and fails wherever the text is later written or compared.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(
            f"not JSON: {err.msg}",
            source=source,
            line=(line or 1) + err.lineno - 1,
            column=err.colno,
        ) from None
    except (ValueError, RecursionError) as err:
        raise unconvertible_value(text, source, err, line=line) from None
    at = _lone_surrogate_at(text)
    if at is not None:
        raise _lone_surrogate_error(text, at, source, line)
    return value


def unconvertible_value(
    text: str, source: str, err: Exception, *, line: int | None = None
) -> ParseError:
    """The ``ParseError`` for a document a parser gave up on with a plain ``ValueError``.

    An integer over Python's digit limit is placed at its line and column; nesting deeper than
    the stack is said as such.
    """
    if isinstance(err, RecursionError):
        return ParseError("nested too deeply to read", source=source, line=line)
    found = _LONG_NUMBER.search(text)
    if found is None:
        return ParseError(f"unreadable value: {err}", source=source, line=line)
    where_line, column = _position(text, found.start())
    return ParseError(
        f"a number of {found.end() - found.start():,} digits (at most {_LONGEST_INT:,} are read)",
        source=source,
        line=(line or 1) + where_line - 1,
        column=column,
    )


def check_plain_value(value: Any, source: str) -> None:
    """Refuse a string holding a lone UTF-16 surrogate anywhere in parsed data (YAML's escapes).

    Raises:
        ParseError: a string (key or value) holds a code point in U+D800–U+DFFF.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as err:
                code = ord(item[err.start])
                raise ParseError(
                    f"text holds a lone surrogate U+{code:04X}, which is no character",
                    source=source,
                ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _lone_surrogate_at(text: str) -> int | None:
    r"""Offset of the first ``\uD8xx``-``\uDFxx`` escape not in a high-low pair, if any."""
    if "\\u" not in text:
        return None
    paired_until = -1
    for found in _SURROGATE_ESCAPE.finditer(text):
        start = found.start(1) - 2
        if start < paired_until:
            continue
        code = int(found.group(1), 16)
        if code <= 0xDBFF:
            low = _SURROGATE_ESCAPE.match(text, found.end())
            if (
                low is not None
                and low.start(1) - 2 == found.end()
                and int(low.group(1), 16) > 0xDBFF
            ):
                paired_until = low.end()
                continue
        return start
    return None


def _lone_surrogate_error(text: str, offset: int, source: str, line: int | None) -> ParseError:
    where_line, column = _position(text, offset)
    return ParseError(
        f"{text[offset : offset + 6]} is a lone UTF-16 surrogate, which is no character",
        source=source,
        line=(line or 1) + where_line - 1,
        column=column,
    )
