"""Records of a large XML list file, read one at a time, with every fault kept and placed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

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

    A record ``read`` rejects (``ParseError``) is added to ``problems`` and skipped; a file that
    stops being well-formed XML part-way keeps the records before the fault and adds the fault
    with its line; an unreadable file adds one problem. Elements are cleared once read, so memory
    stays flat on lists of any size.
    """
    try:
        for _, element in etree.iterparse(str(path), events=("end",)):
            if not isinstance(element.tag, str) or etree.QName(element.tag).localname not in tags:
                continue
            try:
                yield read(element, path.name), element.sourceline or 0
            except ParseError as err:
                problems.append(err)
            finally:
                element.clear(keep_tail=True)
    except etree.XMLSyntaxError as err:
        problems.append(
            ParseError(f"not well-formed XML: {err.msg}", source=path.name, line=err.lineno)
        )
    except OSError as err:
        problems.append(ParseError(f"cannot read the file: {err}", source=path.name))
