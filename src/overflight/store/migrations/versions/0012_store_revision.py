"""The store's revision: a counter every write to what the case view and board read bumps.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 18:00:00.000000

One row (``id`` 1) in ``store_revision``; triggers on each table the case view and the board
read add one to it after every row inserted, updated or deleted, in the writer's own
transaction (on PostgreSQL at its commit, and after a truncate too). A worker's kept answers
(``web.kept_answers``) are keyed by it, so no write path, present or future, can leave them
stale. The tables written on every request (the audit log, logins, login failures, jobs) have
none. ``tests/web/test_kept_answers.py`` checks that every table the views read has them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

VIEW_TABLES = ("cases", "deadlines", "engagements", "telegrams", "timeline_events", "verdicts")
_BUMP = "UPDATE store_revision SET revision = revision + 1 WHERE id = 1"
_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "store_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_revision")),
    )
    op.execute("INSERT INTO store_revision (id, revision) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_store_revision() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for table in VIEW_TABLES:
            # Deferred to the commit, after every row lock the transaction takes: two writers
            # of the same case then never hold the counter and wait for each other's rows.
            op.execute(
                f"CREATE CONSTRAINT TRIGGER store_revision_{table} "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED "
                "FOR EACH ROW EXECUTE FUNCTION bump_store_revision()"
            )
            op.execute(
                f"CREATE TRIGGER store_revision_{table}_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_store_revision()"
            )
        return
    for table in VIEW_TABLES:  # SQLite has row triggers only
        for event in _EVENTS:
            op.execute(
                f"CREATE TRIGGER store_revision_{table}_{event} AFTER {event.upper()} ON {table} "
                f"BEGIN {_BUMP}; END"
            )


def downgrade() -> None:
    """Undo this revision."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in VIEW_TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER store_revision_{table}_truncate ON {table}")
            op.execute(f"DROP TRIGGER store_revision_{table} ON {table}")
            continue
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER store_revision_{table}_{event}")
    if postgresql:
        op.execute("DROP FUNCTION bump_store_revision()")
    op.drop_table("store_revision")
