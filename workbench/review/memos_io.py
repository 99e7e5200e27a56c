"""Memos export: every memo (segment, code, transcript) with what it is about, as CSV or JSONL."""

from __future__ import annotations

import csv
import json

FIELDS = ["kind", "target", "transcript", "segment_text", "author", "memo", "updated_at"]


def memo_records(project, author: str | None = None) -> list[dict]:
    from workbench.store.memos import list_memos
    from workbench.store.transcripts import list_segments, list_transcripts

    memos = list_memos(project, author=author)
    seg_ids = [int(m.target) for m in memos if m.kind == "segment"]
    segs = {str(s.id): s for s in list_segments(project, ids=seg_ids)} if seg_ids else {}
    names = {str(t.id): t.name for t in list_transcripts(project)} if memos else {}
    out = []
    for m in memos:
        seg = segs.get(m.target) if m.kind == "segment" else None
        transcript = seg.transcript if seg else names.get(m.target, "") if m.kind == "transcript" else ""
        out.append({"kind": m.kind, "target": m.target, "transcript": transcript,
                    "segment_text": seg.text if seg else "", "author": m.author, "memo": m.text,
                    "updated_at": m.updated_at})
    return out


def segment_memos(project) -> dict[tuple[int, str], str]:
    """(segment id, author) -> memo, for the memo column of a codings export."""
    from workbench.store.memos import list_memos

    return {(int(m.target), m.author): m.text for m in list_memos(project, kind="segment")}


def export_memos(project, out, author: str | None = None, fmt: str = "csv") -> int:
    rows = memo_records(project, author)
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        w = csv.DictWriter(out, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    return len(rows)
