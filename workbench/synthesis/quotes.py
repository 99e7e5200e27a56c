"""Choosing quotes per theme: representative, diverse, readable, attributed by role only.

* Candidates are respondent lines coded with the theme; interviewer/moderator lines never are.
* Each is cleaned (leading "ja, nee, nou," dropped) and trimmed to ``max_words`` at sentence
  boundaries; cuts are marked "(…)". The window kept is the one with most keyword hits.
* Representative = cosine to the centroid of the theme's candidates (embeddings from
  ``ReportInput.embed``, else TF-IDF). Diverse = greedy MMR that first prefers a respondent not
  yet quoted, then a group not yet quoted; a respondent is quoted twice only when needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.synthesis.config import ReportConfig
from workbench.synthesis.inputs import ReportInput, type_label
from workbench.synthesis.themes import coded_segments

ELLIPSIS = "(…)"
_FILLERS = r"(?:eh+m?|uh+m?|ehm|hm+|mm+|nou(?:\s+ja)?|tja|ach|goh)"
_ANSWERS = r"(?:ja+|nee+|oké|okee|ok|okay|precies|inderdaad|zeker|klopt|ja\s+nee|nee\s+ja)"
_LEADING = re.compile(
    rf"^\s*(?:(?:{_FILLERS})(?:\s*[,.!?…\-–]+\s*|\s+)|(?:{_ANSWERS})\s*[,.!?…\-–]+\s*)", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-ZÀ-Ý0-9])")
_SKIP_VALUES = {"", "nb", "onbekend", "unknown", "none", "-"}


@dataclass
class Quote:
    """A chosen quote; ``formatted`` is the line as it appears in the report."""

    segment_id: int
    respondent_id: str | None
    group: str | None
    transcript: str
    text: str  # trimmed, without quotation marks
    attribution: str  # "Deelnemer (IVA, 2025)"
    centrality: float

    @property
    def formatted(self) -> str:
        return f"{curly(self.text)} – {self.attribution}"


def in_group_order(quotes: list[Quote]) -> list[Quote]:
    """Quotes in the fixed report order of groups (deelnemers first), best first within a group."""
    from workbench.synthesis.inputs import type_order

    order = type_order({q.group for q in quotes if q.group})
    return sorted(quotes, key=lambda q: order.index(q.group) if q.group in order else len(order))


def strip_backchannels(text: str) -> str:
    """Drop leading backchannels ("Ja, nee, nou, eh ...") and capitalise what follows."""
    prev = None
    text = text.strip()
    while prev != text:
        prev = text
        m = _LEADING.match(text)
        if m and m.end() < len(text):
            text = text[m.end():].lstrip()
    return text[:1].upper() + text[1:] if text and text[:1].islower() else text


def split_sentences(text: str) -> list[str]:
    """Split on . ! ? … followed by a capital, digit or opening quote (good enough for speech)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p]


def _words(text: str) -> int:
    return len(text.split())


def _keyword_patterns(keywords: list[str]) -> list[re.Pattern]:
    out = []
    for kw in keywords or []:
        try:
            out.append(re.compile(kw, re.IGNORECASE))
        except re.error:
            out.append(re.compile(re.escape(kw), re.IGNORECASE))
    return out


def trim_quote(text: str, max_words: int = 60, keywords: list[str] | None = None) -> str:
    """Shorten to at most ``max_words`` words at sentence boundaries; mark cuts with "(…)".

    Among the runs of whole sentences that fit, the one with most keyword hits wins (then the
    longest, then the earliest). A single over-long sentence is cut at a word boundary.
    """
    text = " ".join(text.split())
    if _words(text) <= max_words:
        return text
    sents = split_sentences(text)
    pats = _keyword_patterns(keywords or [])
    best = None
    for i in range(len(sents)):
        j, n = i, 0
        while j < len(sents) and n + _words(sents[j]) <= max_words:
            n += _words(sents[j])
            j += 1
        if j == i:
            continue
        chunk = " ".join(sents[i:j])
        key = (sum(len(p.findall(chunk)) for p in pats), n, -i)
        if best is None or key > best[0]:
            best = (key, i, j)
    if best is None:  # every sentence alone is too long: cut the first at a word boundary
        words = sents[0].split()[:max_words]
        body = " ".join(words).rstrip(",;:–-")
        return f"{strip_backchannels(body)} {ELLIPSIS}"
    _, i, j = best
    body = strip_backchannels(" ".join(sents[i:j]))
    return (f"{ELLIPSIS} " if i > 0 else "") + body + (f" {ELLIPSIS}" if j < len(sents) else "")


def curly(text: str) -> str:
    """Wrap in Dutch curly double quotes; inner straight double quotes become ‘ ’."""
    inner, opening = [], True
    for ch in text:
        if ch == '"':
            inner.append("‘" if opening else "’")
            opening = not opening
        else:
            inner.append(ch)
    return "“" + "".join(inner).strip("“”") + "”"


def attribution(inp: ReportInput, seg, config: ReportConfig | None = None, _maps=None) -> str:
    """Role label plus context from attributes: "Deelnemer (IVA, 2025)", "Werkgever"."""
    config = config or ReportConfig()
    respondents, transcripts = _maps or (inp.respondent_map(), inp.transcript_map())
    rtype = inp.segment_type(seg, respondents, transcripts)
    r = respondents.get(seg.respondent_id or "")
    parts = []
    for key in config.attribution.get(rtype or "", []):
        if key == "wave":
            value = inp.segment_wave(seg, transcripts) or (r.attributes.get("wave") if r else None)
        else:
            value = r.attributes.get(key) if r else None
        if value and str(value).strip().lower() not in _SKIP_VALUES and str(value) not in parts:
            parts.append(str(value).strip())
    label = type_label(rtype)
    return f"{label} ({', '.join(parts)})" if parts else label


def _vectors(texts: list[str], embed):
    """L2-normalised vectors: the project's embedder, else TF-IDF."""
    import numpy as np

    if embed is not None:
        v = np.asarray(embed(texts), dtype=float)
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer

        try:
            v = TfidfVectorizer(sublinear_tf=True).fit_transform(texts).toarray()
        except ValueError:  # empty vocabulary
            v = np.zeros((len(texts), 1))
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms


def centrality(vectors) -> "list[float]":
    """Cosine of each vector to the (normalised) centroid."""
    import numpy as np

    c = vectors.mean(axis=0)
    n = np.linalg.norm(c)
    if n == 0:
        return [0.0] * len(vectors)
    return list(vectors @ (c / n))


def select_quotes(inp: ReportInput, code: str, n: int | None = None, group: str | None = None,
                  config: ReportConfig | None = None) -> list[Quote]:
    """Up to ``n`` quotes for ``code`` (optionally from one respondent type), best first."""
    config = config or ReportConfig()
    n = config.quotes_per_theme if n is None else n
    maps = (inp.respondent_map(), inp.transcript_map())
    try:
        keywords = inp.codebook.get(code).keywords
    except KeyError:
        keywords = []
    cands, seen_text = [], set()
    for seg_id in coded_segments(inp).get(code, []):
        seg = inp.segments[seg_id]
        rtype = inp.segment_type(seg, *maps)
        if group and rtype != group:
            continue
        text = trim_quote(strip_backchannels(seg.text), config.max_quote_words, keywords)
        key = text.lower()
        if not text or key in seen_text:
            continue
        seen_text.add(key)
        cands.append((seg, rtype, text))
    if not cands or n <= 0:
        return []
    long_enough = [c for c in cands if _words(c[2].replace(ELLIPSIS, "")) >= config.min_quote_words]
    cands = long_enough or cands
    vecs = _vectors([c[2] for c in cands], inp.embed)
    cent = centrality(vecs)
    chosen: list[int] = []
    used_people: set[str] = set()
    used_groups: set[str | None] = set()
    while len(chosen) < min(n, len(cands)):
        best, best_key = None, None
        for i, (seg, rtype, _) in enumerate(cands):
            if i in chosen:
                continue
            redundancy = max((float(vecs[i] @ vecs[j]) for j in chosen), default=0.0)
            score = (1 - config.diversity) * cent[i] - config.diversity * redundancy
            new_person = seg.respondent_id is None or seg.respondent_id not in used_people
            key = (new_person, rtype not in used_groups, round(score, 9), -seg.id)
            if best_key is None or key > best_key:
                best, best_key = i, key
        chosen.append(best)
        seg, rtype, _ = cands[best]
        if seg.respondent_id:
            used_people.add(seg.respondent_id)
        used_groups.add(rtype)
    from workbench.synthesis.quote_time import timed_attribution

    def attributed(seg) -> str:
        label = attribution(inp, seg, config, maps)
        return timed_attribution(label, seg) if config.quote_timestamps else label

    return [
        Quote(cands[i][0].id, cands[i][0].respondent_id, cands[i][1], cands[i][0].transcript,
              cands[i][2], attributed(cands[i][0]), float(cent[i]))
        for i in chosen
    ]
