"""WebVTT transcripts (.vtt) via webvtt-py: Teams voice tags and Zoom "Name: " prefixes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from workbench.errors import InputError
from workbench.ingest.readers._common import (
    cue_prefix_labels,
    decode_text,
    merge_cues,
    normalise,
    read_bytes,
    strip_tags,
)
from workbench.ingest.turns import Turn

_VOICE = re.compile(r"<v(?:\.[\w-]+)*[ \t]+([^>]*)>")


def _voice_pieces(raw: str) -> list[tuple[str | None, str]]:
    """Split cue text on voice tags: [(voice or None, text without tags)]."""
    matches = list(_VOICE.finditer(raw))
    if not matches:
        return [(None, strip_tags(raw))]
    pieces = []
    if raw[: matches[0].start()].strip():
        pieces.append((None, strip_tags(raw[: matches[0].start()])))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(raw)
        pieces.append((normalise(m.group(1)) or None, strip_tags(raw[m.end() : end])))
    return pieces


def read_vtt(path: Path, extra_labels: Iterable[str] = ()) -> list[Turn]:
    """Turns from a WebVTT file; consecutive cues of one speaker are merged into one turn.

    The speaker comes from ``<v Name>`` voice tags (Teams) or, when a cue has none, from a
    ``Name: `` prefix (Zoom). ``timestamp`` is the start of the turn's first cue in seconds.
    """
    import webvtt

    text = decode_text(read_bytes(path), path)
    try:
        captions = webvtt.from_string(text).captions
    except Exception as exc:  # MalformedFileError, MalformedCaptionError, ValueError
        raise InputError(
            f"is not a valid WebVTT file ({exc})",
            path=str(path),
            hint='a .vtt file starts with "WEBVTT"; for SubRip subtitles use the .srt extension',
        ) from exc
    if not captions:
        raise InputError(
            "has no readable cues",
            path=str(path),
            hint='expected cues like "00:00:01.000 --> 00:00:04.000" followed by text',
        )

    cues: list[tuple[str | None, str, float]] = []
    for caption in captions:
        start = caption.start_time.in_milliseconds() / 1000
        for voice, piece in _voice_pieces(caption.raw_text):
            cues.append((voice, normalise(piece), start))

    unvoiced = [i for i, (voice, _, _) in enumerate(cues) if voice is None]
    labelled = cue_prefix_labels([cues[i][1] for i in unvoiced], extra_labels)
    for i, (label, rest) in zip(unvoiced, labelled):
        cues[i] = (label, rest, cues[i][2])
    return merge_cues(cues)
