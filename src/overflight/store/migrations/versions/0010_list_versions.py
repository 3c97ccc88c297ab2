"""List versions: the list files imported together, screened as one.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:00:00.000000

Each list file stored before becomes a version of its own (same id, who, when and count), so
the newest stored list stays the one screened against. Files gain their size and the URL they
were fetched from ("" for those imported).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import overflight.store.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entities", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.Column("imported_at", overflight.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_versions")),
    )
    op.execute(
        "INSERT INTO list_versions (id, entities, imported_by, imported_at) "
        "SELECT id, entities, imported_by, imported_at FROM list_files"
    )
    if op.get_bind().dialect.name == "postgresql":  # ids were given: move the sequence past them
        op.execute(
            "SELECT setval(pg_get_serial_sequence('list_versions', 'id'), "
            "COALESCE((SELECT MAX(id) FROM list_versions), 0) + 1, false)"
        )
    with op.batch_alter_table("list_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("size_bytes", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("source_url", sa.String(length=1000), nullable=False, server_default="")
        )
    op.execute("UPDATE list_files SET version_id = id, size_bytes = LENGTH(content)")
    with op.batch_alter_table("list_files", schema=None) as batch_op:
        batch_op.alter_column("version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("size_bytes", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "source_url", existing_type=sa.String(length=1000), server_default=None
        )
        batch_op.create_index(batch_op.f("ix_list_files_version_id"), ["version_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_list_files_version_id_list_versions"),
            "list_versions",
            ["version_id"],
            ["id"],
        )


def downgrade() -> None:
    """Undo this revision (the files of a version become separate imports)."""
    with op.batch_alter_table("list_files", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_list_files_version_id_list_versions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_list_files_version_id"))
        batch_op.drop_column("source_url")
        batch_op.drop_column("size_bytes")
        batch_op.drop_column("version_id")
    op.drop_table("list_versions")
