"""Records of a large XML list file, read one at a time, with every fault kept and placed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from lxml import etree

from overflight.errors import ParseError

Record = TypeVar("Record")


def xml_records(
    path: Path,
    tags: tuple[str, ...],
    read: Callable[[etree._Element, str], Record],
    problems: list[ParseError],
) -> Iterator[tuple[Record, int]]:
    """Each element named one of ``tags`` (in any namespace), read by ``read``, with its line.

    A file that declares a DTD is refused whole (one problem): entities are never expanded and
    nothing is fetched.

    A record ``read`` rejects (``ParseError``) is added to ``problems`` and skipped; a file that
    stops being well-formed XML part-way keeps the records before the fault and adds the fault
    with its line; an unreadable file adds one problem. Elements are cleared once read, so memory
    stays flat on lists of any size.
    """
    try:
        with path.open("rb") as handle:
            yield from _records(handle, path.name, tags, read, problems)
    except etree.XMLSyntaxError as err:
        problems.append(
            ParseError(f"not well-formed XML: {err.msg}", source=path.name, line=err.lineno)
        )
    except OSError as err:
        problems.append(ParseError(f"cannot read the file: {err}", source=path.name))


def unique_records(
    path: Path,
    tags: tuple[str, ...],
    read: Callable[[etree._Element, str], Record | None],
    problems: list[ParseError],
    field: str,
    id_text: Callable[[Record], str],
) -> list[Record]:
    """The records :func:`xml_records` reads (``None`` left out), each id once, in file order.

    A record whose ``id_text`` (``"logicalId 13"``) was read before is a problem
    (``"logicalId 13 appears twice"``) in ``field``, at its line, and is skipped: the first wins.
    """
    kept: dict[str, Record] = {}
    for record, line in xml_records(path, tags, read, problems):
        if record is None:
            continue
        text = id_text(record)
        if text in kept:
            message = f"{text} appears twice"
            problems.append(ParseError(message, source=path.name, line=line, field=field))
        else:
            kept[text] = record
    return list(kept.values())


def _records(
    handle: BinaryIO,
    source: str,
    tags: tuple[str, ...],
    read: Callable[[etree._Element, str], Record],
    problems: list[ParseError],
) -> Iterator[tuple[Record, int]]:
    if _declares_dtd(handle):
        problems.append(ParseError(_NO_DTD, source=source, line=1))
        return
    handle.seek(0)
    # Only the records' end events reach Python: lxml filters the tags, in any namespace.
    events = etree.iterparse(
        handle,
        events=("end",),
        tag=[f"{{*}}{tag}" for tag in tags],
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    for _, element in events:
        try:
            yield read(element, source), element.sourceline or 0
        except ParseError as err:
            problems.append(err)
        finally:
            element.clear(keep_tail=True)


def _declares_dtd(handle: BinaryIO) -> bool:
    """Whether the document declares a DTD, read up to its root's start tag and no further.

    A DTD comes before the root, and no entity is expanded before its start tag ends, so
    stopping there reads none.
    """
    for _, root in etree.iterparse(
        handle, events=("start",), no_network=True, load_dtd=False, huge_tree=False
    ):
        return _has_dtd(root)
    return False


_NO_DTD = (
    "a document type declaration (<!DOCTYPE …>) is refused: list files need none, and the "
    "entities one declares could expand without bound or fetch files"
)


def _has_dtd(root: etree._Element) -> bool:
    """Whether the document declares a DTD (internal subset or external reference)."""
    info = root.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or bool(info.system_url)


def local_name(tag: object) -> str:
    """An element's name without namespace or prefix; ``""`` for comments and odd names.

    Never raises: a name with an undeclared prefix (``x:INDIVIDUAL``) is its local part, a
    name lxml cannot split (``:``) is ``""``.
    """
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2]
