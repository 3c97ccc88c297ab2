"""Official list files downloaded, read in full, and stored as one list version."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from overflight.services.lists import ListFileBody
from overflight.watchlist import ListSource, download_list

__all__ = ["download_list_files"]


def download_list_files(
    sources: Sequence[ListSource], folder: Path, timeout_s: float
) -> tuple[ListFileBody, ...]:
    """Download every source into ``folder``; each file's bytes with the URL it came from.

    Nothing is stored here: ``import_list_version`` reads the files in full (every record, so a
    file cut short or corrupted is refused) before it stores them as one version.

    Raises:
        DownloadError: a source could not be downloaded (the server could not be reached,
            answered with an error, or the body ended before its announced length).
    """
    bodies = []
    for source in sources:
        path = download_list(source, folder, timeout_s)
        bodies.append(ListFileBody(path.name, path.read_bytes(), source.url))
    return tuple(bodies)
