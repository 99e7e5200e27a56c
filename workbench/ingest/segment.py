"""Segmentation: a segment is a speaker turn, split at sentence boundaries (spaCy sentencizer
over ``spacy.blank("nl")``) into chunks of at most ``max_chars`` characters.

Backchannel turns ("ja", "hm-hm", "oké") give no segment: they stay in the canonical text as
context. A single sentence longer than ``max_chars`` stays whole rather than being cut mid-way.
"""

from __future__ import annotations

import re

DEFAULT_MAX_CHARS = 600
BACKCHANNEL = re.compile(
    r"^(?:(?:ja|jaja|jawel|nee|hm+|hm-hm|mm+|mhm|uh+|eh+|oké|ok|okay|klopt|precies|zeker|"
    r"inderdaad|goed|prima|ah|oh|o|aha|juist|tja|nou)[\s,.!?…]*){1,3}$",
    re.I,
)
_nlp = None


def nlp():
    global _nlp
    if _nlp is None:
        import spacy

        _nlp = spacy.blank("nl")
        _nlp.add_pipe("sentencizer")
    return _nlp


def is_backchannel(text: str) -> bool:
    return bool(BACKCHANNEL.match(text.strip()))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (whitespace trimmed)."""
    spans = []
    pipeline, offset = nlp(), 0
    from workbench.ingest.limits import split_text

    blocks = [text] if len(text) <= 100_000 else split_text(text, 100_000)  # spaCy refuses 1M (E088)
    for block in blocks:
        offset = text.index(block, offset)
        for sent in pipeline(block).sents:
            a, b = offset + sent.start_char, offset + sent.end_char
            spans.append((a, b))
        offset += len(block)
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def split_turn(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[tuple[int, int]]:
    """Chunks of ``text`` (offsets relative to it), packing whole sentences up to ``max_chars``."""
    if not text.strip() or is_backchannel(text):
        return []
    chunks: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        if chunks and b - chunks[-1][0] <= max_chars:
            chunks[-1] = (chunks[-1][0], b)
        else:
            chunks.append((a, b))
    return chunks
