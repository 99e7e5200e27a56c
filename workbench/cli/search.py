"""Command: search (full-text search over all interviews, with filters)."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from workbench.cli.common import JsonOpt, ProjectOpt, console, open_project, printable

AROUND = 240  # characters of the turn shown before and after the segment


def parse_where(items: list[str] | None) -> dict[str, str]:
    """``["uitkering=IVA", "wave=2025"]`` -> a dict; one clear error for a malformed item."""
    from workbench.errors import InputError

    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--where {item!r} is not attribute=value", hint="e.g. --where uitkering=IVA")
        out[key.strip()] = value.strip()
    return out


def hit_record(hit) -> dict:
    seg, turn = hit.segment, hit.turn
    return {"segment": seg.id, "transcript": seg.transcript, "transcript_id": seg.transcript_id,
            "speaker": seg.speaker, "respondent": seg.respondent_id, "respondent_type": seg.respondent_type,
            "wave": seg.wave, "start": seg.start, "end": seg.end, "timestamp": seg.timestamp, "text": seg.text,
            "matches": [list(m) for m in hit.matches], "codes": hit.codes,
            "turn": {"start": turn.start, "end": turn.end, "text": turn.text}}


def search(
    query: Annotated[str, typer.Argument(help='Words (matched as word starts, accents ignored) or a "phrase".')],
    code: Annotated[Optional[list[str]], typer.Option("--code", help="Only segments with this accepted code (repeatable).")] = None,
    coder: Annotated[Optional[str], typer.Option("--coder", help="Only codings of this coder (with --code), or anything this coder accepted.")] = None,
    where: Annotated[Optional[list[str]], typer.Option("--where", help="attribute=value of the respondent, or type=, wave=, transcript= (repeatable).")] = None,
    all_roles: Annotated[bool, typer.Option("--all", help="Also interviewer and moderator turns.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many results.")] = 100,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per result.")] = False,
    as_json: JsonOpt = False,
    project: ProjectOpt = None,
) -> None:
    """Search all interviews: matching segments with their turn, speaker, time and codes."""
    from workbench.store.search import search_segments

    proj = open_project(project)
    if code:
        from workbench.store.codebooks import project_codebook

        known = {c.id for c in project_codebook(proj).flat()}
        unknown = [c for c in code if c not in known]
        if unknown:
            from workbench.errors import InputError

            raise InputError(f"unknown code(s): {', '.join(unknown)}", hint="see `workbench codebook show`")
    hits = search_segments(proj, query, codes=code, coder=coder, where=parse_where(where), limit=limit + 1,
                           all_roles=all_roles)
    more = len(hits) > limit
    hits = hits[:limit]
    if as_json:
        print(json.dumps([hit_record(h) for h in hits], ensure_ascii=False, indent=2))
        return
    if jsonl:
        for h in hits:
            print(json.dumps(hit_record(h), ensure_ascii=False))
        return
    show(hits, more, limit)


def show(hits, more: bool, limit: int) -> None:
    import shlex

    from rich.markup import escape
    from rich.text import Text

    from workbench.mediatime import format_timestamp

    out = console()
    if not hits:
        out.print("No segments match.")
        return
    for h in hits:
        seg, turn = h.segment, h.turn
        when = format_timestamp(seg.timestamp)
        who = seg.speaker or "?"
        if seg.respondent_id:
            who += f" ({seg.respondent_id})"
        codes = "; ".join(f"{c}: {', '.join(v)}" for c, v in h.codes.items())
        out.print(f"[bold]{escape(printable(seg.transcript))}[/] · {escape(printable(who))}"
                  + (f" · {when}" if when else "") + f" · segment {seg.id}"
                  + (f" · [dim]{escape(printable(codes))}[/]" if codes else ""))
        a, b = max(turn.start, seg.start - AROUND), min(turn.end, seg.end + AROUND)
        body = Text("   " + ("…" if a > turn.start else ""))
        # one character for one, so the offsets still hold (control characters become spaces)
        shown = "".join(ch if ch.isprintable() else " " for ch in turn.text[a - turn.start:b - turn.start])
        piece = Text(shown, style="dim")
        piece.stylize("not dim", seg.start - a, seg.end - a)
        for x, y in h.matches:
            piece.stylize("bold yellow", x - a, y - a)
        body.append_text(piece)
        if b < turn.end:
            body.append("…")
        out.print(body)
        out.print(f"   [dim]open it: workbench open {escape(shlex.quote(printable(seg.transcript)))} --at {seg.id}[/]")
    tail = f" (first {limit}; more with --limit)" if more else ""
    out.print(f"{len(hits)} segment(s){tail}.")


def register(app: typer.Typer) -> None:
    app.command("search")(search)
