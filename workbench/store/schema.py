"""SQLAlchemy 2 ORM schema of a workbench project.

Only ``workbench.store`` imports this module. Text columns hold pseudonymised text only;
re-identification keys never enter the database.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """This machine's clock in UTC, to the microsecond: the default of time columns. Writes that
    order coders' work (codings, seen marks, events, runs) use the database's clock instead
    (``store/clock.py``)."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Respondent(Base):
    """A person who speaks in transcripts, known only by a pseudonymous id."""

    __tablename__ = "respondent"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    attributes: Mapped[list["RespondentAttribute"]] = relationship(
        back_populates="respondent", cascade="all, delete-orphan", lazy="selectin"
    )

    def attrs(self) -> dict[str, str]:
        return {a.key: a.value for a in self.attributes}


class RespondentAttribute(Base):
    __tablename__ = "respondent_attribute"
    respondent_id: Mapped[str] = mapped_column(ForeignKey("respondent.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    respondent: Mapped[Respondent] = relationship(back_populates="attributes")


class Transcript(Base):
    """One imported file. ``text`` is the canonical pseudonymised text; offsets point into it."""

    __tablename__ = "transcript"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)  # pseudonymised display name
    # stable id: kept through --replace, renames and `privacy apply`; the key file files entries under it
    uid: Mapped[str] = mapped_column(String(32), unique=True, index=True, default=lambda: uuid.uuid4().hex)
    source_key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the file name
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))  # interview | focusgroep
    respondent_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    wave: Mapped[str | None] = mapped_column(String(20), nullable=True)
    date: Mapped[str | None] = mapped_column(String(20), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    # transcription-service header (Bestand, Duur, Datum opname, …): pseudonymised, dates to the month
    headers: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    tags_replaced: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    turns: Mapped[list["Turn"]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="Turn.idx"
    )
    segments: Mapped[list["Segment"]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="Segment.start"
    )


class Turn(Base):
    """A speaker turn: ``transcript.text[start:end]`` is what the speaker said."""

    __tablename__ = "speaker_turn"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(120), nullable=True)  # pseudonymised label
    role: Mapped[str] = mapped_column(String(20))  # respondent | interviewer | moderator | unknown
    respondent_id: Mapped[str | None] = mapped_column(ForeignKey("respondent.id"), nullable=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    timestamp: Mapped[float | None] = mapped_column(Float, nullable=True)
    transcript: Mapped[Transcript] = relationship(back_populates="turns")


class Segment(Base):
    """The unit of coding: a chunk of one turn; ``transcript.text[start:end] == text``."""

    __tablename__ = "segment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id"), index=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("speaker_turn.id"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(120), nullable=True)
    role: Mapped[str] = mapped_column(String(20))
    respondent_id: Mapped[str | None] = mapped_column(ForeignKey("respondent.id"), nullable=True)
    codable: Mapped[bool] = mapped_column(Boolean, default=True)
    transcript: Mapped[Transcript] = relationship(back_populates="segments")


class CodebookRow(Base):
    __tablename__ = "codebook"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    version: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CodeRow(Base):
    """A code of a loaded codebook; identity is (codebook, code_id)."""

    __tablename__ = "code"
    __table_args__ = (UniqueConstraint("codebook_id", "code_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    codebook_id: Mapped[int] = mapped_column(ForeignKey("codebook.id"), index=True)
    code_id: Mapped[str] = mapped_column(String(80), index=True)
    guid: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    data: Mapped[dict] = mapped_column(JSON)  # the Code model (children empty, parent set)


class Coding(Base):
    """One coder's judgement of one code on one segment."""

    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("segment_id", "code_id", "coder"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id"), index=True)
    code_id: Mapped[str] = mapped_column(String(80), index=True)
    coder: Mapped[str] = mapped_column(String(80), index=True)
    status: Mapped[str] = mapped_column(String(12))  # suggested | accepted | rejected
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    rationale: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    span_start: Mapped[int | None] = mapped_column(Integer, nullable=True)  # imported span
    span_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # the model's run


class SuggestRun(Base):
    """One run of the suggestion engine over some segments and codes (``suggest``, a relearn)."""

    __tablename__ = "suggest_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the database's clock
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # suggest | relearn
    codes: Mapped[list] = mapped_column(JSON)
    segments: Mapped[int] = mapped_column(Integer, default=0)
    suggestions: Mapped[int] = mapped_column(Integer, default=0)
    kept: Mapped[int] = mapped_column(Integer, default=0)  # suggestions a person decided on meanwhile


class CoderRow(Base):
    """A person who codes (role ``coder``) or also reconciles (role ``supervisor``)."""

    __tablename__ = "coder"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), default="coder")  # vocab.CoderRole
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SeenRow(Base):
    """A coder has looked at a segment (needed for agreement: seen without codes = no codes)."""

    __tablename__ = "seen"
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id"), primary_key=True)
    coder: Mapped[str] = mapped_column(String(80), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(Base):
    """Append-only audit log: who changed what, when and why."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40), index=True)
    segment_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    code_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class EmbeddingRow(Base):
    """Embedding cache per (model, sha1 of text)."""

    __tablename__ = "embedding"
    model: Mapped[str] = mapped_column(String(120), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(40), primary_key=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Memo(Base):
    """A coder's memo on a segment, a code or a transcript (one per target and author)."""

    __tablename__ = "memo"
    __table_args__ = (UniqueConstraint("kind", "target", "author"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # segment | code | transcript
    target: Mapped[str] = mapped_column(String(80))  # segment id, code id or transcript id, as text
    author: Mapped[str] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
