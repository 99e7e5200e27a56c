"""A quote as a reader reads it: tags as role words, no fillers or transcriber's notes, false
starts cut with "(…)", and a test for quotes that open with a fragment needing the question.

Pseudonymisation tags are numbered per transcript, so ``[PERSOON-5]`` is a different person in
two quotes: a report never shows the number. A person tag reads as the role the transcript gives
it ("mijn jobcoach [PERSOON-3]" elsewhere in the same transcript makes ``[PERSOON-3]`` read
"[jobcoach]"), otherwise "[naam]"; other tags read "[plaats]", "[organisatie]", ….
"""

from __future__ import annotations

import re

from workbench.textrules import BROKEN_WORD, without_fillers

ELLIPSIS = "(…)"
TAG = re.compile(r"\[([A-Z]+)-(\d+)\]")
TAG_WORDS = {
    "PERSOON": "naam", "PLAATS": "plaats", "ORGANISATIE": "organisatie", "STRAAT": "straat",
    "ADRES": "adres", "POSTCODE": "postcode", "DATUM": "datum", "LEEFTIJD": "leeftijd",
    "TELEFOON": "telefoonnummer", "EMAIL": "e-mailadres", "URL": "website", "BSN": "BSN",
    "ID": "nummer", "KENTEKEN": "kenteken", "IBAN": "rekeningnummer", "ANONIEM": "weggelaten",
}
ROLES = ("jobcoach", "coach", "arbeidsdeskundige", "werkgever", "leidinggevende", "begeleider",
         "trajectbegeleider", "casemanager", "consulent", "klantmanager", "re-integratiecoach",
         "verzekeringsarts", "huisarts", "psycholoog", "baas", "manager", "collega", "mentor",
         "partner", "moeder", "vader", "zus", "broer", "dochter", "zoon", "buurman", "buurvrouw")
_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))
_ROLE_BEFORE = re.compile(rf"\b({_ROLE})\s+(\[PERSOON-\d+\])", re.IGNORECASE)
_ROLE_AFTER = re.compile(rf"(\[PERSOON-\d+\]),?\s+(?:mijn|de|onze|haar|zijn|die|als)\s+({_ROLE})\b", re.IGNORECASE)
_REPEAT = re.compile(r"\b((?:\w+[ ,]+){0,2}\w+)[ ,]+\1\b", re.IGNORECASE)
# First words that lean on the question ("Misschien.", "Dat ze …", "Ja, dat wel.").
_LEANING = {"misschien", "dat", "die", "dit", "daar", "daarom", "omdat", "want", "wel", "niet", "ook", "zeker",
            "soms", "nee", "ja", "precies", "klopt", "inderdaad", "zo", "toen", "daarna", "en", "maar", "of", "dus",
            "hetzelfde", "allebei", "beide", "geen", "weinig", "veel", "sowieso", "vooral", "nou"}


def tag_roles(texts_by_transcript: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """transcript -> {person tag: role word} from "mijn jobcoach [PERSOON-3]" and
    "[PERSOON-3], de jobcoach" anywhere in that transcript (the first role found wins)."""
    out: dict[str, dict[str, str]] = {}
    for name, texts in texts_by_transcript.items():
        roles: dict[str, str] = {}
        for text in texts:
            for m in _ROLE_BEFORE.finditer(text):
                roles.setdefault(m.group(2), m.group(1).lower())
            for m in _ROLE_AFTER.finditer(text):
                roles.setdefault(m.group(1), m.group(2).lower())
        if roles:
            out[name] = roles
    return out


def readable_tags(text: str, roles: dict[str, str] | None = None) -> str:
    """Every tag as a word: "[jobcoach]" where the transcript gives the person a role, else
    "[naam]", "[plaats]", …; "mijn jobcoach [PERSOON-3]" becomes "mijn jobcoach"."""
    roles = roles or {}
    text = _ROLE_BEFORE.sub(lambda m: m.group(1), text)

    def word(m: re.Match) -> str:
        if m.group(1) == "PERSOON" and m.group(0) in roles:
            return f"[{roles[m.group(0)]}]"
        return f"[{TAG_WORDS.get(m.group(1), m.group(1).lower())}]"

    return TAG.sub(word, text)


def _capitalise_sentences(text: str) -> str:
    text = re.sub(r"([.!?]\s+)([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def clean_spoken(text: str, mark_fillers: bool = False) -> str:
    """Fillers and transcriber's notes out, stutters ("ik ik") collapsed, a broken-off word
    ("wil-") cut and marked "(…)"; with ``mark_fillers`` a removed filler is marked too."""
    if mark_fillers:
        from workbench.textrules import FILLER

        text = FILLER.sub(ELLIPSIS, text)
    text, _ = without_fillers(text)
    prev = None
    while prev != text:
        prev = text
        text = _REPEAT.sub(r"\1", text)
    text = BROKEN_WORD.sub(ELLIPSIS, text)
    text = re.sub(rf"(?:{re.escape(ELLIPSIS)}[\s,]*)+", ELLIPSIS + " ", text).strip()
    text = re.sub(rf"^{re.escape(ELLIPSIS)}\s*", "", text)
    return _capitalise_sentences(re.sub(r"\s{2,}", " ", text))


def needs_question(text: str) -> bool:
    """Does the quote open with a fragment that only the interviewer's question explains?
    ("Misschien.", "Dat ze mij serieus namen.", "Ja, dat wel.") Opening words that lean on
    something said before, or a first sentence of fewer than four words."""
    body = text.replace(ELLIPSIS, " ").strip().lstrip("“\"‘'")
    words = re.findall(r"[\w'’-]+", body)
    if not words:
        return True
    if words[0].lower() in _LEANING:
        return True
    first = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0]
    return len(re.findall(r"[\w'’-]+", first)) < 4 and len(words) > len(re.findall(r"[\w'’-]+", first))
