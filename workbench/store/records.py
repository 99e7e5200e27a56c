"""Plain records that store functions return, so callers never hold ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RespondentRec:
    id: str
    type: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class TranscriptRec:
    id: int
    name: str
    format: str
    kind: str
    respondent_type: str | None
    wave: str | None
    date: str | None
    chars: int
    turns: int
    segments: int
    respondents: list[str]
    tags_replaced: int
    uid: str = ""  # stable id (the key file's entry)
    headers: dict[str, str] | None = None  # transcription-service header, pseudonymised


@dataclass
class SegmentRec:
    id: int
    transcript_id: int
    transcript: str
    idx: int
    start: int
    end: int
    text: str
    speaker: str | None
    role: str
    respondent_id: str | None
    respondent_type: str | None
    wave: str | None
    codable: bool
    timestamp: float | None = None  # media time (seconds) of the segment's turn, when the source had one
    turn_idx: int | None = None


@dataclass
class TurnRec:
    idx: int
    speaker: str | None
    role: str
    respondent_id: str | None
    start: int
    end: int
    text: str
    timestamp: float | None = None


@dataclass
class CodingRec:
    id: int
    segment_id: int
    code_id: str
    coder: str
    status: str
    score: float | None
    rationale: str | None
    reason: str | None
    created_at: str
    updated_at: str
    span_start: int | None = None
    span_end: int | None = None


@dataclass
class EventRec:
    id: int
    at: str
    actor: str
    action: str
    segment_id: int | None
    code_id: str | None
    details: dict


@dataclass
class MemoRec:
    kind: str  # segment | code | transcript
    target: str  # the segment id, code id or transcript id
    author: str
    text: str
    updated_at: str
