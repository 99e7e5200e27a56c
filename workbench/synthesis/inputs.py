"""Input contract of the synthesis and report stage.

The project adaptor (:mod:`workbench.synthesis.project`) fills a :class:`ReportInput` from the
project database; everything downstream (theme counts, quotes, the Word report) works on this
object only, so it can be built in code for tests. All text in it is already pseudonymised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # keep this module import-light
    import numpy as np

    from workbench.codebook.model import Codebook

from workbench.vocab import RESPONDENT_TYPES  # noqa: E402  (one vocabulary; re-exported)

# Report labels of the respondent types (their order is RESPONDENT_TYPES).
TYPE_LABEL = {
    "deelnemer": "Deelnemer",
    "arbeidsdeskundige": "Arbeidsdeskundige",
    "re-integratiebureau": "Re-integratiebureau",
    "werkgever": "Werkgever",
}
TYPE_PLURAL = {
    "deelnemer": "deelnemers",
    "arbeidsdeskundige": "arbeidsdeskundigen",
    "re-integratiebureau": "re-integratiebureaus",
    "werkgever": "werkgevers",
}
NON_RESPONDENT_ROLES = ("interviewer", "moderator")


def type_label(rtype: str | None) -> str:
    """Report label of a respondent type ("Deelnemer"); unknown types are capitalised."""
    if not rtype:
        return "Respondent"
    return TYPE_LABEL.get(rtype, rtype[:1].upper() + rtype[1:])


def type_plural(rtype: str | None) -> str:
    """Lower-case plural of a respondent type ("deelnemers")."""
    if not rtype:
        return "respondenten"
    return TYPE_PLURAL.get(rtype, rtype + "s")


def type_order(types) -> list[str]:
    """Sort respondent types: the fixed report order first, then any others alphabetically."""
    known = [t for t in RESPONDENT_TYPES if t in types]
    return known + sorted(t for t in set(types) if t not in RESPONDENT_TYPES and t)


@dataclass
class RespondentInfo:
    """One pseudonymous respondent (e.g. ``D01``) with categorical attributes."""

    id: str
    type: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class SegmentInfo:
    """One coded unit of text (usually a speaker turn); ``role`` is respondent/interviewer/moderator."""

    id: int
    transcript: str
    respondent_id: str | None
    role: str
    text: str
    wave: str | None = None
    start: int = 0
    end: int = 0
    timestamp: float | None = None  # media time (seconds) of the segment's turn, when known
    speaker: str | None = None  # the turn's speaker label, pseudonymised ("Interviewer", "[PERSOON-1]")

    @property
    def is_respondent(self) -> bool:
        """Only lines spoken by a respondent count and may be quoted (never interviewer lines)."""
        return self.role == "respondent"


@dataclass
class TranscriptInfo:
    """One interview or focus group (``kind`` is "interview" or "focusgroep")."""

    name: str
    kind: str
    wave: str | None
    respondent_type: str | None
    respondents: list[str] = field(default_factory=list)


@dataclass
class ReportInput:
    """Everything the synthesis stage needs; ``codings`` are (segment id, code id) pairs."""

    title: str
    codebook: "Codebook"
    codebook_version: str
    respondents: list[RespondentInfo]
    segments: dict[int, SegmentInfo]
    codings: list[tuple[int, str]]
    coder: str
    coders: list[str]
    transcripts: list[TranscriptInfo]
    agreement: list[dict] | None = None
    population: Path | None = None
    embed: "Callable[[list[str]], np.ndarray] | None" = None
    #: memos for the appendix, only when asked (`report --memos`): dicts with kind (code,
    #: transcript, segment), about (what it is about, shown), author and memo
    memos: list[dict] | None = None
    # how the coding came about (methods appendix): model, threshold, suggestions, decisions per
    # coder, segments judged by one or by two or more coders; None when not known (built in code)
    process: dict | None = None
    # the agreement's rule for "too few positives" (min_positives, min_positive_share) that set
    # the ``flag`` of the agreement rows; None when not known
    agreement_rule: dict | None = None

    def respondent_map(self) -> dict[str, RespondentInfo]:
        return {r.id: r for r in self.respondents}

    def transcript_map(self) -> dict[str, TranscriptInfo]:
        return {t.name: t for t in self.transcripts}

    def segment_type(self, seg: SegmentInfo, respondents=None, transcripts=None) -> str | None:
        """Respondent type of a segment: from its respondent, else from its transcript.

        Pass prebuilt ``respondent_map()``/``transcript_map()`` when calling in a loop.
        """
        respondents = respondents if respondents is not None else self.respondent_map()
        if seg.respondent_id and seg.respondent_id in respondents:
            return respondents[seg.respondent_id].type
        transcripts = transcripts if transcripts is not None else self.transcript_map()
        t = transcripts.get(seg.transcript)
        return t.respondent_type if t else None

    def segment_wave(self, seg: SegmentInfo, transcripts=None) -> str | None:
        """Wave of a segment: its own, else its transcript's."""
        if seg.wave:
            return seg.wave
        transcripts = transcripts if transcripts is not None else self.transcript_map()
        t = transcripts.get(seg.transcript)
        return t.wave if t else None

    def group_sizes(self) -> dict[str, int]:
        """Number of respondents per type in the project (the denominators)."""
        sizes: dict[str, int] = {}
        for r in self.respondents:
            sizes[r.type] = sizes.get(r.type, 0) + 1
        return sizes
