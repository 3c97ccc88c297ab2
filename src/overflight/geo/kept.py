"""The user's cache folder, where derived files are kept between runs (never needed: rebuilt)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_folder", "remove_other_versions"]

CACHE_ENV = "OVERFLIGHT_CACHE_DIR"


def cache_folder() -> Path:
    """``$OVERFLIGHT_CACHE_DIR``, else ``$XDG_CACHE_HOME/overflight``, else ``~/.cache/overflight``.

    Not created here.
    """
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "overflight"


_VERSION = re.compile(r"[0-9a-f]{32}-\S+")  # a version's folder: its source's digest, then more


def remove_other_versions(kept: Path) -> None:
    """Remove the folders beside ``kept`` that hold other versions of its cache.

    Only folders named as the cache names versions (``<32 hex digits>-…``, the digest of the
    file they were derived from first) are removed: never ``kept``, files, links or folders
    of other names. What cannot be removed (in use, no permission) is left for the next time.
    """
    try:
        beside = list(kept.parent.iterdir())
    except OSError:
        return
    for path in beside:
        other = path.name != kept.name and _VERSION.fullmatch(path.name)
        if other and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
