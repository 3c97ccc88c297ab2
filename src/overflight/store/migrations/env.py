"""Alembic environment: migrate the connection ``open_store`` hands over, or a URL from alembic.ini.

``alembic revision --autogenerate`` compares against ``overflight.store.schema.Base.metadata``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from overflight.store.location import database_url
from overflight.store.schema import Base

target_metadata = Base.metadata
config = context.config


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run on the given connection, or open one from ``sqlalchemy.url`` / the default store."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or database_url()
    engine = create_engine(url)
    with engine.begin() as opened:
        _run(opened)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
