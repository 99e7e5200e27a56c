"""transcript.uid (stable id for the key file) and transcript.headers (transcription-service header)

Revision ID: 0002_transcript_uid_headers
Revises: 0001_baseline
Create Date: 2026-12-02

Existing transcripts get a random uid each. A key file written before this revision filed its
entries under display names; workbench refuses it as "not a key file of this project" rather
than guessing.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002_transcript_uid_headers"
down_revision = "0002_memos"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("transcript") as batch:
        batch.add_column(sa.Column("uid", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("headers", sa.JSON(), nullable=True))
    conn = op.get_bind()
    for (tid,) in conn.execute(sa.text("SELECT id FROM transcript")).fetchall():
        conn.execute(sa.text("UPDATE transcript SET uid = :u WHERE id = :i"), {"u": uuid.uuid4().hex, "i": tid})
    with op.batch_alter_table("transcript") as batch:
        batch.alter_column("uid", existing_type=sa.String(length=32), nullable=False)
        batch.create_index(batch.f("ix_transcript_uid"), ["uid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("transcript") as batch:
        batch.drop_index(batch.f("ix_transcript_uid"))
        batch.drop_column("headers")
        batch.drop_column("uid")
