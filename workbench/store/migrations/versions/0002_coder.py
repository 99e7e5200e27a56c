"""coder: coders as people (name, role coder|supervisor, created_at)

Revision ID: 0002_coder
Revises: 0001_baseline
Create Date: 2026-12-02

Every name already found in ``coding`` or ``seen`` (except the reserved ``model`` and
``consensus``, and blank names) is registered with role ``coder``, so existing projects keep
working; a supervisor is added with ``workbench coder add NAME --role supervisor``.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002_coder"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

RESERVED = ("model", "consensus")  # frozen here: a migration must not change when the code does


def upgrade() -> None:
    coder = op.create_table(
        "coder",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    conn = op.get_bind()
    names = set()
    for table in ("coding", "seen"):
        names |= {r[0] for r in conn.execute(sa.text(f"SELECT DISTINCT coder FROM {table}"))}
    keep = sorted(n for n in names if n and n.strip() and n.strip().casefold() not in RESERVED)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    if keep:
        op.bulk_insert(coder, [{"name": n, "role": "coder", "created_at": now} for n in keep])


def downgrade() -> None:
    op.drop_table("coder")
