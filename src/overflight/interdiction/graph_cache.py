"""Route graphs kept on disk between runs, keyed by everything that shapes them.

Building a flight's :class:`SkyGraph` costs seconds (every edge's states are found with the
transits machinery); searching it costs a fraction of that. So a graph, once built, is kept in a
folder of the user's cache (``$OVERFLIGHT_CACHE_DIR``, else ``$XDG_CACHE_HOME/overflight``, else
``~/.cache/overflight``; under it ``graphs/``) and read back by any later run, the CLI's or the
web's, that asks for the same graph.

The key is the text of every input: the two aerodromes as values, the leg range, the corridor
settings, the candidate stops asked for, the airspace file's digest, airportsdata's version,
overflight's version and a digest of the source of every module that shapes a graph. Any
change makes a new key, so a stale graph is never found; a file that cannot be read, fails a
check or was built for another key is rebuilt and replaced (``sky_graph_file``). Files are
written whole to a temporary name and renamed into place, so a reader never sees half a file,
and the least recently used beyond ``MAX_KEPT`` are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import airportsdata

from overflight import __version__
from overflight.geo import CACHE_ENV, cache_folder
from overflight.interdiction.sky_graph import SkyGraph
from overflight.interdiction.sky_graph_file import GraphFileError, read_sky_graph, write_sky_graph

__all__ = [
    "CACHE_ENV",
    "MAX_KEPT",
    "GraphCache",
    "cache_folder",
    "default_graph_cache",
    "graph_key",
]

MAX_KEPT = 128
"""Graphs kept at most (about 1 MB each for a long-haul flight)."""
GRAPH_FORMAT = 1
"""Raised when the file's layout changes."""
_SHAPING_MODULES = (
    "overflight.interdiction.sky_graph",
    "overflight.interdiction.sky_graph_file",
    "overflight.interdiction.aerodrome_choice",
    "overflight.geo.transits",
    "overflight.geo.airspace",
    "overflight.geo.routes",
    "overflight.geo.aerodromes",
    "overflight.geo.states",
    "overflight.model.geo",
)
_log = logging.getLogger(__name__)


def default_graph_cache() -> GraphCache:
    """The route-graph cache in the user's cache folder, as the environment says now."""
    return GraphCache(cache_folder() / "graphs")


def graph_key(inputs: Mapping[str, object]) -> str:
    """The key of a graph built from ``inputs`` (JSON values), with the versions that shape it."""
    return json.dumps(
        {
            "format": GRAPH_FORMAT,
            "overflight": __version__,
            "code": _code_digest(),
            "airportsdata": airportsdata.__version__,
            **inputs,
        },
        sort_keys=True,
        separators=(",", ":"),
    )


@cache
def _code_digest() -> str:
    """A digest of the source of every module that shapes a graph."""
    digest = hashlib.blake2b(digest_size=16)
    for name in _SHAPING_MODULES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        digest.update(name.encode())
        if origin and os.path.exists(origin):
            digest.update(Path(origin).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class GraphCache:
    """A folder of route graphs, one file per key."""

    folder: Path

    def path_for(self, key: str) -> Path:
        """Where the graph of ``key`` is kept."""
        name = hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.folder / f"sky-graph-{name}.npz"

    def load(self, key: str) -> SkyGraph | None:
        """The kept graph of ``key``, or ``None`` if there is none or it fails a check."""
        path = self.path_for(key)
        if not path.is_file():
            return None
        try:
            graph = read_sky_graph(path, key)
        except GraphFileError as err:
            _log.warning("route graph not reused, rebuilding: %s", err)
            return None
        with contextlib.suppress(OSError):  # marks it used, for pruning the least recently used
            os.utime(path)
        return graph

    def save(self, key: str, graph: SkyGraph) -> Path | None:
        """Keep ``graph`` under ``key``; ``None`` if the folder cannot be written (not an error).

        The file is written to a temporary name in the same folder and renamed into place.
        """
        path = self.path_for(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-", suffix=".npz")
        except OSError as err:
            _log.warning("route graph not kept: %s: %s", self.folder, err)
            return None
        try:
            with os.fdopen(handle, "wb") as sink:
                write_sky_graph(sink, graph, key)
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(temporary, path)
        except OSError as err:
            _log.warning("route graph not kept: %s: %s", path, err)
            Path(temporary).unlink(missing_ok=True)
            return None
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._prune()
        return path

    def _prune(self) -> None:
        """Remove the least recently used graphs beyond ``MAX_KEPT``."""
        try:
            kept = sorted(
                self.folder.glob("sky-graph-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True
            )
            for stale in kept[MAX_KEPT:]:
                stale.unlink(missing_ok=True)
        except OSError as err:  # another process pruned at the same time
            _log.info("route graph cache not pruned: %s", err)
