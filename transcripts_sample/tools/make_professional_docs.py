"""Build the professional sample transcripts (focus groups, employer interviews) from drafts.

A draft is plain UTF-8 text: one turn per paragraph, paragraphs separated by a blank line,
each starting with ``Label: text``. A paragraph starting with ``~`` marks a turn spoken over
the previous one (its timing overlaps in .vtt/.srt). Lines starting with ``#`` are ignored.

Output formats (timings are synthetic, derived from word counts with a fixed seed):

* ``docx``  - python-docx document, optional title, one paragraph per turn, label in bold.
* ``vtt``   - Teams-style WebVTT: cue ids ``<guid>/<n>-<k>``, ``<v Name>...</v>`` voice tags,
  long turns split over consecutive cues.
* ``srt``   - numbered SubRip cues, every cue starting with ``Label:``.
* ``tstxt`` - plain text, ``[hh:mm:ss] Label: text`` per turn.
* ``txt``   - plain text, ``Label: text`` per turn.

Usage::

    python make_professional_docs.py DRAFT OUT --format vtt [--title T] [--seed N] [--start S]
"""

from __future__ import annotations

import argparse
import random
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

WORDS_PER_SECOND = 2.6


@dataclass
class DraftTurn:
    speaker: str
    text: str
    overlap: bool = False


def read_draft(path: Path) -> list[DraftTurn]:
    """Parse a draft file into turns; raise ValueError naming the paragraph on bad input."""
    turns: list[DraftTurn] = []
    raw = path.read_text(encoding="utf-8")
    lines = [ln for ln in raw.splitlines() if not ln.startswith("#")]
    for para in re.split(r"\n\s*\n", "\n".join(lines)):
        para = " ".join(para.split())
        if not para:
            continue
        overlap = para.startswith("~")
        para = para.lstrip("~ ")
        label, sep, text = para.partition(": ")
        if not sep or len(label) > 40:
            raise ValueError(f"{path}: paragraph without 'Label: ' prefix: {para[:60]!r}")
        turns.append(DraftTurn(label.strip(), text.strip(), overlap))
    return turns


def split_chunks(text: str, max_words: int) -> list[str]:
    """Split a turn into caption-sized chunks at sentence, then comma, boundaries."""
    sentences = re.split(r"(?<=[.!?…])\s+", text)
    pieces: list[str] = []
    for sent in sentences:
        if len(sent.split()) <= max_words:
            pieces.append(sent)
            continue
        buf: list[str] = []
        for part in re.split(r"(?<=,)\s+", sent):
            words = part.split()
            while len(words) > max_words:
                if buf:
                    pieces.append(" ".join(buf))
                    buf = []
                pieces.append(" ".join(words[:max_words]))
                words = words[max_words:]
            if buf and len(buf) + len(words) > max_words:
                pieces.append(" ".join(buf))
                buf = []
            buf.extend(words)
        if buf:
            pieces.append(" ".join(buf))
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1].split()) + len(piece.split()) <= max_words // 2:
            chunks[-1] = f"{chunks[-1]} {piece}"
        else:
            chunks.append(piece)
    return chunks


def timed_chunks(turns: list[DraftTurn], max_words: int, seed: int, start: float):
    """Yield (turn_index, chunk_index, chunk, start_s, end_s) with plausible timings."""
    rng = random.Random(seed)
    clock, last_start = start, 0.0
    for ti, turn in enumerate(turns):
        if ti:
            clock += rng.uniform(-0.9, -0.4) if turn.overlap else rng.uniform(0.3, 1.6)
            clock = max(clock, last_start + 0.3)  # cue starts stay in order
        for ci, chunk in enumerate(split_chunks(turn.text, max_words)):
            dur = max(0.9, len(chunk.split()) / WORDS_PER_SECOND * rng.uniform(0.9, 1.15))
            last_start = clock
            yield ti, ci, chunk, clock, clock + dur
            clock += dur + rng.uniform(0.05, 0.35)


def _ts(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def write_vtt(turns, out: Path, seed: int, start: float) -> None:
    rng = random.Random(seed + 1)
    blocks = ["WEBVTT"]
    guid = ""
    for ti, ci, chunk, t0, t1 in timed_chunks(turns, 16, seed, start):
        if ci == 0:
            guid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        cue_id = f"{guid}/{ti + 11}-{ci}"
        blocks.append(f"{cue_id}\n{_ts(t0, '.')} --> {_ts(t1, '.')}\n"
                      f"<v {turns[ti].speaker}>{chunk}</v>")
    out.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def _wrap_two_lines(text: str, width: int = 46) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width and len(lines) == 0:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "\n".join(lines)


def write_srt(turns, out: Path, seed: int, start: float) -> None:
    blocks = []
    for n, (ti, _ci, chunk, t0, t1) in enumerate(timed_chunks(turns, 14, seed, start), 1):
        body = _wrap_two_lines(f"{turns[ti].speaker}: {chunk}")
        blocks.append(f"{n}\n{_ts(t0, ',')} --> {_ts(t1, ',')}\n{body}")
    out.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def write_tstxt(turns, out: Path, seed: int, start: float) -> None:
    lines = []
    for ti, ci, _chunk, t0, _t1 in timed_chunks(turns, 10_000, seed, start):
        if ci == 0:
            stamp = _ts(t0, ".")[:8]
            lines.append(f"[{stamp}] {turns[ti].speaker}: {turns[ti].text}")
    out.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def write_txt(turns, out: Path) -> None:
    out.write_text("\n\n".join(f"{t.speaker}: {t.text}" for t in turns) + "\n", encoding="utf-8")


def write_docx(turns, out: Path, title: str | None) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    if title:
        doc.add_heading(title, level=1)
    for turn in turns:
        para = doc.add_paragraph()
        para.add_run(f"{turn.speaker}:").bold = True
        para.add_run(f" {turn.text}")
    doc.core_properties.title = title or ""
    doc.core_properties.author = "workbench sample data"
    doc.save(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("draft", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--format", required=True, choices=["docx", "vtt", "srt", "tstxt", "txt"])
    ap.add_argument("--title", default=None, help="docx heading")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=float, default=4.0, help="seconds before the first turn")
    args = ap.parse_args(argv)
    turns = read_draft(args.draft)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "docx":
        write_docx(turns, args.out, args.title)
    elif args.format == "vtt":
        write_vtt(turns, args.out, args.seed, args.start)
    elif args.format == "srt":
        write_srt(turns, args.out, args.seed, args.start)
    elif args.format == "tstxt":
        write_tstxt(turns, args.out, args.seed, args.start)
    else:
        write_txt(turns, args.out)
    print(f"{args.out}: {len(turns)} turns, {sum(len(t.text.split()) for t in turns)} words")


if __name__ == "__main__":
    main()
