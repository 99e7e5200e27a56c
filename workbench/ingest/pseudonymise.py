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

from workbench.ingest.detect.appositions import apposition_spans, region_after
from workbench.ingest.detect.kinds import ORG_KINDS, unify_kinds
from workbench.ingest.detect.lexicon import in_allow, is_common_word, is_employer, is_frequent, phrase_in_allow
from workbench.ingest.detect.name_forms import complete_names, label_name_spans, spelled_word
from workbench.ingest.detect.kept_words import kept_in_use
from workbench.ingest.detect.context import context_spans, employer_spans, is_full_name, is_person_not_firm
from workbench.ingest.detect.numbers import number_spans
from workbench.ingest.detect.patterns import pattern_spans
from workbench.ingest.detect.refine import refine
from workbench.ingest.detect.unknown_names import is_course_title, unknown_name_spans
from workbench.ingest.name_cues import cue_spans, org_name_parts

TAGS = {
    "persoon": "PERSOON", "patient": "PERSOON", "locatie": "LOCATIE", "instelling": "ORGANISATIE",
    "ziekenhuis": "ORGANISATIE", "zorginstelling": "ORGANISATIE", "telefoonnummer": "TELEFOON",
    "emailadres": "EMAIL", "url": "URL", "bsn": "BSN", "datum": "DATUM", "leeftijd": "LEEFTIJD",
    "id": "ID", "postcode": "POSTCODE", "deny": "ANONIEM",
}
PARTICLES = {"de", "van", "der", "den", "het", "ter", "ten", "te", "la", "le", "'t", "in"}
# On an identical span the more specific rule wins: the deny-list, fixed shapes, then frames and
# lexicons, then deduce (whose PERSOON and LOCATIE are the least specific).
_PRIORITY = {k: i for i, k in enumerate(
    ["ANONIEM", "EMAIL", "URL", "TELEFOON", "BSN", "ID", "KENTEKEN", "POSTCODE", "DATUM", "LEEFTIJD",
     "WERKGEVER", "STRAAT", "WIJK", "PLAATS", "ORGANISATIE", "PERSOON", "LOCATIE", "NAAM"])}
_deduce = None


def _data_lines(name: str) -> list[str]:
    text = resources.files("workbench.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def default_allow_terms() -> list[str]:
    """The shipped allow-list: domain terms, nationality, origin and language words ("Turkse",
    "Tigrinya") except those that are also a first name or surname ("Frans", "Hollander"), and
    countries and continents ("Eritrea", "Europa") except those that are also a first name ("Kenia")."""
    from workbench.ingest.detect.lexicon import is_first_name, is_surname

    origins = _data_lines("nationalities.txt") + _data_lines("origins_languages.txt")
    countries = [c for c in _data_lines("countries.txt") if not is_first_name(c)]  # "Kenia" is a name too
    return _data_lines("allow_terms.txt") + [w for w in origins if not (is_first_name(w) or is_surname(w))] + countries


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
                 notify: Callable[[str], None] | None = None, keep_employers: bool = False):
        self.allow = {t.casefold() for t in default_allow_terms() + list(allow or [])}
        self.keep_employers = keep_employers  # [import] keep_employers: chains on the lexicon stay
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
            if sp.kind in ORG_KINDS or (sp.kind == "PERSOON" and len(words) >= 2):
                self.shared.setdefault(text, sp.kind)
                if sp.kind in ORG_KINDS:
                    for part in org_name_parts(words):
                        self.shared.setdefault(part, sp.kind)

    # -------------------------------------------------------------- detection
    def _spans(self, doc: str) -> list[Span]:
        engine = get_deduce(self.notify)
        spans: list[Span] = []
        for term in self.deny:
            for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", doc, re.I):
                spans.append(Span(m.start(), m.end(), "ANONIEM"))
        spans += [Span(a, b, k) for a, b, k in number_spans(doc)]
        found = list(context_spans(doc, self.allow)) + list(cue_spans(doc))
        if not self.keep_employers:
            found += list(employer_spans(doc, self.allow))
        found += [(a, b, k) for a, b, k in pattern_spans(doc)]
        found = [(a, b, "PERSOON" if k in ORG_KINDS and is_full_name(doc[a:b]) else k) for a, b, k in found]
        spans += [Span(a, b, k) for a, b, k in found
                  if not self._allowed(doc[a:b]) and not is_person_not_firm(doc[a:b], k)
                  and not (k in ORG_KINDS and is_course_title(doc, a, b, self.allow))]
        for ann in engine.deidentify(doc).annotations:
            kind = TAGS.get(ann.tag.split("_")[0], ann.tag.upper())
            for a, b in _sentence_parts(doc, ann.start_char, ann.end_char):
                for s, e, k in refine(doc, a, b, kind):
                    if not self._allowed(doc[s:e]):
                        spans.append(Span(s, e, k))
        # a firm's short form after it ("…, de EBG,"), a person's firm in brackets, "RIB Zuid"
        spans += [Span(a, b, k) for a, b, k in apposition_spans(doc, [(sp.start, sp.end, sp.kind) for sp in spans],
                                                                  self.allow)]
        spans += [Span(a, b, k) for a, b, k in label_name_spans(doc, self.allow)]  # "Verbeek, Thijs (Kwadrant)"
        # capitalised names inside a sentence that no rule above explains
        covered = [(sp.start, sp.end) for sp in spans]
        spans += [Span(a, b, k) for a, b, k in unknown_name_spans(doc, self.allow, covered)
                  if not self._allowed(doc[a:b])]
        # last: other forms of the names found (spelled out, a short form, a first name no list has)
        spans = complete_names(doc, spans, self.allow, Span)
        # "een Vlaming", "gewoon Hollands brood", "(Gast)": words a name list has, used as no name
        spans = [sp for sp in spans if sp.kind == "ANONIEM" or not kept_in_use(doc, sp.start, sp.end)]
        if self.keep_employers:  # whatever rule found them, names on the employer lexicon stay
            spans = [sp for sp in spans if not is_employer(doc[sp.start:sp.end])]
        return _merge(spans, doc)

    def _allowed(self, text: str) -> bool:
        """Every capitalised part is on the allow-list ("UWV", "IVA-klanten"; not "Jan de Vries")."""
        if phrase_in_allow(text, self.allow):  # "Naar Werk", "Naar Werk-traject"
            return True
        words = [w for w in re.split(r"[\s,/-]+", text.strip()) if w]
        caps = [w for w in words if not w[:1].islower()] or words
        return bool(caps) and all(in_allow(w, self.allow) for w in caps)

    def detect(self, doc: str) -> list[Span]:
        """Every identifier in ``doc`` (one text), as tagged by :meth:`run`: detections, then
        other occurrences of what was found. Used by ``privacy apply`` on stored text."""
        return _propagate(doc, self._spans(doc), self.allow, self.shared)

    # -------------------------------------------------------------- main entry
    def run(self, labels: list[str | None], texts: list[str], file_name: str) -> Pseudonymised:
        doc, parts = _document(labels, texts)
        spans = self._found.pop(doc, None) or self._spans(doc)
        spans = unify_kinds(doc, _propagate(doc, spans, self.allow, self.shared))
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
        norm = spelled_word(text) or text.casefold()  # "S-E-D-N-E-Y" is "Sedney"
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
            if not owners and len(toks) == 1 and not is_frequent(norm):  # "Zuza" of "Zuzanna"
                owners = [t for t, known in self.person_tokens.items()
                          if any(k.startswith(norm) and len(k) >= len(norm) + 2 for k in known)]
            if len(owners) == 1:
                tag = owners[0]
        if tag is None:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            tag = f"[{kind}-{self.counts[kind]}]"
            if kind == "PERSOON":
                self.person_tokens[tag] = _name_tokens(norm)
        if kind in ORG_KINDS:  # "Zuidwerk" later gets the tag of "Zuidwerk Re-integratie"
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
    return {t for t in re.split(r"[\s\-,]+", norm) if t and t not in PARTICLES and len(t) > 1}


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


def _merge(spans: list[Span], doc: str = "") -> list[Span]:
    """Drop spans overlapping an earlier, longer one (on a tie, the more specific kind). A deduce
    person or place that runs into a more specific name ("van Stap" of "Stap Verder") gives way."""
    out: list[Span] = []
    for sp in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), _PRIORITY.get(s.kind, 99))):
        if out and sp.start < out[-1].end:
            last = out[-1]
            if sp.end > last.end and sp.kind == last.kind:
                last.end = sp.end
            elif doc and sp.end <= last.end and last.kind in _GENERIC and sp.kind not in _GENERIC and \
                    not any(c.isupper() for c in doc[last.start:sp.start] + doc[sp.end:last.end]):
                out[-1] = sp  # "aan de Vossenberg": deduce's "de Vossenberg" person is the street
            elif doc and sp.end > last.end and last.kind in _GENERIC and sp.kind not in _GENERIC:
                last.end = last.start + len(doc[last.start:sp.start].rstrip())
                if not any(c.isupper() for c in doc[last.start:last.end]):
                    out.pop()
                out.append(sp)
            continue
        out.append(sp)
    return out


_GENERIC = ("PERSOON", "LOCATIE")
_NOT_PROPAGATED = ("LEEFTIJD", "DATUM")  # "twaalf" is an age in one sentence, a count in the next
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
        if len(text) >= 3 and sp.kind not in _NOT_PROPAGATED:
            needles.setdefault(text, sp.kind)
        digits = re.match(r"[1-9]\d{3}(?=\s?[A-Za-z]{2}$)", text) if sp.kind == "POSTCODE" else None
        if digits and not 1900 <= int(digits.group(0)) <= 2099:  # "1354, eh…" before or after "1354 AJ"
            needles.setdefault(digits.group(0), "POSTCODE")  # (a year-like number may be the year)
        if sp.kind in ORG_KINDS:  # "Brinkman" of "Hoveniersbedrijf Brinkman"
            for part in org_name_parts(text.split()):
                needles.setdefault(part, sp.kind)
        if sp.kind == "PERSOON":
            for tok in text.replace(",", " ").split():
                if len(tok) >= 3 and tok[0].isupper() and tok.casefold() not in PARTICLES | allow:
                    needles.setdefault(tok, "PERSOON")
                # "Kowalczyk-de Boer": each half of a double surname is the person too
                for part in tok.split("-") if "-" in tok else ():
                    if len(part) >= 4 and part[0].isupper() and not is_common_word(part) and part.casefold() not in allow:
                        needles.setdefault(part, "PERSOON")
    extra = []
    for needle, kind in sorted(needles.items(), key=lambda kv: -len(kv[0])):
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(p) for p in needle.split()) + r"(?!\w)"
        for m in re.finditer(pattern, doc):
            extra.append(Span(m.start(), m.end(), kind))
    out = _merge(spans + extra)
    for sp in out:  # "Talentfabriek Noord" where only "Talentfabriek" was found: the region names the office
        if sp.kind in ORG_KINDS and (region := region_after(doc, sp.end)):
            sp.end = region
    return _merge(out)


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
    # a firm's distinctive word alone ("Hooiberg" of "Zorgboerderij De Hooiberg"): file names shorten names
    for orig, tag in originals:
        if tag[1:].rsplit("-", 1)[0] not in ORG_KINDS:
            continue
        for word in orig.split():
            if word[:1].isupper() and len(word) >= 5 and not is_frequent(word):
                stem = re.sub(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", tag, stem, flags=re.I)
    stem = re.sub(r"(\[[A-Z]+-\d+\])(?:[_\-\s]+\1)+", r"\1", stem)
    return f"{stem}.{ext}" if ext else stem
