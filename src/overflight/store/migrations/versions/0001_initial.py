"""Initial schema: ATS messages, flights, cases and their casework.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-29 06:03:24.917405
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import overflight.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(length=300), nullable=False),
        sa.Column("updated_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)

    op.create_table(
        "flights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aircraft_id", sa.String(length=16), nullable=False),
        sa.Column("departure", sa.String(length=8), nullable=False),
        sa.Column("destination", sa.String(length=8), nullable=False),
        sa.Column("dof", sa.Date(), nullable=True),
        sa.Column("eobt", overflight.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("plan_text", sa.Text(), nullable=False),
        sa.Column("created_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flights")),
    )
    with op.batch_alter_table("flights", schema=None) as batch_op:
        batch_op.create_index(
            "ix_flights_route", ["aircraft_id", "departure", "destination"], unique=False
        )

    op.create_table(
        "ats_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=3), nullable=False),
        sa.Column("aircraft_id", sa.String(length=16), nullable=False),
        sa.Column("departure", sa.String(length=8), nullable=False),
        sa.Column("destination", sa.String(length=8), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column(
            "parsed",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("flight_id", sa.Integer(), nullable=True),
        sa.Column("flight_status", sa.String(length=16), nullable=True),
        sa.Column(
            "changes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("link_note", sa.Text(), nullable=False),
        sa.Column("ingested_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["flight_id"], ["flights.id"], name=op.f("fk_ats_messages_flight_id_flights")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ats_messages")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_ats_messages_content_hash")),
    )
    with op.batch_alter_table("ats_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ats_messages_flight_id"), ["flight_id"], unique=False)
        batch_op.create_index(
            "ix_ats_messages_route", ["aircraft_id", "departure", "destination"], unique=False
        )

    op.create_table(
        "chokepoint_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_chokepoint_results_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chokepoint_results")),
    )
    with op.batch_alter_table("chokepoint_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chokepoint_results_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("telegram_ref", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_deadlines_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadlines_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadlines_due_on"), ["due_on"], unique=False)

    op.create_table(
        "engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("post", sa.String(length=100), nullable=False),
        sa.Column("demarche_on", sa.Date(), nullable=False),
        sa.Column("response", sa.String(length=24), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("telegram_ref", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_engagements_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagements")),
    )
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagements_case_id"), ["case_id"], unique=False)

    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("recorded_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_outcomes_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
    )
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcomes_case_id"), ["case_id"], unique=False)

    op.create_table(
        "telegrams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("serial", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("marking", sa.String(length=300), nullable=False),
        sa.Column("sent_at", overflight.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("stored_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_telegrams_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_telegrams")),
    )
    with op.batch_alter_table("telegrams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_telegrams_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_telegrams_serial"), ["serial"], unique=False)

    op.create_table(
        "timeline_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_timeline_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_events")),
    )
    with op.batch_alter_table("timeline_events", schema=None) as batch_op:
        batch_op.create_index("ix_timeline_events_case_at", ["case_id", "at"], unique=False)

    op.create_table(
        "transit_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("flight_id", sa.Integer(), nullable=True),
        sa.Column(
            "transits",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_transit_snapshots_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["flight_id"], ["flights.id"], name=op.f("fk_transit_snapshots_flight_id_flights")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transit_snapshots")),
    )
    with op.batch_alter_table("transit_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transit_snapshots_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_transit_snapshots_flight_id"), ["flight_id"], unique=False
        )

    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("flight_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column(
            "findings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_verdicts_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["flight_id"], ["flights.id"], name=op.f("fk_verdicts_flight_id_flights")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
    )
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdicts_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_verdicts_flight_id"), ["flight_id"], unique=False)

    op.create_table(
        "case_messages",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_messages_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["ats_messages.id"],
            name=op.f("fk_case_messages_message_id_ats_messages"),
        ),
        sa.PrimaryKeyConstraint("case_id", "message_id", name=op.f("pk_case_messages")),
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("case_messages")
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdicts_flight_id"))
        batch_op.drop_index(batch_op.f("ix_verdicts_case_id"))

    op.drop_table("verdicts")
    with op.batch_alter_table("transit_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transit_snapshots_flight_id"))
        batch_op.drop_index(batch_op.f("ix_transit_snapshots_case_id"))

    op.drop_table("transit_snapshots")
    with op.batch_alter_table("timeline_events", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_events_case_at")

    op.drop_table("timeline_events")
    with op.batch_alter_table("telegrams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegrams_serial"))
        batch_op.drop_index(batch_op.f("ix_telegrams_case_id"))

    op.drop_table("telegrams")
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcomes_case_id"))

    op.drop_table("outcomes")
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagements_case_id"))

    op.drop_table("engagements")
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadlines_due_on"))
        batch_op.drop_index(batch_op.f("ix_deadlines_case_id"))

    op.drop_table("deadlines")
    with op.batch_alter_table("chokepoint_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chokepoint_results_case_id"))

    op.drop_table("chokepoint_results")
    with op.batch_alter_table("ats_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_ats_messages_route")
        batch_op.drop_index(batch_op.f("ix_ats_messages_flight_id"))

    op.drop_table("ats_messages")
    with op.batch_alter_table("flights", schema=None) as batch_op:
        batch_op.drop_index("ix_flights_route")

    op.drop_table("flights")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_status"))

    op.drop_table("cases")
