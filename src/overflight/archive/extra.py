"""The ``scale`` extra: pyarrow, pandas and Dask, imported only where an archive is used.

The demo and every other command run without them; a command that needs them says how to
install them instead of failing on an import.
"""

from __future__ import annotations

import importlib

from overflight.errors import InputError

__all__ = ["INSTALL_HINT", "require_scale"]

INSTALL_HINT = "pip install 'overflight[scale]'  (dask[distributed], pyarrow, pandas)"

_NEEDED = {
    "archive": ("pyarrow", "pandas"),
    "engine": ("pyarrow", "pandas", "dask", "distributed"),
}


def require_scale(what: str, part: str = "archive") -> None:
    """Raise an ``InputError`` naming ``what`` unless the packages ``part`` needs are installed.

    Args:
        what: the command or option that needs them (named in the message).
        part: ``archive`` (parquet files: pyarrow, pandas) or ``engine`` (with Dask).

    Raises:
        InputError: a package is missing; the message says how to install it.
    """
    missing = [name for name in _NEEDED[part] if not _importable(name)]
    if missing:
        raise InputError(
            what, f"needs {', '.join(missing)}, which are not installed: {INSTALL_HINT}"
        )


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True
