"""Permit requests as received, linked to their flight and case.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import overflight.store.types

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "permit_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("callsign", sa.String(length=16), nullable=False),
        sa.Column("registration", sa.String(length=16), nullable=False),
        sa.Column("operator", sa.String(length=200), nullable=False),
        sa.Column("departure", sa.String(length=8), nullable=False),
        sa.Column("destination", sa.String(length=8), nullable=False),
        sa.Column("dof", sa.Date(), nullable=True),
        sa.Column(
            "requested_states",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("flight_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("received_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("classification", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_permit_requests_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["flight_id"], ["flights.id"], name=op.f("fk_permit_requests_flight_id_flights")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_requests")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_permit_requests_content_hash")),
    )
    with op.batch_alter_table("permit_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_permit_requests_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_permit_requests_flight_id"), ["flight_id"], unique=False
        )
        batch_op.create_index("ix_permit_requests_callsign", ["callsign", "dof"], unique=False)
        batch_op.create_index("ix_permit_requests_registration", ["registration"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("permit_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_permit_requests_registration")
        batch_op.drop_index("ix_permit_requests_callsign")
        batch_op.drop_index(batch_op.f("ix_permit_requests_flight_id"))
        batch_op.drop_index(batch_op.f("ix_permit_requests_case_id"))
    op.drop_table("permit_requests")
