"""SubRip subtitles (.srt) via webvtt-py, with optional "Name: " prefixes in the cue text."""

from __future__ import annotations

import io
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


def read_srt(path: Path, extra_labels: Iterable[str] = ()) -> list[Turn]:
    """Turns from an .srt file; consecutive cues of one speaker are merged into one turn."""
    import webvtt

    text = decode_text(read_bytes(path), path).lstrip("\ufeff").lstrip()
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format="srt").captions
    except Exception as exc:  # MalformedFileError, MalformedCaptionError
        raise InputError(
            f"is not a valid SubRip (.srt) file ({exc})",
            path=str(path),
            hint='expected numbered cues like "1", "00:00:01,000 --> 00:00:04,000", text',
        ) from exc
    if not captions:
        raise InputError("has no readable cues", path=str(path))

    texts = [normalise(strip_tags(c.raw_text)) for c in captions]
    labelled = cue_prefix_labels(texts, extra_labels)
    return merge_cues(
        (label, rest, c.start_time.in_milliseconds() / 1000)
        for (label, rest), c in zip(labelled, captions)
    )
