"""What may still identify someone in the stored (pseudonymised) text.

The audit reads what is stored, never the source files, and lists candidates for a person to
judge, each with a count and its contexts:

- ``naam``: a capitalised word on deduce's first-name or surname list, or mid-sentence and not
  a common Dutch word (Dutch capitalises names, not nouns: "bij de Jumbo", "22 jaar bij ING"),
  or opening a sentence and no Dutch word at all ("Hanzewerk regelde alles");
  neighbouring capitalised words are listed together ("Albert Heijn");
- ``plaats``: a word (or two or three) on deduce's list of Dutch places;
- ``nummer``: phone numbers, postcodes, numeric dates, IBANs and runs of five or more digits;
- ``nummer`` also: numbers read out (five digits or more in words or groups, "nul zes, twaalf, …"),
  postcodes read out ("vier acht drie twee ka el"), letters spelled out ("es em ie tee", "S-M-I-T",
  "Karel Theo Pieter") and dictated plates, without the cue word the tagger needs
  (``audit_spoken.py``; amounts, durations, counts, times, years and percentages are not listed);
- ``datum``: dates in words ("twaalf maart", "12 maart eenennegentig"), and a year or day near
  "geboren";
- ``leeftijd``: an age said with a cue ("ik word morgen vierenvijftig", "zestig geworden",
  "jarig, vijftig", "ik ben achtenvijftig.").

Tags (``[PERSOON-1]``), speaker labels such as ``Interviewer:``, and the allow-list are skipped.
It errs on the side of listing: a word wrongly listed costs a glance, a name missed a leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.privacy.audit_spoken import spoken_candidates
from workbench.textrules import NON_SPEECH

KINDS = ("naam", "plaats", "nummer", "datum", "leeftijd")
COMPOUND_ZIPF = 2.5  # a part of a hyphenated compound at least this frequent is a Dutch word
COMMON_ZIPF = 4.5  # mid-sentence: capitalised words at least this frequent in Dutch are not listed
START_ZIPF = 5.0  # sentence start: a name-list word this frequent ("Mooi", "Wel") is an ordinary word
PLACE_WORD_ZIPF = 4.0  # sentence start: a place that is also this common a word ("Een", "Echt", "Dieren") is the word
UNKNOWN_ZIPF = 1.0  # below this a word is on no Dutch word list at all (wordfreq's large list ends near 1)

_TAG = re.compile(r"\[[A-Z]+-\d+\]")
_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|:\s+|\n\s*|[\"“‘(]\s*)$")
_NOTE_BEFORE = re.compile(NON_SPEECH.pattern + r"\s*$", re.IGNORECASE)
"""A transcriber's note ("[lacht]", "(zucht)", "[pauze]") just before a word (textrules' list)."""
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "jan|feb|mrt|apr|jun|jul|aug|sept?|okt|nov|dec")
_UNITS = "een|twee|drie|vier|vijf|zes|zeven|acht|negen"
_DAY_WORDS = (rf"(?:(?:{_UNITS})(?:en(?:twintig|dertig))|twintig|dertig|tien|elf|twaalf|dertien|veertien|"
              rf"vijftien|zestien|zeventien|achttien|negentien|{_UNITS})(?:ste|de)?|eerste|tweede|derde|achtste")
_YEAR_WORDS = (rf"(?:negentien|twee ?duizend)?[- ]?(?:(?:{_UNITS})(?:en)?)?(?:twintig|dertig|veertig|vijftig|"
               rf"zestig|zeventig|tachtig|negentig)")
DATE_WORDS = re.compile(
    rf"\b(?:\d{{1,2}}(?:e|ste|de)?|{_DAY_WORDS})\s+(?:{_MONTHS})\b\.?"
    rf"(?:[\s,]+(?:eh[,.]?\s+)*(?:(?:19|20)\d{{2}}|'\d{{2}}|{_YEAR_WORDS}))?", re.I)
NUMBERS = [
    ("telefoon", re.compile(r"(?<![\w])(?:\+31[\s-]?|0031[\s-]?|0)(?:6|[1-9]\d)(?:[\s-]?\d){7,8}(?!\d)")),
    ("postcode", re.compile(r"(?<!\w)[1-9]\d{3}\s?[A-Z]{2}(?!\w)")),
    ("datum", re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}(?!\d)")),
    ("iban", re.compile(r"\bNL\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b")),
    ("e-mail", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # not a research code ("D-24-031", "R-2024-017": a letter, a hyphen, the serial) nor a month ("2024-03")
    ("getal", re.compile(r"(?<![\w.,])(?<![A-Za-z]-)(?!(?:19|20)\d\d-[01]\d(?!\d))\d(?:[\s.-]?\d){4,}(?![\w])")),
]


@dataclass
class Finding:
    kind: str  # naam | plaats | nummer | datum | leeftijd
    text: str
    reason: str
    count: int = 0
    transcripts: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "reason": self.reason, "count": self.count,
                "transcripts": self.transcripts, "contexts": self.contexts}


def audit_texts(texts: list[tuple[str, str]], allow: set[str], max_contexts: int = 3) -> list[Finding]:
    """Findings over ``(transcript name, stored text)`` pairs, most frequent first per kind."""
    found: dict[tuple[str, str], Finding] = {}
    for name, text in texts:
        masked = _mask(text)
        for kind, start, end, reason in _candidates(masked, allow):
            item = text[start:end]
            f = found.setdefault((kind, item.casefold()), Finding(kind, item, reason))
            f.count += 1
            if name not in f.transcripts:
                f.transcripts.append(name)
            if len(f.contexts) < max_contexts:
                f.contexts.append(_context(text, start, end))
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(found.values(), key=lambda f: (order[f.kind], -f.count, f.text.casefold()))


def _mask(text: str) -> str:
    """Tags and role labels blanked out (same length, so offsets hold)."""
    from workbench.ingest.speakers import speaker_role

    text = _TAG.sub(lambda m: "#" * len(m.group(0)), text)

    def label(m: re.Match) -> str:
        return " " * len(m.group(1)) + m.group(2) if speaker_role(m.group(1)) else m.group(0)

    return re.sub(r"(?m)^([^:\n]{1,40})(:\s)", label, text)


def _candidates(text: str, allow: set[str]):
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    for m in DATE_WORDS.finditer(text):
        taken.append(m.span())
        yield "datum", m.start(), m.end(), "datum in woorden"
    for reason, pattern in NUMBERS:
        for m in pattern.finditer(text):
            if free(*m.span()) and not (reason == "getal" and _is_year_or_amount(m.group(0))):
                taken.append(m.span())
                yield "nummer", m.start(), m.end(), reason
    for kind, start, end, reason in spoken_candidates(text, free):
        if free(start, end):
            taken.append((start, end))
            yield kind, start, end, reason
    yield from _words(text, allow, free)


def _is_year_or_amount(s: str) -> bool:
    digits = re.sub(r"\D", "", s)
    return len(digits) < 5


def _words(text: str, allow: set[str], free):
    from workbench.ingest.detect.lexicon import is_interjection
    from workbench.ingest.lexicons import dutch_words, is_name_word, places

    freq = dutch_words()
    words = [m for m in _WORD.finditer(text) if free(*m.span())]
    i = 0
    while i < len(words):
        j = i  # a run of capitalised words separated by single spaces
        while j + 1 < len(words) and text[words[j].end():words[j + 1].start()] == " ":
            j += 1
        run = words[i:j + 1]
        i = j + 1
        phrase = text[run[0].start():run[-1].end()].strip("'’-")
        if phrase.casefold() in allow or all(w.group(0).casefold().strip("'’-") in allow for w in run):
            continue
        if phrase.casefold() in places():
            at_start = _opens_sentence(text, run[0].start())
            if not (len(run) == 1 and at_start and _zipf(freq.get(phrase.casefold(), 0.0)) >= PLACE_WORD_ZIPF):
                yield "plaats", run[0].start(), run[-1].end(), "plaatsnaam"
            continue
        reasons: dict[int, str] = {}
        for k, w in enumerate(run):
            word = w.group(0).strip("'’-")
            low = word.casefold()
            if (_kept(low, allow) or len(word) < 2 or is_interjection(word) or _known_compound(word, allow, freq)
                    or _code_or_word(word, freq)):
                continue
            zipf = _zipf(freq.get(low, 0.0))
            at_start = k == 0 and _opens_sentence(text, w.start())
            if low in places() and zipf < START_ZIPF:
                reasons[k] = "plaatsnaam"
            elif is_name_word(word) and zipf < START_ZIPF:
                reasons[k] = "voornaam of achternaam"
            elif not at_start and zipf < COMMON_ZIPF:
                reasons[k] = "hoofdletter, geen gangbaar Nederlands woord"
            elif at_start and zipf < UNKNOWN_ZIPF and len(word) >= 3 and not word.isupper():
                reasons[k] = "geen Nederlands woord"  # "Hanzewerk regelde alles.": a name opening a sentence
        if reasons:  # from the first to the last suspicious word: "De Spaarmarkt" is listed as "Spaarmarkt"
            first, last = min(reasons), max(reasons)
            kind = "plaats" if set(reasons.values()) == {"plaatsnaam"} else "naam"
            yield kind, run[first].start(), run[last].end(), reasons[first]


def _opens_sentence(text: str, pos: int) -> bool:
    """The word at ``pos`` opens a sentence or a turn, also after a transcriber's note ("[lacht] Een
    auto…", "Interviewer: (zucht) Wisselend.")."""
    before = text[max(0, pos - 80):pos]
    while (note := _NOTE_BEFORE.search(before)) is not None:
        before = before[:note.start()] + " "
    return bool(_SENTENCE_START.search(before[-3:] if before.strip() else ""))


def _code_or_word(word: str, freq: dict[str, float]) -> bool:
    """A code or a road with digits ("D24-033", "A2", "R024"), or a Dutch word in capitals ("NAASTE")."""
    if any(c.isdigit() for c in word):
        return True
    return word.isupper() and len(word) >= 5 and _zipf(freq.get(word.casefold(), 0.0)) >= COMPOUND_ZIPF


def _known_compound(word: str, allow: set[str], freq: dict[str, float]) -> bool:
    """"IVA-uitkering", "Wajong-DGA", "No-riskpolis": every part is an allowed term or a Dutch
    word, and at least one is allowed or common (an acronym part counts only when allowed)."""
    raw = [p for p in re.split(r"[-'’]", word) if p]
    parts = [p.casefold() for p in raw]
    if len(parts) < 2 or any(r.isupper() and p not in allow for r, p in zip(raw, parts)):
        return False
    zipf = [_zipf(freq.get(p, 0.0)) for p in parts]
    return all(p in allow or z >= COMPOUND_ZIPF for p, z in zip(parts, zipf)) and \
        any(p in allow or z >= COMMON_ZIPF for p, z in zip(parts, zipf))


def _kept(low: str, allow: set[str]) -> bool:
    """In the allow-list, or an inflected form of a word in it ("Syrische", "Turkse")."""
    return low in allow or (low.endswith("e") and (low[:-1] in allow or low[:-2] in allow and low.endswith("se")))


def _zipf(frequency: float) -> float:
    import math

    return math.log10(frequency) + 9 if frequency > 0 else 0.0


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + " ".join(text[a:b].split()) + ("…" if b < len(text) else "")


def audit_project(project, transcript: str | None = None) -> list[Finding]:
    from workbench.ingest.pseudonymise import default_allow_terms
    from workbench.store.transcripts import list_transcripts, transcript_texts

    allow = {t.casefold() for t in default_allow_terms() + list(project.setting("import", "allow", []))}
    heads = {t.id: t.headers or {} for t in list_transcripts(project)}
    texts = []
    for tid, name, text in transcript_texts(project, transcript):
        # the stored name and the header values too: a firm or a person named only in the file name
        # ("WG04 interview Hooiberg …"); read as words, each after a lowercase label
        about = [f"bestandsnaam: {name.replace('_', ' ')}"] + [f"kop: {v}" for v in heads.get(tid, {}).values()
                                                               if isinstance(v, str)]
        texts.append((name, "\n".join(about) + "\n" + text))
    return audit_texts(texts, allow)
