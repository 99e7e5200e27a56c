"""Capitalised names that no rule, lexicon or frame explains, found by Dutch spelling alone.

Dutch capitalises names, not nouns. So inside a sentence (not at its start, not after a colon)
a capitalised word that is no common Dutch word is a name of some kind: a firm ("ze hebben
Werkpad ingeschakeld"), a school, a care organisation, a foreign first name that deduce's lists
lack. The rules with a frame or a lexicon tell what kind of name it is; this rule catches what
they leave, and tags it:

- ``PERSOON`` when the words are on deduce's first-name or surname lists;
- ``PLAATS`` when they are a known town;
- ``NAAM`` otherwise (a name whose kind no rule could tell).

Two or more capitalised words in a row inside a sentence ("Mee Zuid", "Stap Verder") are a
name even when each word is common, since Dutch would write common words in lower case. Words
that open a sentence are left alone ("Mooi.", "Humanitas doet veel" is found only when the name
also occurs inside a sentence, through propagation), unless the word is shaped as no Dutch word is:
a capital inside it ("WerkPlein") or a firm's head on a stem no dictionary has ("Flevowerk?"). Abbreviations in capitals (UWV, GGZ, WW)
are left to the lexicons and the allow-list: too many are domain terms.
"""

from __future__ import annotations

import re

from workbench.ingest.detect import lexicon
from workbench.ingest.detect.context import at_sentence_start

# a capitalised word with a lower-case second letter ("Werkpad", "McDonald", "Re-Start", "Petra's")
_WORD = r"[A-ZÀ-Ý][a-zà-ÿ][\w’'-]*"
_PARTICLE = r"(?:van|de|der|den|het|'t|ter|ten|te|&)"
_GROUP = re.compile(rf"(?<![\w'’\[@./-]){_WORD}(?:(?: +{_PARTICLE})* +{_WORD})*(?![\w\]@-])")
# A course, method or exam named after its subject ("de opleiding Helpende Zorg", "de cursus Omgaan
# met Geld", "de methode Sterk aan het Werk"): the capitals mark a title, and a title made of
# ordinary Dutch words names no one. Not after "traject" or "programma": firms name those.
_COURSE_BEFORE = re.compile(r"(?i)\b(?:opleiding|opleidingen|cursus|cursussen|training|trainingen|module|modules|"
                            r"methode|methodiek|workshop|diploma|certificaat|vak|vakken|studie|studierichting|"
                            r"richting|examen|lesprogramma|leerlijn|niveau)\s+(?:(?:in|voor|van|de|het)\s+)?[\"'‘“]?$")
_FILLERS = frozenset("eh ehm uh uhm hm hmm mm mhm oh ah nou jaja okay oke oké".split())


def is_course_title(doc: str, start: int, end: int, allow: set[str] | None = None) -> bool:
    """``doc[start:end]`` is a course or method title: after a course word, made of Dutch words."""
    words = [w for w in re.split(r"[\s-]+", doc[start:end]) if w]
    return bool(words) and bool(_COURSE_BEFORE.search(doc, max(0, start - 30), start)) and all(
        lexicon.is_frequent(w) or lexicon.in_allow(w, allow or set()) for w in words)


def _known_or_common(word: str, allow: set[str]) -> bool:
    w = word.casefold().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if lexicon.in_allow(w, allow) or w in _FILLERS or lexicon.is_interjection(w) or lexicon.is_frequent(w):
        return True  # a frequent word that is also a first name ("Kerst") is left to deduce
    parts = [p for p in re.split(r"-", w) if p]
    # "Wajong-uitkering", "Teams-overleg": every part a domain term or a common word
    return len(parts) > 1 and all(p in allow or lexicon.is_frequent(p) for p in parts)


def _kind(words: list[str]) -> str:
    names = [w for w in words if w.casefold() not in ("van", "de", "der", "den", "het", "'t", "ter", "ten", "te")]
    if lexicon.is_place(" ".join(words)) and not lexicon.is_first_name(names[0]):
        return "PLAATS"  # "bij Werkhoven": a town before a surname of the same spelling
    if all(lexicon.is_first_name(w.rstrip("'’s")) or lexicon.is_surname(w) for w in names) and \
            not all(lexicon.is_common_word(w) for w in names):
        return "PERSOON"
    if len(names) <= 3 and lexicon.is_any_first_name(names[0]) and not any(lexicon.is_common_word(w) for w in names):
        return "PERSOON"  # "Zdenka Horvat", "Kwame": a first name of the world list and no common word
    return "NAAM"


def _runs(doc: str, m: re.Match, covered) -> list[list[tuple[int, int]]]:
    """The group's words not inside another detection, as runs of neighbours."""
    runs: list[list[tuple[int, int]]] = [[]]
    for w in re.finditer(r"\S+", m.group(0)):
        a, b = m.start() + w.start(), m.start() + w.end()
        if re.fullmatch(_PARTICLE, w.group()):
            continue
        if any(a < e and s < b for s, e in covered):
            runs.append([])
            continue
        runs[-1].append((a, b))
    return [r for r in runs if r]


def unknown_name_spans(doc: str, allow: set[str] | None = None, covered=()):
    """Yield ``(start, end, kind)`` for capitalised names inside sentences that are no Dutch
    words, leaving out every word inside ``covered`` (spans other rules found)."""
    allow = allow or set()
    covered = sorted(covered)
    for m in _GROUP.finditer(doc):
        near = [(s, e) for s, e in covered if s < m.end() and m.start() < e]
        for run in _runs(doc, m, near):
            start, end = run[0][0], run[-1][1]
            if at_sentence_start(doc, start) and not _firm_shaped(doc[run[0][0]:run[0][1]]):
                if len(run) == 1:
                    continue
                run = run[1:]  # "Daarna Stap Verder": the opener is a word, the rest a name
                start = run[0][0]
            words = [doc[a:b] for a, b in run]
            if len(words) == 1 and doc.startswith(":", end):
                continue  # "… Duur opname: 58:41 Transcript: letterlijk": a field's label
            if is_course_title(doc, start, end, allow):
                continue  # "de opleiding Helpende Zorg", "training Sociale Vaardigheden": a course, no one's name
            if len(words) == 1:
                if len(words[0]) < 3 or _known_or_common(words[0], allow):
                    continue
            elif all(lexicon.in_allow(w, allow) for w in words) or lexicon.phrase_in_allow(doc[start:end], allow):
                continue  # "Sociale Zaken", "Kamer van Koophandel"
            if doc[start:end].endswith(("'s", "’s")) and not lexicon.is_common_word(doc[start:end - 2]):
                end -= 2  # "Werkpad's aanpak": the name, not the genitive
            kind = _kind(doc[start:end].split())
            if kind == "NAAM" and len(words) == 1 and _also_lowercase(doc, doc[start:end]):
                continue  # "de Krachtwijzer … elke krachtwijzer": a term the speakers also write as a noun
            yield start, end, kind


# the heads Dutch firm names are built on ("Flevowerk", "Talentgroep", "Werkpunt", "Zorgkracht")
_FIRM_HEAD = re.compile(r"(?i)[a-zà-ÿ]{3,}(?:werk|werken|groep|zorg|bureau|fabriek|plein|punt|lijn|kracht|pad|"
                        r"wijzer|service|diensten|bedrijf|centrum|college|academie|coaching)[?!.,]*$")


def _firm_shaped(word: str) -> bool:
    """A word no sentence opens with unless it is a name: a capital inside it ("WerkPlein"), or a
    firm's head on a stem that makes no Dutch word ("Flevowerk"; not "Vrijwilligerswerk")."""
    word = word.strip("?!.,")
    if re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", word):
        return True
    return bool(_FIRM_HEAD.match(word)) and not lexicon.is_dutch_word(word)


def _also_lowercase(doc: str, word: str) -> bool:
    """The word also occurs in lower case in the same transcript: a term, since names keep their capital."""
    low = word.lower()
    return low != word and re.search(rf"(?<![\w@./-]){re.escape(low)}(?!\w|[@-]|\.\w)", doc) is not None
