"""codebook headlines out of the codebook: kept in ``meta`` as unverified heading suggestions

Revision ID: 0003_rep_headlines
Revises: 0002_transcript_uid_headers
Create Date: 2026-12-03

A code's ``headline`` was a finding written before any data was coded, printed as a report
heading whatever the data said. It is no longer part of the codebook format: a heading is the
theme's label unless the analyst writes one in ``report.toml`` (``[headings]``). This revision
removes ``headline`` from every stored code and keeps the values, per code id, in
``meta.legacy_headlines`` (JSON); ``workbench report --init-config`` writes them into a new
``report.toml`` as commented suggestions marked as unverified. No table changes.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003_rep_headlines"
down_revision = "0003_pg_suggest_run"
branch_labels = None
depends_on = None

KEY = "legacy_headlines"


def upgrade() -> None:
    conn = op.get_bind()
    found: dict[str, str] = {}
    rows = conn.execute(sa.text("SELECT id, code_id, data FROM code")).all()
    for row_id, code_id, data in rows:
        value = json.loads(data) if isinstance(data, str) else dict(data or {})
        if "headline" not in value:
            continue
        headline = value.pop("headline")
        if headline:
            found[code_id] = str(headline)
        conn.execute(sa.text("UPDATE code SET data = :d WHERE id = :i"), {"d": json.dumps(value), "i": row_id})
    if not found:
        return
    have = conn.execute(sa.text("SELECT value FROM meta WHERE key = :k"), {"k": KEY}).scalar()
    merged = {**(json.loads(have) if have else {}), **found}
    if have is None:
        conn.execute(sa.text("INSERT INTO meta (key, value) VALUES (:k, :v)"),
                     {"k": KEY, "v": json.dumps(merged, ensure_ascii=False)})
    else:
        conn.execute(sa.text("UPDATE meta SET value = :v WHERE key = :k"),
                     {"k": KEY, "v": json.dumps(merged, ensure_ascii=False)})


def downgrade() -> None:
    conn = op.get_bind()
    have = conn.execute(sa.text("SELECT value FROM meta WHERE key = :k"), {"k": KEY}).scalar()
    if not have:
        return
    saved = json.loads(have)
    for row_id, code_id, data in conn.execute(sa.text("SELECT id, code_id, data FROM code")).all():
        if code_id in saved:
            value = json.loads(data) if isinstance(data, str) else dict(data or {})
            value["headline"] = saved[code_id]
            conn.execute(sa.text("UPDATE code SET data = :d WHERE id = :i"), {"d": json.dumps(value), "i": row_id})
    conn.execute(sa.text("DELETE FROM meta WHERE key = :k"), {"k": KEY})
