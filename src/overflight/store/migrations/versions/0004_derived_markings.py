"""Markings on what is derived from a portion: deadlines, timeline events, audit rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 16:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TABLES = ("deadlines", "timeline_events", "audit_log")


def upgrade() -> None:
    """Apply this revision."""
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("classification", sa.String(length=300), nullable=True))
    # Admins read the audit log by the markings they may see: one lookup per marking.
    op.create_index("ix_audit_log_classification", "audit_log", ["classification"])


def downgrade() -> None:
    """Undo this revision."""
    op.drop_index("ix_audit_log_classification", table_name="audit_log")
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("classification")
