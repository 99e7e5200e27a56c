"""Full-text search over segments (``workbench search`` and the desk's search).

Words are matched with diacritics folded (``financiele`` finds ``financiële``) and as prefixes,
which suits Dutch compounds and inflections (``werk`` finds ``werken``, ``werkgever``); a phrase in
double quotes is matched as written, word for word. Every term must occur in the segment.

On SQLite the candidate segments (after the filters) go into an FTS5 table (``unicode61
remove_diacritics 2``) in the connection's temporary database, so nothing is added to the project
file and the index can never be stale; FTS5 picks the matching segments. Where each term matched
(for highlighting) is worked out by :func:`find_terms`, which is also the matcher on other
databases, with the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy import text as sql

from workbench.errors import InputError
from workbench.store import schema as S
from workbench.store.records import SegmentRec, TurnRec

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")
FTS_TABLE = "wb_segment_search"
#: keys of ``--where`` that are not respondent attributes
WHERE_FIELDS = ("wave", "type", "transcript")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # folded
    prefix: bool  # the last word may be the start of a longer word


@dataclass
class SearchHit:
    segment: SegmentRec
    matches: list[tuple[int, int]]  # where the terms matched: offsets into the transcript text
    turn: TurnRec  # the segment's whole turn
    codes: dict[str, list[str]] = field(default_factory=dict)  # coder -> accepted codes


def fold(text: str) -> str:
    """Lower case without diacritics (``Financiële`` -> ``financiele``)."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()


def parse_terms(query: str) -> list[Term]:
    """Bare words (prefixes) and "quoted phrases" (as written); punctuation splits words."""
    terms = []
    for m in _TERM.finditer(query):
        phrase = m.group(1) is not None
        words = tuple(_WORD.findall(fold(m.group(1) if phrase else m.group(2))))
        if words:
            terms.append(Term(words, prefix=not phrase))
    return terms


def fts_query(terms: list[Term]) -> str:
    """The FTS5 MATCH expression: every term, as a phrase, prefix where asked."""
    return " ".join('"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in terms)


def find_terms(text: str, terms: list[Term]) -> list[tuple[int, int]] | None:
    """Where the terms occur in ``text`` (sorted spans), or None when one of them does not."""
    words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    spans: list[tuple[int, int]] = []
    for term in terms:
        k, found = len(term.words), False
        for i in range(len(words) - k + 1):
            window = words[i:i + k]
            head_ok = all(w[2] == t for w, t in zip(window[:-1], term.words[:-1]))
            last, want = window[-1][2], term.words[-1]
            if head_ok and (last.startswith(want) if term.prefix else last == want):
                spans.append((window[0][0], window[-1][1]))
                found = True
        if not found:
            return None
    return sorted(set(spans))


def search_segments(project, query: str, *, codes: list[str] | None = None, coder: str | None = None,
                    where: dict[str, str] | None = None, limit: int | None = None,
                    all_roles: bool = False) -> list[SearchHit]:
    """Segments matching ``query`` in document order (transcript name, position), filtered by
    accepted ``codes`` (by ``coder`` when given; ``coder`` alone: anything that coder accepted),
    ``where`` (respondent attributes, ``type``, ``wave``, ``transcript``). Respondents' segments
    only unless ``all_roles``."""
    terms = parse_terms(query)
    if not terms:
        raise InputError("nothing to search for", hint="give one or more words, or a \"phrase in quotes\"")
    with project.session() as s:
        q = (select(S.Segment, S.Transcript, S.Respondent.type, S.Turn).select_from(S.Segment)
             .join(S.Transcript, S.Segment.transcript_id == S.Transcript.id)
             .join(S.Turn, S.Segment.turn_id == S.Turn.id)
             .outerjoin(S.Respondent, S.Segment.respondent_id == S.Respondent.id))
        if not all_roles:
            q = q.where(S.Segment.codable.is_(True))
        if codes or coder:
            coded = select(S.Coding.segment_id).where(S.Coding.status == "accepted")
            if codes:
                coded = coded.where(S.Coding.code_id.in_(codes))
            if coder:
                coded = coded.where(S.Coding.coder == coder)
            q = q.where(S.Segment.id.in_(coded))
        for key, value in (where or {}).items():
            q = q.where(_where(s, key, value))
        rows = list(s.execute(q.order_by(S.Transcript.name, S.Segment.start)))
        if not rows:
            return []
        if s.get_bind().dialect.name == "sqlite":
            ids = _fts_ids(s, terms, [(seg.id, seg.text) for seg, *_ in rows])
            rows = [r for r in rows if r[0].id in ids]
        hits = []
        for seg, tr, rtype, turn in rows:
            spans = find_terms(seg.text, terms)
            if spans is None:
                continue
            rec = SegmentRec(seg.id, tr.id, tr.name, seg.idx, seg.start, seg.end, seg.text, seg.speaker,
                             seg.role, seg.respondent_id, rtype, tr.wave, seg.codable, turn.timestamp, turn.idx)
            turn_rec = TurnRec(turn.idx, turn.speaker, turn.role, turn.respondent_id, turn.start, turn.end,
                               tr.text[turn.start:turn.end], turn.timestamp)
            hits.append(SearchHit(rec, [(seg.start + a, seg.start + b) for a, b in spans], turn_rec))
            if limit is not None and len(hits) >= limit:
                break
        by_id = {h.segment.id: h for h in hits}
        for sid, who, code in s.execute(select(S.Coding.segment_id, S.Coding.coder, S.Coding.code_id)
                                        .where(S.Coding.segment_id.in_(by_id), S.Coding.status == "accepted")
                                        .order_by(S.Coding.coder, S.Coding.code_id)):
            by_id[sid].codes.setdefault(who, []).append(code)
        return hits


def _where(session, key: str, value: str):
    """The condition for one ``--where key=value``."""
    key = key.strip()
    if key == "wave":
        return S.Transcript.wave == value
    if key == "type":
        return func.lower(S.Respondent.type) == value.casefold()
    if key == "transcript":
        return S.Transcript.name == value
    known = set(session.scalars(select(S.RespondentAttribute.key).distinct()))
    if key not in known:
        raise InputError(f"no respondent attribute {key!r}",
                         hint="use one of: " + ", ".join(sorted(known | set(WHERE_FIELDS))))
    with_value = select(S.RespondentAttribute.respondent_id).where(
        S.RespondentAttribute.key == key, func.lower(S.RespondentAttribute.value) == value.casefold())
    return S.Segment.respondent_id.in_(with_value)


def _fts_ids(session, terms: list[Term], rows: list[tuple[int, str]]) -> set[int]:
    """Ids of the rows FTS5 matches, through a table in the connection's temporary database."""
    conn = session.connection()
    conn.execute(sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{FTS_TABLE} "
                     "USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"))
    conn.execute(sql(f"DELETE FROM temp.{FTS_TABLE}"))
    conn.execute(sql(f"INSERT INTO temp.{FTS_TABLE}(rowid, body) VALUES (:id, :body)"),
                 [{"id": i, "body": t} for i, t in rows])
    found = conn.execute(sql(f"SELECT rowid FROM temp.{FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"),
                         {"q": fts_query(terms)})
    ids = {r[0] for r in found}
    conn.execute(sql(f"DELETE FROM temp.{FTS_TABLE}"))
    return ids
