"""The common output of every reader: a list of speaker turns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Turn:
    """One speaker turn as read from a source file (not yet pseudonymised).

    ``speaker`` is the label as written in the source ("Interviewer", "AD1", "Petra de Vries"),
    or ``None`` when the source gives none. ``timestamp`` is seconds from the start if known.
    """

    speaker: str | None
    text: str
    timestamp: float | None = None
    header: bool = False  # a transcription-service header or footer line (ingest/headers.py), not speech
    # For a header line: how many speech turns had started before it (None when the reader does
    # not know). Tells a metadata block at the top from a footer further down.
    position: int | None = None
