"""Opening the store: engine, migrations to head, sessions and per-unit transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from overflight.errors import InputError
from overflight.store.location import database_url

try:
    import fcntl
except ImportError:  # Windows: no flock, the writers wait in SQLite's busy handler
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MIGRATIONS",
    "Session",
    "Store",
    "check_database_url",
    "migrate",
    "open_store",
    "savepoint",
]

MIGRATIONS = Path(__file__).with_name("migrations")
_IMMEDIATE = "overflight_begin_immediate"  # execution option: see Store.session(writing=True)
# How long a SQLite connection waits for another's write lock before "database is locked".
_SQLITE_BUSY_SECONDS = 30.0
# Connections kept open, and opened beyond those at a busy moment: enough for a web worker's
# request threads (``web.app.REQUEST_THREADS``), the requests whose transactions are ending, its
# audit writer, login lookup and jobs, so that a request neither waits for a connection nor
# opens and closes one (SQLAlchemy's 5 + 10 did, under 40 threads).
_POOL = {"pool_size": 20, "max_overflow": 20}


@dataclass(frozen=True, slots=True)
class Store:
    """An opened store: its URL, engine and a session factory.

    Use ``with store.session() as session, session.begin(): ...`` for one unit of work.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    created: bool = False  # this opening made the store (a new file or an empty database)

    def session(self, *, writing: bool = False) -> Session:
        """A new session bound to the store (use it as a context manager).

        ``writing``: the unit reads, then writes. On SQLite its transactions take the write
        lock when they begin (``BEGIN IMMEDIATE``), waiting their turn: a deferred transaction
        that reads first fails at once ("database is locked") when another connection wrote
        since its read began. Other backends ignore it.
        """
        if writing:
            return self.sessions(bind=self.engine.execution_options(**{_IMMEDIATE: True}))
        return self.sessions()

    @contextmanager
    def writers_turn(self) -> Iterator[None]:
        """Wait for this store's writers' turn, across processes, and hold it for the block.

        On a SQLite file: an exclusive ``flock`` on ``<database>-writers.lock`` beside it. Two
        processes that write without pause (each web worker's audit writer) would otherwise
        wait for SQLite's write lock in its busy handler, which sleeps and polls (1 ms, then
        up to 100 ms a try): one can starve the other for seconds, while a lock held here is
        handed over the moment it is released. Elsewhere (PostgreSQL, an in-memory SQLite, no
        ``fcntl``, a lock file that cannot be opened) it holds nothing.
        """
        lock = _writers_lock(self.engine)
        if lock is None:
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released as the file closes
            yield

    @property
    def shown_url(self) -> str:
        """The URL as it may be shown: its password hidden."""
        return _shown(self.url)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _sqlite_engine(url: str, *, on_disk: bool) -> Engine:
    pool = _POOL if on_disk else {}  # in memory: one connection per thread, no pool to size
    engine = create_engine(url, connect_args={"timeout": _SQLITE_BUSY_SECONDS}, **pool)

    # The sqlite3 driver of Python < 3.12 does not BEGIN before SAVEPOINT or DDL; SQLAlchemy
    # takes over transaction control so that savepoints roll back with their transaction.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":  # each statement is its own unit
            return
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_IMMEDIATE) else "BEGIN")

    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the packaged Alembic migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_store(
    target: str | Path | None = None, *, upgrade: bool = True, create: bool = True
) -> Store:
    """Open the store at ``target`` and migrate it to the latest schema.

    Args:
        target: a SQLAlchemy URL (``postgresql+psycopg://user@host/db``), a SQLite file path, or
            ``None`` for ``$OVERFLIGHT_DB`` or the default file (see ``database_url``).
        upgrade: run ``alembic upgrade head`` first (on by default).
        create: make the store where there is none (a new SQLite file, or the schema in an
            empty database); ``Store.created`` says whether it did. Commands that only read
            pass ``False``, so a mistyped ``--db`` is refused rather than answered by an empty
            store.

    Raises:
        InputError: the URL does not parse or names a backend other than SQLite and PostgreSQL,
            the database cannot be reached or opened, or there is no store and ``create`` is
            off (the message says which store, without its password).
    """
    url = database_url(target)
    check_database_url(url)
    shown = _shown(url)
    try:
        sqlite = url.startswith("sqlite")
        path = make_url(url).database if sqlite else None
        on_disk = bool(path) and path != ":memory:"
        if on_disk and not Path(str(path)).exists():
            if not create:
                raise InputError("database", f"no store at {shown}{_MAKE_ONE}")
            Path(str(path)).parent.mkdir(parents=True, exist_ok=True)
        engine = _sqlite_engine(url, on_disk=on_disk) if sqlite else create_engine(url, **_POOL)
        created = not _has_schema(engine)
        if created and not create:
            engine.dispose()
            raise InputError("database", f"no store in {shown} (no overflight tables){_MAKE_ONE}")
        if upgrade:
            migrate(engine)
    except (ArgumentError, NoSuchModuleError, DatabaseError, OSError) as err:
        raise InputError("database", f"cannot open the store {shown}: {_reason(err)}") from None
    except ModuleNotFoundError as err:  # the URL's driver (``import psycopg``) is not installed
        if sqlite:
            raise
        raise InputError("database", f"cannot open the store {shown}: {_no_driver(err)}") from None
    return Store(url, engine, sessionmaker(engine, expire_on_commit=False), created=created)


_MAKE_ONE = "; `overflight run` or `overflight serve` makes one (is --db mistyped?)"
_BACKENDS = ("sqlite", "postgresql")


def check_database_url(url: str) -> None:
    """Refuse, before connecting, a URL that does not parse or names an unsupported backend.

    Raises:
        InputError: not a URL SQLAlchemy reads, or a backend other than SQLite or PostgreSQL.
    """
    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):
        why = "neither a file path nor a URL like postgresql://user@host/db"
        raise InputError("database", f"cannot open the store {url!r}: {why}") from None
    if backend not in _BACKENDS:
        why = f"{backend!r} is not supported; give a SQLite file path or a PostgreSQL URL"
        raise InputError("database", f"cannot open the store {_shown(url)}: {why}")


POSTGRES_EXTRA = "pip install 'overflight[postgres]'"
"""What installs the PostgreSQL driver (psycopg 3), an extra: SQLite needs none."""


def _no_driver(err: ModuleNotFoundError) -> str:
    """Why a PostgreSQL URL cannot be opened when its driver module is not installed."""
    missing = (err.name or "").split(".")[0]
    if missing == "psycopg":
        return f"PostgreSQL needs the psycopg driver, which is not installed: {POSTGRES_EXTRA}"
    return (
        f"its driver {missing!r} is not installed; overflight's PostgreSQL driver is psycopg "
        f"({POSTGRES_EXTRA}), used for a postgresql://user@host/db URL"
    )


def _has_schema(engine: Engine) -> bool:
    """Whether the database holds overflight's migration table (a store made before)."""
    with engine.connect() as connection:
        return inspect(connection).has_table("alembic_version")


def _writers_lock(engine: Engine) -> IO[bytes] | None:
    """The opened lock file of a SQLite file store's writers (``Store.writers_turn``)."""
    database = engine.url.database
    if fcntl is None or engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    try:
        return open(f"{database}-writers.lock", "ab")
    except OSError:
        return None


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return repr(url)


def _reason(err: Exception) -> str:
    """The first line of what the driver said (SQLAlchemy adds a background link)."""
    cause = getattr(err, "orig", None) or err
    if isinstance(cause, OSError) and cause.strerror:
        return f"{cause.strerror}: {cause.filename}"
    text = str(cause).strip().splitlines()
    return text[0] if text else type(cause).__name__


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """Run a block in a nested transaction: on any exception its writes are undone, then re-raised.

    The enclosing transaction stays usable, so what was written before the block survives.
    """
    with session.begin_nested():
        yield


def use_write_ahead_log(engine: Engine) -> bool:
    """Put a SQLite file in WAL mode, so readers never block the writer (the web's audit rows).

    Persistent for the file; a no-op on other backends and on in-memory SQLite. Returns whether
    the file is now in WAL mode.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return False
    # On the driver connection: the store's engine opens a transaction on every SQLAlchemy
    # connection, and SQLite refuses to change the journal inside one.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()
        cursor.close()
    finally:
        connection.close()
    return bool(mode) and str(mode[0]).lower() == "wal"
