"""Official list files fetched over HTTPS (the only module of this package that uses the network).

The URLs are configuration: ``OFFICIAL_SOURCES`` holds the publishers' addresses as known on
2026-11-29 (the OFAC advanced XML, EU FSF, UK and OpenSanctions ones as of 2026-12-03), and
callers may pass their own ``ListSource`` values instead. ``sdn_advanced.xml`` is the SDN list
again, in another form (about 120 MB): load it or the SDN CSVs, not both. OpenSanctions'
consolidated sanctions dataset holds the official lists' entries again (under its own ids,
CC BY-NC licence). Both are fetched only when asked for by name (``ListSource.by_default`` is
off); ``DEFAULT_SOURCES`` are the others.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overflight.errors import InputError, OverflightError

_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"
CHUNK_BYTES = 1 << 16


@dataclass(frozen=True, slots=True)
class ListSource:
    """Where one list file is published, and the file name it is saved under."""

    name: str
    url: str
    filename: str
    by_default: bool = True  # fetched when no source is named


OFFICIAL_SOURCES: tuple[ListSource, ...] = (
    ListSource("ofac-sdn", f"{_OFAC}/SDN.CSV", "sdn.csv"),
    ListSource("ofac-alt", f"{_OFAC}/ALT.CSV", "alt.csv"),
    ListSource("ofac-add", f"{_OFAC}/ADD.CSV", "add.csv"),
    ListSource(
        "un-sc",
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "UN_consolidated.xml",
    ),
    ListSource(
        "eu-fsf",
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content",
        "eu_fsf.xml",
    ),
    ListSource(
        "uk",
        "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        "UK-Sanctions-List.xml",
    ),
    ListSource("ofac-advanced", f"{_OFAC}/SDN_ADVANCED.XML", "sdn_advanced.xml", False),
    ListSource(
        "opensanctions",
        "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
        "entities.ftm.json",
        False,
    ),
)
DEFAULT_SOURCES = tuple(source for source in OFFICIAL_SOURCES if source.by_default)


class DownloadError(OverflightError):
    """A list file could not be downloaded; says which, from where, and why."""


def source_for(name: str, sources: Sequence[ListSource] = OFFICIAL_SOURCES) -> ListSource:
    """The source called ``name``.

    Raises:
        InputError: no source has that name.
    """
    for source in sources:
        if source.name == name:
            return source
    known = ", ".join(source.name for source in sources)
    raise InputError(name, f"no such list source (known: {known})")


def _check_length(source: ListSource, announced: str | None, received: int) -> None:
    """Refuse a body shorter (or longer) than the ``Content-Length`` the server announced.

    ``http.client`` returns a body cut off by a closed connection as if it were whole.
    """
    if announced is not None and announced.strip().isdigit() and int(announced) != received:
        raise DownloadError(
            f"{source.name}: download from {source.url} broke off: {received:,} of the "
            f"{int(announced):,} bytes announced"
        )


def download_list(source: ListSource, folder: Path, timeout_s: float = 60.0) -> Path:
    """Save ``source`` into ``folder`` and return the path; a partial download leaves no file.

    Raises:
        DownloadError: the server could not be reached, answered with an error, or the
            connection broke off.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.filename
    request = urllib.request.Request(source.url, headers={"User-Agent": "overflight"})
    handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{source.filename}.")
    try:
        with (
            os.fdopen(handle, "wb") as out,
            urllib.request.urlopen(request, timeout=timeout_s) as answer,
        ):
            received = 0
            while chunk := answer.read(CHUNK_BYTES):
                out.write(chunk)
                received += len(chunk)
            _check_length(source, answer.headers.get("Content-Length"), received)
        os.replace(partial, target)
    except urllib.error.HTTPError as err:
        err.close()  # the error answer's connection, which urllib leaves open
        raise DownloadError(
            f"{source.name}: {source.url} answered HTTP {err.code} {err.reason}"
        ) from err
    except urllib.error.URLError as err:
        raise DownloadError(f"{source.name}: cannot reach {source.url}: {err.reason}") from err
    except (OSError, ValueError, http.client.HTTPException) as err:
        raise DownloadError(f"{source.name}: download from {source.url} failed: {err}") from err
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target


__all__ = [
    "DEFAULT_SOURCES",
    "OFFICIAL_SOURCES",
    "DownloadError",
    "ListSource",
    "download_list",
    "source_for",
]
