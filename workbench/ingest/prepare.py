"""One transcript made ready to store: speakers linked, text pseudonymised (labels and header
values through the same tagger), laid out as the canonical text (one paragraph per turn,
``Label: text``) and cut into segments. Nothing here touches the database but reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from workbench.ingest.respondents import RespondentTable
from workbench.ingest.segment import split_turn

CODABLE_ROLES = {"respondent"}


@dataclass
class Prepared:
    name: str
    text: str
    turns: list
    key: dict[str, list[str]]
    headers: dict[str, str]  # pseudonymised header values, dates to the month
    date: str | None  # recording month, YYYY-MM
    kind: str
    respondent_type: str | None
    wave: str | None
    unlinked: list[str]  # respondent speakers without a respondent id


def layout(labels: list[str | None], texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Canonical text: one paragraph per turn, ``Label: text``; returns text and text spans."""
    parts, spans, pos = [], [], 0
    for label, text in zip(labels, texts):
        prefix = f"{label}: " if label else ""
        parts.append(prefix + text + "\n\n")
        spans.append((pos + len(prefix), pos + len(prefix) + len(text)))
        pos += len(prefix) + len(text) + 2
    return "".join(parts), spans


def prepare(ctx, path: Path, read: tuple) -> Prepared:
    """Link speakers, pseudonymise, lay out and segment one file as read (``read``: its turns and
    header lines); no database writes. ``ctx`` is the importer's context."""
    from workbench.ingest.file_names import KeyTagger, clean_file_name
    from workbench.ingest.headers import coarsen_dates, month_of
    from workbench.ingest.speaker_map import resolve_speakers
    from workbench.store.transcripts import NewTurn

    turns, headers = read
    roles = resolve_speakers(path, turns, ctx.table, ctx.opts, ctx.known)
    labels = [t.speaker for t in turns]
    texts = [t.text for t in turns]
    hkeys, hvalues = [k for k, _ in headers], [v for _, v in headers]
    if ctx.pseudo is not None:  # header values go through the same tagger, so tags agree with the text
        p = ctx.pseudo.run(labels + hkeys, texts + hvalues, path.name)
        labels, texts, name, key = p.labels[:len(turns)], p.texts[:len(turns)], p.name, p.key
        hvalues = p.texts[len(turns):]
    else:
        name, key = path.name, {}
    meta = {}
    tagger = KeyTagger(key)
    for k, v in zip(hkeys, hvalues):
        if ctx.pseudo is not None:  # a name deduce misses in "Gesprek_Kees_Jansen.mp3" or a firm's name
            firm = any(w in k.casefold() for w in ("door", "by", "bureau", "dienst", "opdrachtgever", "transcri"))
            v = clean_file_name(v, tagger, ctx.pseudo.allow, "ORGANISATIE" if firm else "PERSOON")
        v = coarsen_dates(v)
        meta[k] = f"{meta[k]}; {v}" if k in meta else v
    text, spans = layout(labels, texts)
    new_turns = []
    for t, label, (a, b) in zip(turns, labels, spans):
        role, rid = roles[t.speaker]
        segs = [(a + x, a + y) for x, y in split_turn(text[a:b], ctx.max_chars)]
        new_turns.append(NewTurn(label, role, rid, a, b, t.timestamp, segs, role in CODABLE_ROLES))
    speakers = {t.speaker for t in turns if roles[t.speaker][0] == "respondent"}
    kind = ctx.opts.kind or ("focusgroep" if len(speakers) >= 3 else "interview")
    links = ctx.table.links_for(path.name) if ctx.table else []
    wave = ctx.opts.wave or next((ln.wave for ln in links if ln.wave), None)
    rtype = ctx.opts.respondent_type or type_of(ctx.project, [r for _, r in roles.values() if r], ctx.table)
    unlinked = sorted({lab for lab, (role, rid) in zip(labels, (roles[t.speaker] for t in turns))
                       if role == "respondent" and rid is None and lab})
    date = next((month_of(v) for k, v in headers if "datum" in k.casefold() or "date" in k.casefold()
                 if month_of(v)), None) or month_of(path.name)
    return Prepared(name, text, new_turns, key, meta, date, kind, rtype, wave, unlinked)


def type_of(project, rids: list[str], table: RespondentTable | None) -> str | None:
    types = []
    for rid in rids:
        if table and rid in table.respondents:
            types.append(table.respondents[rid].type)
    if not types:
        from workbench.store.transcripts import list_respondents

        known = {r.id: r.type for r in list_respondents(project)}
        types = [known[r] for r in rids if r in known]
    return Counter(types).most_common(1)[0][0] if types else None
