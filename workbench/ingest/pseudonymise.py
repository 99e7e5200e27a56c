"""Pseudonymisation of speaker turns with deduce (Dutch de-identification).

Identifiers become consistent tags within a transcript (``[PERSOON-1]``, ``[LOCATIE-2]`` …):
the same string gets the same tag, and a part of a known person name ("Smit" after
"Marieke Smit") gets that person's tag. Speaker labels and the file name are pseudonymised
with the same mapping. The key (tag → original strings) is returned to the caller, who may
write it to a file outside the project; it never enters the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from workbench.ingest.name_cues import cue_spans, org_name_parts

TAGS = {
    "persoon": "PERSOON", "patient": "PERSOON", "locatie": "LOCATIE", "instelling": "INSTELLING",
    "ziekenhuis": "INSTELLING", "zorginstelling": "INSTELLING", "telefoonnummer": "TELEFOON",
    "emailadres": "EMAIL", "url": "URL", "bsn": "BSN", "datum": "DATUM", "leeftijd": "LEEFTIJD",
    "id": "ID", "postcode": "LOCATIE", "deny": "ANONIEM",
}
HONORIFICS = re.compile(r"^(?:mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de heer|dokter|dr\.?|juf|meester)\s+", re.I)
PARTICLES = {"de", "van", "der", "den", "het", "ter", "ten", "te", "la", "le", "'t", "in"}
_deduce = None

# Patterns deduce misses in spoken transcripts; found spans are tagged like deduce's.
_ORG_HEAD = (r"(?:Bakkerij|Tandartspraktijk|Huisartsenpraktijk|Praktijk|Kapsalon|Garage|Stichting|Camping|"
             r"Restaurant|Hotel|Supermarkt|Zorgboerderij|Kinderopvang|Atelier|Caf[eé]|Bouwbedrijf|"
             r"Schildersbedrijf|Hoveniersbedrijf|Installatiebedrijf|Transportbedrijf|Reintegratiebureau|"
             r"Re-integratiebureau|Bureau|Winkel|Drukkerij|Slagerij|Kwekerij|Werkplaats)")
EXTRA_PATTERNS = [
    ("INSTELLING", re.compile(_ORG_HEAD + r"(?:\s+(?:de|het|De|Het|'t|van|Van))*(?:\s+[A-Z][\w'-]+)+")),
    ("BSN", re.compile(r"(?<![\d-])\d{3}[ .]?\d{3}[ .]?\d{3}(?![\d-])")),
    ("TELEFOON", re.compile(r"(?<!\d)0(?:6[ -]?|\d{2}[ -])\d{2}(?:[ -]?\d{2}){3}(?!\d)")),
    ("LOCATIE", re.compile(r"(?<!\d)[1-9]\d{3} ?[A-Z]{2}(?![\w])")),
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
]


def _elfproef(digits: str) -> bool:
    d = [int(c) for c in digits]
    return len(d) == 9 and (sum((9 - i) * d[i] for i in range(8)) - d[8]) % 11 == 0


def default_allow_terms() -> list[str]:
    text = resources.files("workbench.data").joinpath("allow_terms.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def deduce_ready() -> bool:
    """True when deduce's lookup tables are already built (the first build takes ~1-2 min)."""
    import deduce

    cache = Path(deduce.__file__).parent / "data" / "lookup" / "cache"
    return cache.is_dir() and any(cache.iterdir())


def get_deduce(notify: Callable[[str], None] | None = None):
    """The shared deduce instance (building it costs seconds; the first ever build minutes)."""
    global _deduce
    if _deduce is None:
        import logging

        logging.getLogger().setLevel(logging.WARNING)
        if notify is not None and not deduce_ready():
            notify("Building deduce's Dutch lookup tables: first run only, about 75-120 s …")
        import deduce

        _deduce = deduce.Deduce()
        logging.getLogger().setLevel(logging.WARNING)  # deduce sets the root logger to INFO
    return _deduce


@dataclass
class Span:
    start: int
    end: int
    kind: str  # PERSOON, LOCATIE, ...


@dataclass
class Pseudonymised:
    """Result for one transcript: pseudonymised labels and texts, display name and key."""

    labels: list[str | None]
    texts: list[str]
    name: str
    key: dict[str, list[str]] = field(default_factory=dict)  # tag -> originals

    @property
    def replaced(self) -> int:
        return sum(len(v) for v in self.key.values())


class Pseudonymiser:
    """Tags identifiers in a transcript's turns. ``allow``: never tag; ``deny``: always tag."""

    def __init__(self, allow: list[str] | None = None, deny: list[str] | None = None,
                 notify: Callable[[str], None] | None = None):
        self.allow = {t.casefold() for t in default_allow_terms() + list(allow or [])}
        self.deny = [d for d in (deny or []) if d.strip()]
        self.notify = notify
        self.shared: dict[str, str] = {}  # names found in other files of the same batch
        self._found: dict[str, list[Span]] = {}  # detections from collect(), reused by run()

    def collect(self, labels: list[str | None], texts: list[str]) -> None:
        """Remember multi-word person and organisation names found in this file, so that other
        files of the same import batch replace them too (kept in memory only, never stored)."""
        doc, _ = _document(labels, texts)
        spans = self._found[doc] = self._spans(doc)
        for sp in spans:
            text = " ".join(doc[sp.start:sp.end].split())
            words = text.split()
            if sp.kind == "INSTELLING" or (sp.kind == "PERSOON" and len(words) >= 2):
                self.shared.setdefault(text, sp.kind)
                if sp.kind == "INSTELLING":
                    for part in org_name_parts(words):
                        self.shared.setdefault(part, sp.kind)

    # -------------------------------------------------------------- detection
    def _spans(self, doc: str) -> list[Span]:
        engine = get_deduce(self.notify)
        spans: list[Span] = []
        for ann in engine.deidentify(doc).annotations:
            kind = TAGS.get(ann.tag.split("_")[0], ann.tag.upper())
            start, end = ann.start_char, ann.end_char
            text = doc[start:end]
            if kind == "PERSOON":
                m = HONORIFICS.match(text)
                if m:
                    start += m.end()
            for a, b in _sentence_parts(doc, start, end):
                if not self._allowed(doc[a:b]):
                    spans.append(Span(a, b, kind))
        for kind, pattern in EXTRA_PATTERNS:
            for m in pattern.finditer(doc):
                if kind == "BSN" and not _elfproef(re.sub(r"\D", "", m.group(0))):
                    continue
                spans.append(Span(m.start(), m.end(), kind))
        for term in self.deny:
            for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", doc, re.I):
                spans.append(Span(m.start(), m.end(), "ANONIEM"))
        for start, end, kind in cue_spans(doc):  # after deny and deduce: on a tie, theirs is kept
            if not self._allowed(doc[start:end]):
                spans.append(Span(start, end, kind))
        return _merge(spans)

    def _allowed(self, text: str) -> bool:
        words = [w for w in re.split(r"[\s,]+", text.strip()) if w]
        return bool(words) and all(w.casefold().strip(".:;") in self.allow for w in words)

    def detect(self, doc: str) -> list[Span]:
        """Every identifier in ``doc`` (one text), as tagged by :meth:`run`: detections, then
        other occurrences of what was found. Used by ``privacy apply`` on stored text."""
        return _propagate(doc, self._spans(doc), self.allow, self.shared)

    # -------------------------------------------------------------- main entry
    def run(self, labels: list[str | None], texts: list[str], file_name: str) -> Pseudonymised:
        doc, parts = _document(labels, texts)
        spans = self._found.pop(doc, None) or self._spans(doc)
        spans = _propagate(doc, spans, self.allow, self.shared)
        tagger = _Tagger()
        for sp in sorted(spans, key=lambda s: -(s.end - s.start)):
            tagger.tag(doc[sp.start:sp.end], sp.kind)
        tagger.renumber([tagger.tag(doc[sp.start:sp.end], sp.kind) for sp in spans])
        out = []
        for (a, b) in parts:
            out.append(_replace(doc, a, b, spans, tagger))
        new_labels = [(out[2 * i] or None) if labels[i] is not None else None for i in range(len(labels))]
        new_texts = [out[2 * i + 1] for i in range(len(texts))]
        from workbench.ingest.file_names import clean_file_name  # names only in the file name (hook)

        name = clean_file_name(_pseudonymise_name(file_name, tagger), tagger, self.allow)
        return Pseudonymised(new_labels, new_texts, name, tagger.key())


class _Tagger:
    """Assigns consistent tags: equal strings, and parts of a known person name, share a tag."""

    def __init__(self):
        self.by_text: dict[tuple[str, str], str] = {}
        self.counts: dict[str, int] = {}
        self.originals: dict[str, list[str]] = {}
        self.person_tokens: dict[str, set[str]] = {}

    def tag(self, text: str, kind: str) -> str:
        text = " ".join(text.split())
        norm = text.casefold()
        tag = self.by_text.get((kind, norm)) or self._new_tag(text, norm, kind)
        known = self.originals.setdefault(tag, [])
        if text not in known:
            known.append(text)
        return tag

    def _new_tag(self, text: str, norm: str, kind: str) -> str:
        tag = None
        if kind == "PERSOON":
            toks = _name_tokens(norm)
            owners = [t for t, known in self.person_tokens.items() if toks and toks <= known]
            if len(owners) == 1:
                tag = owners[0]
        if tag is None:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            tag = f"[{kind}-{self.counts[kind]}]"
            if kind == "PERSOON":
                self.person_tokens[tag] = _name_tokens(norm)
        if kind == "INSTELLING":  # "Zuidwerk" later gets the tag of "Zuidwerk Re-integratie"
            for part in org_name_parts(text.split()):
                self.by_text.setdefault((kind, part.casefold()), tag)
        self.by_text[(kind, norm)] = tag
        return tag

    def renumber(self, in_order: list[str]) -> None:
        """Number tags of each kind by first appearance in the document."""
        new: dict[str, str] = {}
        counts: dict[str, int] = {}
        for tag in in_order:
            if tag not in new:
                kind = tag[1:].rsplit("-", 1)[0]
                counts[kind] = counts.get(kind, 0) + 1
                new[tag] = f"[{kind}-{counts[kind]}]"
        self.by_text = {k: new.get(v, v) for k, v in self.by_text.items()}
        self.originals = {new.get(k, k): v for k, v in self.originals.items()}
        self.person_tokens = {new.get(k, k): v for k, v in self.person_tokens.items()}

    def key(self) -> dict[str, list[str]]:
        return {t: list(v) for t, v in self.originals.items()}


def _name_tokens(norm: str) -> set[str]:
    return {t for t in re.split(r"[\s\-]+", norm) if t and t not in PARTICLES and len(t) > 1}


# A sentence end inside one detection ("mevrouw Vermeulen. Linda Vermeulen"): a word of three or
# more letters, then . ! ? or ;, then a space. Initials ("J. Jansen") are not sentence ends.
_SENTENCE_END = re.compile(r"(?<=\w{3})[.!?;]\s+")


def _sentence_parts(doc: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a detection at sentence ends, so the punctuation between two names stays in the text."""
    parts, pos = [], start
    for m in _SENTENCE_END.finditer(doc, start, end):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    return [(a, b) for a, b in parts if b > a]


def _merge(spans: list[Span]) -> list[Span]:
    """Drop spans overlapping an earlier, longer one."""
    out: list[Span] = []
    for sp in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and sp.start < out[-1].end:
            if sp.end > out[-1].end and sp.kind == out[-1].kind:
                out[-1].end = sp.end
            continue
        out.append(sp)
    return out


def _document(labels: list[str | None], texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """One document of all turns (so deduce sees context) and where each label/text sits."""
    parts: list[tuple[int, int]] = []
    chunks: list[str] = []
    pos = 0
    for label, text in zip(labels, texts):
        for piece, sep in (((label or ""), ": "), (text, "\n\n")):
            parts.append((pos, pos + len(piece)))
            chunks.append(piece + sep)
            pos += len(piece) + 2
    return "".join(chunks), parts


def _propagate(doc: str, spans: list[Span], allow: set[str], shared: dict[str, str] | None = None) -> list[Span]:
    """Tag other occurrences of already-tagged strings (and surnames of tagged persons)."""
    needles: dict[str, str] = dict(shared or {})
    for sp in spans:
        text = " ".join(doc[sp.start:sp.end].split())
        if len(text) >= 3:
            needles.setdefault(text, sp.kind)
        if sp.kind == "PERSOON":
            for tok in text.split():
                if len(tok) >= 3 and tok[0].isupper() and tok.casefold() not in PARTICLES | allow:
                    needles.setdefault(tok, "PERSOON")
    extra = []
    for needle, kind in sorted(needles.items(), key=lambda kv: -len(kv[0])):
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(p) for p in needle.split()) + r"(?!\w)"
        for m in re.finditer(pattern, doc):
            extra.append(Span(m.start(), m.end(), kind))
    return _merge(spans + extra)


def _replace(doc: str, a: int, b: int, spans: list[Span], tagger: _Tagger) -> str:
    out, pos = [], a
    for sp in spans:
        if sp.end <= a or sp.start >= b:
            continue
        s, e = max(sp.start, a), min(sp.end, b)
        out.append(doc[pos:s])
        out.append(tagger.tag(doc[sp.start:sp.end], sp.kind))
        pos = e
    out.append(doc[pos:b])
    return "".join(out)


def _pseudonymise_name(file_name: str, tagger: _Tagger) -> str:
    """Replace any known identifier (full or a name part) found in the file name."""
    stem, dot, ext = file_name.rpartition(".")
    if not dot:
        stem, ext = file_name, ""
    originals = sorted(
        ((orig, tag) for tag, origs in tagger.originals.items() for orig in origs),
        key=lambda ot: -len(ot[0]),
    )
    for orig, tag in originals:
        parts = [re.escape(p) for p in orig.split()]
        stem = re.sub(r"(?<![^\W_])" + r"[\s_\-.]+".join(parts) + r"(?![^\W_])", tag, stem, flags=re.I)
    for tag, toks in tagger.person_tokens.items():
        for tok in toks:
            if len(tok) >= 3:
                stem = re.sub(r"(?<![^\W_])" + re.escape(tok) + r"(?![^\W_])", tag, stem, flags=re.I)
    stem = re.sub(r"(\[[A-Z]+-\d+\])(?:[_\-\s]+\1)+", r"\1", stem)
    return f"{stem}.{ext}" if ext else stem
