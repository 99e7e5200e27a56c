"""memos: one memo per segment, code or transcript and author

Revision ID: 0002_memos
Revises: 0001_baseline
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_memos"
down_revision = "0002_project_uuid"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('memo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('target', sa.String(length=80), nullable=False),
        sa.Column('author', sa.String(length=80), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'target', 'author')
    )
    op.create_index(op.f('ix_memo_author'), 'memo', ['author'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_memo_author'), table_name='memo')
    op.drop_table('memo')
