"""The register of what each case is about: ``case_traits``.

Revision ID: 0005_memory
Revises: 0007
Create Date: 2026-12-03 09:15:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from overflight.store.types import UtcDateTime

revision = "0005_memory"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "case_traits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_traits_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_traits")),
    )
    op.create_index(op.f("ix_case_traits_case_id"), "case_traits", ["case_id"])
    op.create_index("ix_case_traits_kind_key", "case_traits", ["kind", "key"])


def downgrade() -> None:
    """Undo this revision."""
    op.drop_index("ix_case_traits_kind_key", table_name="case_traits")
    op.drop_index(op.f("ix_case_traits_case_id"), table_name="case_traits")
    op.drop_table("case_traits")
