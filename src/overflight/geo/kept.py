"""The user's cache folder, where derived files are kept between runs (never needed: rebuilt)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_folder"]

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
