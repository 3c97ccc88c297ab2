"""The store's revision raised once a transaction on PostgreSQL, however many rows it writes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 22:00:00.000000

0012's deferred row triggers each updated the counter at the commit: a transaction writing N
rows of the views' tables made N new versions of that one row. Now the first of them marks the
transaction (a setting local to it, gone at its end, undone with a savepoint rolled back) and
the others find it marked: one update a transaction. Kept answers only need the counter to
move when the tables change, not by how much. SQLite's row triggers are left as they are (an
update of one row in a page the transaction already holds).
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_BUMP = "UPDATE store_revision SET revision = revision + 1 WHERE id = 1"
_MARK = "overflight.store_revision_raised"


def upgrade() -> None:
    """Apply this revision."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION bump_store_revision() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN IF current_setting('{_MARK}', true) IS DISTINCT FROM 'yes' THEN "
            f"PERFORM set_config('{_MARK}', 'yes', true); {_BUMP}; END IF; RETURN NULL; END $$"
        )


def downgrade() -> None:
    """Undo this revision."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION bump_store_revision() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {_BUMP}; RETURN NULL; END $$"
        )
