"""Other forms of a name that another rule already found in the same transcript.

People spell their name out for the interviewer ("met een y aan het eind, S-E-D-N-E-Y"), call
someone by a short form of the name the header or another speaker gave ("Zuzanna" … "Zuza werkt
bij de gemeente"), and say one half of a double surname ("Kowalczyk-de Boer" … "Kowalczyk, net
als ik"). These forms may open a sentence, where the rule for capitalised names leaves words
alone, and they are often in no word list. So they are found from the names already found:

- a word spelled out letter by letter with hyphens (four letters or more) gets the kind of the
  name it spells, or ``PERSOON`` when it spells a word on the name lists, else ``NAAM``;
- a capitalised word of three letters or more that is no frequent Dutch word and begins a longer person's
  name found in the transcript is a short form of that name (``PERSOON``).

- a speaker label in the order Teams writes it, "Achternaam, Voornaam (organisatie)", is one
  person's name;
- a capitalised word that opens a sentence right before a found name ("Sjra Ortmans, de oude
  baas") and is no frequent Dutch word is a first name the lists lack: the name grows over it.

The half of a double surname is found by propagation (``pseudonymise._propagate``).
"""

from __future__ import annotations

import re

from workbench.ingest.detect import lexicon

SPELLED = re.compile(r"(?<![\w-])[A-Za-zÀ-ÿ](?:\s?-\s?[A-Za-zÀ-ÿ]){3,}(?![\w-])")
_WORD = re.compile(r"(?<![\w\[@./'’-])[A-ZÀ-Ý][a-zà-ÿ]{2,}(?![\w@-])")


def spelled_word(text: str) -> str | None:
    """ "S-E-D-N-E-Y" → "sedney"; None when ``text`` is not spelled out."""
    return re.sub(r"[\s-]", "", text).casefold() if SPELLED.fullmatch(text.strip()) else None


def name_form_spans(doc: str, spans, allow: set[str] | None = None):
    """Yield ``(start, end, kind)`` for spelled-out names and short forms of found person names.
    ``spans``: ``(start, end, kind)`` found by the other rules."""
    allow = allow or set()
    kinds: dict[str, str] = {}
    person_tokens: set[str] = set()
    for s, e, k in spans:
        text = doc[s:e]
        kinds.setdefault(re.sub(r"\s+", "", text).casefold(), k)
        for tok in re.split(r"[\s-]+", text):
            kinds.setdefault(tok.casefold(), k)
            if k in ("PERSOON", "NAAM") and len(tok) >= 5 and tok[:1].isupper():
                person_tokens.add(tok.casefold())
    for m in SPELLED.finditer(doc):
        word = spelled_word(m.group(0))
        if word in allow:
            continue
        kind = kinds.get(word) or ("PERSOON" if lexicon.is_first_name(word) or lexicon.is_surname(word) else "NAAM")
        yield m.start(), m.end(), kind
        # the word it spells, written whole and with a capital, wherever it stands (also opening a
        # sentence: "Kowalczyk. Dat is K-O-W-A-L-C-Z-Y-K."): the same name
        if len(word) >= 3:
            for w in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", doc, re.I):
                if w.group(0)[:1].isupper():
                    yield w.start(), w.end(), kind
    # a name broken off and said again: "Wieg... Wiegman", "Kowal- Kowalski": the false start is the person
    for m in _BROKEN.finditer(doc):
        frag = m.group(1).casefold()
        if frag not in allow and any(t.startswith(frag) and len(t) > len(frag) for t in person_tokens):
            yield m.start(1), m.end(1), "PERSOON"
    covered = sorted((s, e) for s, e, k in spans if k != "NAAM")  # a short form tagged NAAM becomes the person
    for m in _WORD.finditer(doc):
        word = m.group(0).casefold()
        if kinds.get(word, "NAAM") != "NAAM" or word in allow or lexicon.is_frequent(word) or \
                any(s < m.end() and m.start() < e for s, e in covered):
            continue
        if any(t.startswith(word) and len(t) >= len(word) + 2 for t in person_tokens):
            yield m.start(), m.end(), "PERSOON"


_PART = r"(?:[A-ZÀ-Ý][\w'’-]+|van|de|der|den|el|al|ter|ten|te|in|'t|da|di|le|la)"
# a label as the document holds it: at a line start, followed by ": "
# ("Hoekstra, W. (Wiebe)", "Linden, R. van der (Ruud)": Teams's "Achternaam, Initialen (Voornaam)")
_LABEL = re.compile(rf"(?m)^(?P<name>[A-ZÀ-Ý][\w'’-]+(?: {_PART})*, (?:[A-ZÀ-Ý][\w'’-]+|(?:[A-ZÀ-Ý]\.)+"
                    rf"(?: (?:van|de|der|den|ter|ten|te|'t|el|al))*))(?: \([^()\n]*\))?: ")
_OPENER = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ][\w'’-]* +$")


# a speaker label in capitals, as Zoom and some transcribers write them: "LAURA: ", "ANNE DE VRIES: "
_CAPS_LABEL = re.compile(r"(?m)^(?P<name>[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?: (?:[A-ZÀ-Ý][A-ZÀ-Ý'’-]+|VAN|DE|DER|DEN|TER|TEN))*)(?: \([^()\n]*\))?: ")


def label_name_spans(doc: str, allow: frozenset[str] | set[str] = frozenset()):
    """Yield ``(start, end, "PERSOON")`` for labels "Achternaam, Voornaam (org)", and for labels in
    capitals that are a name: every word a first name (deduce's or the world list) or a surname, or
    no Dutch word at all; not a role ("INTERVIEWER", "MODERATOR"), not an allowed term ("UWV")."""
    from workbench.ingest.lexicons import particles
    from workbench.ingest.speakers import speaker_role

    for m in _LABEL.finditer(doc):
        words = [w for w in re.split(r"[\s,]+", m.group("name")) if w[:1].isupper() and not re.fullmatch(r"(?:\w\.)+", w)]
        if not any((lexicon.is_common_word(w) and not lexicon.is_surname(w)) or lexicon.is_interjection(w) for w in words):
            yield m.start("name"), m.end("name"), "PERSOON"
    for m in _CAPS_LABEL.finditer(doc):
        name = m.group("name")
        words = [w.title() for w in name.split() if w.casefold() not in particles()]
        if speaker_role(name) or any(lexicon.in_allow(w, allow) for w in words) or not words:
            continue
        if all(lexicon.is_any_first_name(w) or lexicon.is_surname(w) or not lexicon.is_dutch_word(w) for w in words):
            yield m.start("name"), m.end("name"), "PERSOON"


def first_name_before(doc: str, start: int, allow: set[str]) -> int | None:
    """Where a found name starting at ``start`` begins when the sentence's first word, right before
    it, is a first name no list has ("Sjra Ortmans"); None when it is not."""
    from workbench.ingest.detect.context import at_sentence_start

    m = _OPENER.search(doc, max(0, start - 40), start)
    if not m or not at_sentence_start(doc, m.start()):
        return None
    word = m.group(0).strip()
    if len(word) < 3 or lexicon.is_frequent(word) or lexicon.is_interjection(word) or lexicon.in_allow(word, allow):
        return None
    return m.start()


_BROKEN = re.compile(r"(?<![\w-])([A-ZÀ-Ý][a-zà-ÿ]{2,})(?:\.\.\.|…|-)(?=\s)")
_WORD_BEFORE = re.compile(r"[\w'’]+-$")


def complete_names(doc: str, spans: list, allow: set[str], make) -> list:
    """The detections ``spans`` (objects with ``start``, ``end``, ``kind``; ``make(start, end,
    kind)`` builds one) with the other forms of their names added: spelled out, short forms, a
    first name no list has before a found name, the first half of a double surname
    ("Wierzbicka-" before deduce's "van Leeuwen"), and an unknown word right before a person
    ("Dorota" + "Wierzbicka-van Leeuwen") taken into that person's name."""
    forms = [make(a, b, k) for a, b, k in name_form_spans(doc, [(sp.start, sp.end, sp.kind) for sp in spans], allow)]
    for f in forms:
        if not SPELLED.fullmatch(doc[f.start:f.end]):
            continue
        for sp in spans:  # "…-Z-Y-K. Roel": a detection running out of a spelled name starts after it
            if f.start <= sp.start < f.end < sp.end:
                sp.start = re.compile(r"[\W_]*").match(doc, f.end).end()
        spans = [sp for sp in spans if sp.end > sp.start and not (f.start <= sp.start and sp.end <= f.end)]
    spans = spans + forms
    for sp in spans:
        if sp.kind not in ("PERSOON", "NAAM"):
            continue
        half = _WORD_BEFORE.search(doc, max(0, sp.start - 40), sp.start)
        if half and half.group(0)[:1].isupper():
            sp.start, sp.kind = half.start(), "PERSOON"
        begin = first_name_before(doc, sp.start, allow)
        if begin is not None:
            sp.start, sp.kind = begin, "PERSOON"
    by_end = {sp.end: sp for sp in spans if sp.kind == "NAAM"}
    for sp in spans:  # "[NAAM Dorota] [PERSOON Wierzbicka-van Leeuwen]" is one person
        before = by_end.get(sp.start - 1)
        if sp.kind == "PERSOON" and before is not None and doc[sp.start - 1] == " ":
            sp.start = before.start
            before.end = before.start  # emptied, dropped below
    return [sp for sp in spans if sp.end > sp.start]
