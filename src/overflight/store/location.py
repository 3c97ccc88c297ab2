"""Where the store lives: a SQLite file by default, any SQLAlchemy URL on request.

Order of precedence: the ``target`` argument (URL or file path), then ``$OVERFLIGHT_DB`` (a URL),
then ``$OVERFLIGHT_HOME/overflight.db``, then ``~/.local/share/overflight/overflight.db``
(``$XDG_DATA_HOME/overflight/overflight.db`` when that is set).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DB_FILE_NAME", "database_url", "default_database_path"]

DB_FILE_NAME = "overflight.db"


def default_database_path(environ: Mapping[str, str] | None = None) -> Path:
    """The SQLite file used when nothing else is given."""
    env = os.environ if environ is None else environ
    if env.get("OVERFLIGHT_HOME"):
        return Path(env["OVERFLIGHT_HOME"]).expanduser() / DB_FILE_NAME
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "overflight" / DB_FILE_NAME


def database_url(target: str | Path | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The SQLAlchemy URL for ``target``: a URL as is, a path as a SQLite file URL.

    ``postgresql://`` is given the psycopg 3 driver (``postgresql+psycopg://``), the one installed.

    Examples:
        >>> database_url("/tmp/x.db")
        'sqlite:////tmp/x.db'
        >>> database_url("postgresql://postgres@127.0.0.1/test")
        'postgresql+psycopg://postgres@127.0.0.1/test'
    """
    env = os.environ if environ is None else environ
    if target is None:
        target = env.get("OVERFLIGHT_DB") or default_database_path(env)
    if isinstance(target, str) and "://" in target:
        if target.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + target.split("://", 1)[1]
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"
