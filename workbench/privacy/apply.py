"""Fix a leak after coding: re-pseudonymise stored transcripts in place.

``privacy apply`` reads the stored (already pseudonymised) text alone, never the source file,
and tags what the current rules and the current allow/deny lists find in it: a name added to
``deny`` after the audit, or a name that newer rules recognise. Existing tags are left as they
are; new tags continue their numbering (``[PERSOON-3]`` after ``[PERSOON-2]``). With the key
file, a leftover original of a known tag ("Jansen" of ``[PERSOON-1]`` = "Kees Jansen") gets that
tag back. The replacements make an offset map (``ingest/offsets.py``) through which every turn,
segment and coded span is moved: rows keep their ids, so every coder's codings survive. Each
changed transcript is one transaction with a ``privacy-apply`` event (tags and counts, never the
originals); the originals go to the key file when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.ingest.offsets import OffsetMap

_TAG = re.compile(r"\[([A-Z]+)-(\d+)\]")


@dataclass
class ApplyResult:
    transcript_id: int
    name: str
    replaced: int = 0
    new_tags: dict[str, list[str]] = field(default_factory=dict)  # tag -> originals (for the key only)
    skipped: int = 0  # detections across a turn or segment boundary, left alone
    codings: int = 0  # codings on the transcript's segments, all kept


def plan_edits(text: str, spans, boundaries: set[int], known: dict[str, str] | None = None
               ) -> tuple[list[tuple[int, int, str]], dict[str, list[str]], int]:
    """Replacements ``(start, end, tag)`` for detections ``spans`` in stored ``text``.

    Spans touching an existing tag are dropped, and so are spans that cross a turn or segment
    boundary (``boundaries``: offsets where one starts or ends), whose words would end up in
    two places. ``known``: original (casefolded) → tag from the key file."""
    existing = [m.span() for m in _TAG.finditer(text)]
    top: dict[str, int] = {}
    for m in _TAG.finditer(text):
        top[m.group(1)] = max(top.get(m.group(1), 0), int(m.group(2)))
    by_text: dict[tuple[str, str], str] = {}
    originals: dict[str, list[str]] = {}
    edits, skipped = [], 0
    for sp in sorted(spans, key=lambda s: s.start):
        a, b = sp.start, sp.end
        while a < b and text[a] in " ,.;:!?\n":
            a += 1
        while b > a and text[b - 1] in " ,.;:!?\n":
            b -= 1
        if b <= a or any(a < y and x < b for x, y in existing):
            continue
        if any(a < x < b for x in boundaries):
            skipped += 1
            continue
        original = " ".join(text[a:b].split())
        norm = (sp.kind, original.casefold())
        tag = by_text.get(norm) or (known or {}).get(original.casefold())
        if tag is None:
            top[sp.kind] = top.get(sp.kind, 0) + 1
            tag = f"[{sp.kind}-{top[sp.kind]}]"
        by_text[norm] = tag
        kept = originals.setdefault(tag, [])
        if original not in kept:
            kept.append(original)
        edits.append((a, b, tag))
    return edits, originals, skipped


def _known_originals(entry: dict | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag, originals in (entry or {}).get("tags", {}).items():
        for o in originals:
            out.setdefault(o.casefold(), tag)
            if tag.startswith("[PERSOON"):
                for tok in o.split():
                    if len(tok) >= 3 and tok[0].isupper():
                        out.setdefault(tok.casefold(), tag)
    return out


def apply_project(project, transcript: str | None = None, key_file=None, dry_run: bool = False,
                  notify=None) -> list[ApplyResult]:
    """Re-pseudonymise stored transcripts with the current rules and lists (see module doc)."""
    from workbench.ingest.keyfile import KeyFile, resolve_key_path
    from workbench.ingest.pseudonymise import Pseudonymiser
    from workbench.store.transcripts import transcript_texts

    key_path = resolve_key_path(project, key_file)
    keys = KeyFile.open(project, key_path) if key_path else None
    pseudo = Pseudonymiser(allow=project.setting("import", "allow", []),
                           deny=project.setting("import", "deny", []), notify=notify)
    results = []
    for tid, _, _ in transcript_texts(project, transcript):
        results.append(_apply_one(project, tid, pseudo, keys, dry_run))
    return results


def _apply_one(project, tid: int, pseudo, keys, dry_run: bool) -> ApplyResult:
    state: dict = {}
    try:
        return _apply_in_transaction(project, tid, pseudo, keys, dry_run, state)
    except BaseException:
        if "uid" in state:  # the key was written before a commit that failed: take it back
            keys.restore(state["uid"], state["previous"])
        raise


def _apply_in_transaction(project, tid: int, pseudo, keys, dry_run: bool, state: dict) -> ApplyResult:
    from workbench.store.events import log_event
    from workbench.store.rewrite import layout_of, move_offsets
    from workbench.store.transcripts import transcript_uid, unique_name

    with project.session(write=True) as s:
        lay = layout_of(s, tid)
        uid = transcript_uid(s, tid)
        res = ApplyResult(tid, lay.name, codings=_count_codings(s, list(lay.segments)))
        bounds = {x for ab in [*lay.turns.values(), *lay.segments.values()] for x in ab}
        entry = keys.entries.get(uid) if keys is not None else None
        edits, originals, res.skipped = plan_edits(lay.text, pseudo.detect(lay.text), bounds,
                                                   _known_originals(entry))
        name, headers, named = _deny_in_name_and_headers(pseudo.deny, lay, edits, originals)
        res.replaced, res.new_tags = len(edits) + named, originals
        if not res.replaced or dry_run:
            return res
        omap = OffsetMap(edits)
        text = omap.apply(lay.text)
        turns = {}
        order = sorted(lay.turns.items(), key=lambda kv: kv[1][0])
        prev_end = None
        for turn_id, (a, b) in order:
            pstart = omap.start(0 if prev_end is None else prev_end + 2)
            na, nb = omap.start(a), omap.end(b)
            turns[turn_id] = (na, nb, text[pstart:na - 2] if na - pstart >= 2 else None)
            prev_end = b
        fields = {"name": unique_name(s, name)} if name != lay.name else {}
        if headers != lay.headers:
            fields["headers"] = headers
        move_offsets(s, tid, text, turns, {k: omap.span(*v) for k, v in lay.segments.items()},
                     {k: omap.span(*v) for k, v in lay.spans.items()}, **fields)
        _add_tags_replaced(s, tid, res.replaced)
        log_event(s, "privacy", "privacy-apply", transcript_id=tid, name=fields.get("name", lay.name),
                  replaced=res.replaced, tags=sorted(originals), codings_kept=res.codings)
        res.name = fields.get("name", lay.name)
        if keys is not None:  # before the commit, like an import
            state.update(uid=uid, previous=keys.entries.get(uid))
            keys.put(uid, name=res.name, file="", tags=originals, merge=True)
    return res


def _deny_in_name_and_headers(deny: list[str], lay, edits, originals: dict[str, list[str]]):
    """The stored name and header values with what the text edits replaced, and with every
    deny-list string that occurs there even when the text never says it ("Gesprek_Hooiberg.txt"):
    it gets the tag the same string got in the text, or a new ``[ANONIEM-n]``. Returns the name,
    the headers and how many deny-list strings were replaced there only."""
    subs = {lay.text[a:b].casefold(): tag for a, b, tag in edits}
    top = max([int(m.group(2)) for m in _TAG.finditer(lay.text) if m.group(1) == "ANONIEM"]
              + [int(_TAG.fullmatch(t).group(2)) for t in originals if t.startswith("[ANONIEM-")], default=0)
    named = 0

    def clean(value: str) -> str:
        nonlocal top, named
        for original, tag in sorted(subs.items(), key=lambda kv: -len(kv[0])):
            value = re.sub(r"(?<![^\W_])" + re.escape(original) + r"(?![^\W_])", tag, value, flags=re.I)
        for term in deny:
            pattern = re.compile(r"(?<![^\W_])" + re.escape(term) + r"(?![^\W_])", re.I)
            if pattern.search(value):
                if term.casefold() not in subs:
                    top += 1
                    subs[term.casefold()] = f"[ANONIEM-{top}]"
                    originals.setdefault(subs[term.casefold()], []).append(term)
                    named += 1
                value = pattern.sub(subs[term.casefold()], value)
        return value

    name = clean(lay.name)
    headers = {k: clean(v) if isinstance(v, str) else v for k, v in lay.headers.items()} if lay.headers else lay.headers
    return name, headers, named


def _count_codings(session, segment_ids: list[int]) -> int:
    from workbench.store.codings import count_codings

    return count_codings(session, segment_ids)


def _add_tags_replaced(session, tid: int, n: int) -> None:
    from workbench.store.transcripts import add_tags_replaced

    add_tags_replaced(session, tid, n)
