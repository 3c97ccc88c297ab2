"""Telegram serials from the store: the next number per originator and year.

Revision ID: 0006
Revises: 0005_memory
Create Date: 2026-12-03 09:15:00.000000

Existing telegrams seed the counters, so a store that already holds ``STATE 000001`` of 2008
numbers its next 2008 telegram after the highest one kept.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005_memory"
branch_labels = None
depends_on = None

_SERIAL = re.compile(r"([A-Z]+) 0*(\d+)")


def upgrade() -> None:
    """Apply this revision."""
    serials = op.create_table(
        "telegram_serials",
        sa.Column("station", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station", "year"),
    )
    rows = op.get_bind().execute(sa.text("SELECT serial, sent_at, stored_at FROM telegrams"))
    highest: dict[tuple[str, int], int] = {}
    for serial, sent_at, stored_at in rows:
        match = _SERIAL.fullmatch(serial or "")
        when = sent_at or stored_at
        if match is None or when is None:
            continue
        year = when.year if hasattr(when, "year") else int(str(when)[:4])
        key = (match[1], year)
        highest[key] = max(highest.get(key, 0), int(match[2]))
    if highest:
        op.bulk_insert(
            serials,
            [
                {"station": station, "year": year, "next_number": number + 1}
                for (station, year), number in sorted(highest.items())
            ],
        )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("telegram_serials")
