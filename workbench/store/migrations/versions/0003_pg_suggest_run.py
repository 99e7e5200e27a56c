"""suggest runs: every `suggest` (and review relearn) run has an id; model codings name their run

Revision ID: 0003_pg_suggest_run
Revises: 0002_transcript_uid_headers
Create Date: 2026-12-07

A run starts (``started_at``, the database server's time) before it reads the decisions it learns
from, and writes its suggestions in short transactions. A model suggestion whose (segment, code)
a person decided on after the run started is not replaced or removed by that run (``kept``);
review queues compare ``coding.run_id`` to see that a suggestion they hold was superseded.
Existing model codings keep ``run_id`` NULL (from before runs had ids).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_pg_suggest_run"
down_revision = "0002_transcript_uid_headers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("suggestions", sa.Integer(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coding") as batch:
        batch.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_coding_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coding") as batch:
        batch.drop_index(batch.f("ix_coding_run_id"))
        batch.drop_column("run_id")
    op.drop_table("suggest_run")
