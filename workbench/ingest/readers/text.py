"""Plain text and markdown transcripts (.txt, .md)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbench.ingest.readers._common import decode_text, read_bytes, turns_from_lines
from workbench.ingest.turns import Turn


def read_text(path: Path, extra_labels: Iterable[str] = ()) -> list[Turn]:
    """Turns from a text file: labelled lines start turns, wrapped lines continue them."""
    text = decode_text(read_bytes(path), path)
    return turns_from_lines(text.splitlines(), paragraphs=False, extra_labels=extra_labels)
