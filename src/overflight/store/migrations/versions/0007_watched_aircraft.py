"""Where each watched aircraft was last seen, per concern: the web's live map.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-03 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from overflight.store.types import UtcDateTime

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "watched_aircraft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("icao24", sa.String(length=6), nullable=False),
        sa.Column("concern", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("marking", sa.String(length=300), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("callsign", sa.String(length=16), nullable=False),
        sa.Column("registration", sa.String(length=16), nullable=False),
        sa.Column("at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("altitude_ft", sa.Float(), nullable=True),
        sa.Column("ground_speed_kt", sa.Float(), nullable=True),
        sa.Column("track_deg", sa.Float(), nullable=True),
        sa.Column("on_ground", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column(
            "trail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_watched_aircraft_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watched_aircraft")),
    )
    op.create_index("ix_watched_aircraft_seq", "watched_aircraft", ["seq"])
    op.create_index(
        "ix_watched_aircraft_icao24_concern", "watched_aircraft", ["icao24", "concern"], unique=True
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_index("ix_watched_aircraft_icao24_concern", table_name="watched_aircraft")
    op.drop_index("ix_watched_aircraft_seq", table_name="watched_aircraft")
    op.drop_table("watched_aircraft")
