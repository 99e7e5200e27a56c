"""project uuid: one random uuid per project in ``meta`` (key ``project_uuid``)

Revision ID: 0002_project_uuid
Revises: 0001_baseline
Create Date: 2026-12-02

REFI-QDA export needs GUIDs that stay the same from one export to the next. Rather than a GUID
column on transcripts, codings and coders, every GUID is ``uuid5`` of this project uuid and the
object's natural key (a transcript's ``source_key``, a coder's name, a coding's transcript,
span, code and coder), see ``workbench/interop/guids.py``. Two projects never share GUIDs; the
same project exports the same GUIDs every time. New projects get the row when created.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002_project_uuid"
down_revision = "0002_coder"
branch_labels = None
depends_on = None

KEY = "project_uuid"


def upgrade() -> None:
    conn = op.get_bind()
    have = conn.execute(sa.text("SELECT value FROM meta WHERE key = :k"), {"k": KEY}).scalar()
    if not have:
        conn.execute(sa.text("INSERT INTO meta (key, value) VALUES (:k, :v)"),
                     {"k": KEY, "v": str(uuid.uuid4()).upper()})


def downgrade() -> None:
    op.get_bind().execute(sa.text("DELETE FROM meta WHERE key = :k"), {"k": KEY})
