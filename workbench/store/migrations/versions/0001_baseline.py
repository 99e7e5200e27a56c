"""baseline: the schema of workbench 0.1 (meta.schema_version = 1)

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-02

A project made before Alembic (``meta.schema_version`` = 1, no ``alembic_version``) has exactly
this schema and is stamped with this revision when opened.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('codebook',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('version', sa.String(length=40), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name')
    )
    op.create_table('embedding',
        sa.Column('model', sa.String(length=120), nullable=False),
        sa.Column('text_hash', sa.String(length=40), nullable=False),
        sa.Column('dim', sa.Integer(), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('model', 'text_hash')
    )
    op.create_table('event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('segment_id', sa.Integer(), nullable=True),
        sa.Column('code_id', sa.String(length=80), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_event_action'), 'event', ['action'], unique=False)
    op.create_index(op.f('ix_event_at'), 'event', ['at'], unique=False)
    op.create_table('meta',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key')
    )
    op.create_table('respondent',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('type', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_respondent_type'), 'respondent', ['type'], unique=False)
    op.create_table('transcript',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('source_key', sa.String(length=64), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('format', sa.String(length=10), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('respondent_type', sa.String(length=40), nullable=True),
        sa.Column('wave', sa.String(length=20), nullable=True),
        sa.Column('date', sa.String(length=20), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('tags_replaced', sa.Integer(), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('source_key')
    )
    op.create_index(op.f('ix_transcript_sha256'), 'transcript', ['sha256'], unique=False)
    op.create_table('code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('codebook_id', sa.Integer(), nullable=False),
        sa.Column('code_id', sa.String(length=80), nullable=False),
        sa.Column('guid', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['codebook_id'], ['codebook.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('codebook_id', 'code_id')
    )
    op.create_index(op.f('ix_code_code_id'), 'code', ['code_id'], unique=False)
    op.create_index(op.f('ix_code_codebook_id'), 'code', ['codebook_id'], unique=False)
    op.create_table('respondent_attribute',
        sa.Column('respondent_id', sa.String(length=64), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], ),
        sa.PrimaryKeyConstraint('respondent_id', 'key')
    )
    op.create_table('speaker_turn',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('transcript_id', sa.Integer(), nullable=False),
        sa.Column('idx', sa.Integer(), nullable=False),
        sa.Column('speaker', sa.String(length=120), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('respondent_id', sa.String(length=64), nullable=True),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('timestamp', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], ),
        sa.ForeignKeyConstraint(['transcript_id'], ['transcript.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_speaker_turn_transcript_id'), 'speaker_turn', ['transcript_id'], unique=False)
    op.create_table('segment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('transcript_id', sa.Integer(), nullable=False),
        sa.Column('turn_id', sa.Integer(), nullable=False),
        sa.Column('idx', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('speaker', sa.String(length=120), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('respondent_id', sa.String(length=64), nullable=True),
        sa.Column('codable', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], ),
        sa.ForeignKeyConstraint(['transcript_id'], ['transcript.id'], ),
        sa.ForeignKeyConstraint(['turn_id'], ['speaker_turn.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_segment_transcript_id'), 'segment', ['transcript_id'], unique=False)
    op.create_index(op.f('ix_segment_turn_id'), 'segment', ['turn_id'], unique=False)
    op.create_table('coding',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('segment_id', sa.Integer(), nullable=False),
        sa.Column('code_id', sa.String(length=80), nullable=False),
        sa.Column('coder', sa.String(length=80), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('rationale', sa.Text(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('span_start', sa.Integer(), nullable=True),
        sa.Column('span_end', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['segment_id'], ['segment.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('segment_id', 'code_id', 'coder')
    )
    op.create_index(op.f('ix_coding_code_id'), 'coding', ['code_id'], unique=False)
    op.create_index(op.f('ix_coding_coder'), 'coding', ['coder'], unique=False)
    op.create_index(op.f('ix_coding_segment_id'), 'coding', ['segment_id'], unique=False)
    op.create_table('seen',
        sa.Column('segment_id', sa.Integer(), nullable=False),
        sa.Column('coder', sa.String(length=80), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['segment_id'], ['segment.id'], ),
        sa.PrimaryKeyConstraint('segment_id', 'coder')
    )


def downgrade() -> None:
    op.drop_table('seen')
    op.drop_index(op.f('ix_coding_segment_id'), table_name='coding')
    op.drop_index(op.f('ix_coding_coder'), table_name='coding')
    op.drop_index(op.f('ix_coding_code_id'), table_name='coding')
    op.drop_table('coding')
    op.drop_index(op.f('ix_segment_turn_id'), table_name='segment')
    op.drop_index(op.f('ix_segment_transcript_id'), table_name='segment')
    op.drop_table('segment')
    op.drop_index(op.f('ix_speaker_turn_transcript_id'), table_name='speaker_turn')
    op.drop_table('speaker_turn')
    op.drop_table('respondent_attribute')
    op.drop_index(op.f('ix_code_codebook_id'), table_name='code')
    op.drop_index(op.f('ix_code_code_id'), table_name='code')
    op.drop_table('code')
    op.drop_index(op.f('ix_transcript_sha256'), table_name='transcript')
    op.drop_table('transcript')
    op.drop_index(op.f('ix_respondent_type'), table_name='respondent')
    op.drop_table('respondent')
    op.drop_table('meta')
    op.drop_index(op.f('ix_event_at'), table_name='event')
    op.drop_index(op.f('ix_event_action'), table_name='event')
    op.drop_table('event')
    op.drop_table('embedding')
    op.drop_table('codebook')
