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
    question: str | None = None  # the interviewer's question, shown in italics before the quote

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


def trim_quote(text: str, max_words: int = 60, keywords: list[str] | None = None,
               score=None) -> str:
    """Shorten to at most ``max_words`` words at sentence boundaries; mark cuts with "(…)".

    Among the runs of whole sentences that fit, the one with most keyword hits wins (then the
    longest, then the earliest). ``score`` (sentence -> how well it fits the code) names the key
    sentence: the run must keep the best-scoring sentence, the one that made the segment
    codable. A single over-long sentence is cut at a word boundary.
    """
    text = " ".join(text.split())
    if _words(text) <= max_words:
        return text
    sents = split_sentences(text)
    pats = _keyword_patterns(keywords or [])
    key_sentence = None
    if score is not None and sents:
        scores = [score(x) for x in sents]
        key_sentence = max(range(len(sents)), key=lambda k: (scores[k], -k))
    best = None
    for i in range(len(sents)):
        j, n = i, 0
        while j < len(sents) and n + _words(sents[j]) <= max_words:
            n += _words(sents[j])
            j += 1
        if j == i or (key_sentence is not None and not i <= key_sentence < j):
            continue
        chunk = " ".join(sents[i:j])
        key = (sum(len(p.findall(chunk)) for p in pats), n, -i)
        if best is None or key > best[0]:
            best = (key, i, j)
    if best is None:  # every sentence alone is too long: cut the key (or first) one at a word boundary
        lead = sents[key_sentence] if key_sentence is not None else sents[0]
        words = lead.split()[:max_words]
        body = " ".join(words).rstrip(",;:–-")
        return ((f"{ELLIPSIS} " if key_sentence else "") + f"{strip_backchannels(body)} {ELLIPSIS}")
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
    """Role label plus context: "Deelnemer (IVA, 2025)", "Werkgever" (labels and k-anonymity:
    see :mod:`workbench.synthesis.attribution`)."""
    from workbench.synthesis.attribution import Attributor

    return Attributor(inp, config or ReportConfig()).label(seg)


def questions(inp: ReportInput) -> dict[int, str]:
    """segment id -> the interviewer's question right before it, for segments that open an answer."""
    out: dict[int, str] = {}
    by_transcript: dict[str, list] = {}
    for seg in inp.segments.values():
        by_transcript.setdefault(seg.transcript, []).append(seg)
    for segs in by_transcript.values():
        segs.sort(key=lambda x: (x.start, x.id))
        for prev, seg in zip(segs, segs[1:]):
            if seg.is_respondent and prev.role in ("interviewer", "moderator"):
                out[seg.id] = prev.text
    return out


def _spoken_question(question: str | None, roles: dict[str, str]) -> str | None:
    """The interviewer's turn as a reader reads it: tags as words, fillers out."""
    if not question:
        return None
    from workbench.synthesis.quote_text import clean_spoken, readable_tags

    return clean_spoken(readable_tags(question, roles))


def _sentence_scorer(inp: ReportInput, code: str, keywords: list[str]):
    """How well a sentence fits the code: similarity to the code's definition and anchor examples
    (the project's embedder, else word overlap) plus keyword hits."""
    try:
        c = inp.codebook.get(code)
        reference = [c.definition, *c.examples]
    except KeyError:
        reference = []
    pats = _keyword_patterns(keywords)
    if inp.embed is not None and reference:
        import numpy as np

        ref = _vectors(reference, inp.embed).mean(axis=0)

        def score(sentence: str) -> float:
            v = _vectors([sentence], inp.embed)[0]
            return float(v @ ref) + sum(len(p.findall(sentence)) for p in pats)

        return score
    words = set(re.findall(r"\w{4,}", " ".join(reference).lower()))

    def overlap(sentence: str) -> float:
        own = set(re.findall(r"\w{4,}", sentence.lower()))
        return len(own & words) / (len(own) or 1) + sum(len(p.findall(sentence)) for p in pats)

    return overlap


def _tag_roles(inp: ReportInput) -> dict[str, dict[str, str]]:
    """Person tag -> role word per transcript, from the words around tags and the speakers."""
    from workbench.synthesis.quote_text import speaker_role_word, tag_roles

    maps = (inp.respondent_map(), inp.transcript_map())
    texts: dict[str, list[str]] = {}
    speakers: dict[str, list[tuple[str | None, str | None]]] = {}
    for seg in inp.segments.values():
        texts.setdefault(seg.transcript, []).append(seg.text)
        if seg.speaker:
            rtype = inp.segment_type(seg, *maps) if seg.is_respondent else None
            speakers.setdefault(seg.transcript, []).append(
                (seg.speaker, speaker_role_word(seg.speaker, seg.role, rtype)))
    return tag_roles(texts, speakers)


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


def quote_text(inp: ReportInput, seg, code: str, config: ReportConfig, keywords: list[str],
               roles: dict[str, dict[str, str]] | None = None, scorer=None) -> str:
    """The segment as it is quoted: tags as words, spoken clutter out (``[quotes] clean``),
    leading backchannels dropped, trimmed around the sentence that fits the code best."""
    from workbench.synthesis.quote_text import clean_spoken, readable_tags

    text = readable_tags(seg.text, (roles or {}).get(seg.transcript, {}))
    if config.clean_quotes:
        text = clean_spoken(text, config.mark_fillers)
    return trim_quote(strip_backchannels(text), config.max_quote_words, keywords, scorer)


def select_quotes(inp: ReportInput, code: str, n: int | None = None, group: str | None = None,
                  config: ReportConfig | None = None, exclude: set[int] | None = None,
                  attributor=None) -> list[Quote]:
    """Up to ``n`` quotes for ``code`` (optionally from one respondent type), best first.

    ``exclude`` holds segment ids already quoted elsewhere in the report: they are skipped and the
    chosen ones are added, so no quote appears twice. A quote that opens with a fragment needing
    the question gets the question (``Quote.question``) when the question carries content
    (:func:`workbench.synthesis.quote_text.question_for`); otherwise it comes after the others and,
    if chosen at all, stands alone.
    """
    from workbench.synthesis.attribution import Attributor
    from workbench.synthesis.quote_text import needs_question, question_for

    config = config or ReportConfig()
    n = config.quotes_per_theme if n is None else n
    attributor = attributor or Attributor(inp, config)
    maps = (inp.respondent_map(), inp.transcript_map())
    try:
        keywords = inp.codebook.get(code).keywords
    except KeyError:
        keywords = []
    roles = _tag_roles(inp) if config.clean_quotes else {}
    scorer = _sentence_scorer(inp, code, keywords)
    asked = questions(inp) if config.question_context else {}
    taken = exclude if exclude is not None else set()
    cands, seen_text = [], set()
    for seg_id in coded_segments(inp).get(code, []):
        if seg_id in taken:
            continue
        seg = inp.segments[seg_id]
        rtype = inp.segment_type(seg, *maps)
        if group and rtype != group:
            continue
        text = quote_text(inp, seg, code, config, keywords, roles, scorer)
        key = text.lower()
        if not text or key in seen_text:
            continue
        seen_text.add(key)
        question = None
        readable = True
        if needs_question(text):  # shown with its question, or alone and chosen last
            question = question_for(text, _spoken_question(asked.get(seg_id), roles.get(seg.transcript, {})))
            readable = question is not None
        cands.append((seg, rtype, text, question, readable))
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
        for i, (seg, rtype, _, _, readable) in enumerate(cands):
            if i in chosen:
                continue
            redundancy = max((float(vecs[i] @ vecs[j]) for j in chosen), default=0.0)
            score = (1 - config.diversity) * cent[i] - config.diversity * redundancy
            new_person = seg.respondent_id is None or seg.respondent_id not in used_people
            key = (readable, new_person, rtype not in used_groups, round(score, 9), -seg.id)
            if best_key is None or key > best_key:
                best, best_key = i, key
        chosen.append(best)
        seg, rtype, _, _, _ = cands[best]
        if seg.respondent_id:
            used_people.add(seg.respondent_id)
        used_groups.add(rtype)
    from workbench.synthesis.quote_time import timed_attribution

    out = []
    for i in chosen:
        seg, rtype, text, question, _ = cands[i]
        taken.add(seg.id)
        label = attributor.label(seg)
        if config.quote_timestamps:
            label = timed_attribution(label, seg)
        out.append(Quote(seg.id, seg.respondent_id, rtype, seg.transcript, text, label, float(cent[i]), question))
    return out
