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
    """Each element named one of ``tags`` (namespaces ignored), read by ``read``, with its line.

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


def _records(
    handle: BinaryIO,
    source: str,
    tags: tuple[str, ...],
    read: Callable[[etree._Element, str], Record],
    problems: list[ParseError],
) -> Iterator[tuple[Record, int]]:
    events = etree.iterparse(
        handle, events=("start", "end"), no_network=True, load_dtd=False, huge_tree=False
    )
    checked = False
    for event, element in events:
        if not checked:
            checked = True
            if _has_dtd(element):
                problems.append(ParseError(_NO_DTD, source=source, line=1))
                return
        if event != "end" or local_name(element.tag) not in tags:
            continue
        try:
            yield read(element, source), element.sourceline or 0
        except ParseError as err:
            problems.append(err)
        finally:
            element.clear(keep_tail=True)


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
