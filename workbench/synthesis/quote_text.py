"""A quote as a reader reads it: tags as role words, no fillers or transcriber's notes, false
starts cut with "(…)", and the rule for when a quote gets the interviewer's question before it:
only when the answer opens with a fragment that leans on the question ("Misschien.", "Dat ze …")
*and* the question carries content of its own ("Hoe ging het eerste gesprek?"), never an empty
prompt such as "Oké, vertel." or "En verder?" (:func:`question_for`).

Pseudonymisation tags are numbered per transcript, so ``[PERSOON-5]`` is a different person in
two quotes: a report never shows the number. A person tag reads as the role the transcript gives
it, otherwise "[naam]"; other tags read "[plaats]", "[organisatie]", …. The transcript gives a
role in two ways: the words around the tag ("mijn jobcoach [PERSOON-3]" anywhere in it makes
``[PERSOON-3]`` read "[jobcoach]"), and the speaker the tag is (``[PERSOON-1]`` labels the
moderator's turns: "[moderator]"; a focus-group speaker who is an arbeidsdeskundige:
"[arbeidsdeskundige]"). A tag given two different roles reads "[naam]": never a guess.
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


# A speaker's role (turn role, respondent type) as a person's role word in a quote.
SPEAKER_ROLE_WORDS = {"interviewer": "interviewer", "moderator": "moderator", "deelnemer": "deelnemer",
                      "arbeidsdeskundige": "arbeidsdeskundige", "werkgever": "werkgever",
                      "re-integratiebureau": "medewerker re-integratiebureau"}
_PERSON_TAG = re.compile(r"\[PERSOON-\d+\]")
_ROLE_WORD = re.compile(rf"\b({_ROLE})\b", re.IGNORECASE)


def speaker_role_word(label: str | None, role: str | None, respondent_type: str | None) -> str | None:
    """The role word for the person a speaker label names: a role word in the label itself
    ("Jobcoach [PERSOON-3]"), else the turn's role (interviewer, moderator), else the type of the
    respondent who speaks (deelnemer, arbeidsdeskundige, …); None when the transcript does not know."""
    m = _ROLE_WORD.search(label or "")
    if m:
        return m.group(1).lower()
    if role in ("interviewer", "moderator"):
        return SPEAKER_ROLE_WORDS[role]
    if role == "respondent" and respondent_type:
        return SPEAKER_ROLE_WORDS.get(respondent_type)
    return None


def tag_roles(texts_by_transcript: dict[str, list[str]],
              speakers_by_transcript: dict[str, list[tuple[str | None, str | None]]] | None = None,
              ) -> dict[str, dict[str, str]]:
    """transcript -> {person tag: role word}, from the words around the tag ("mijn jobcoach
    [PERSOON-3]", "[PERSOON-3], de jobcoach") and from the speakers whose label is the tag
    (``speakers_by_transcript``: (label, role word or None) per turn or segment, see
    :func:`speaker_role_word`). A tag is given a role only when every source that names one
    names the same: two roles, or a speaker label whose role is unknown, leave it "[naam]"."""
    out: dict[str, dict[str, str]] = {}
    speakers_by_transcript = speakers_by_transcript or {}
    for name in set(texts_by_transcript) | set(speakers_by_transcript):
        words: dict[str, str] = {}  # the first role the words around a tag give (as before)
        for text in texts_by_transcript.get(name, []):
            for m in _ROLE_BEFORE.finditer(text):
                words.setdefault(m.group(2), m.group(1).lower())
            for m in _ROLE_AFTER.finditer(text):
                words.setdefault(m.group(1), m.group(2).lower())
        spoken: dict[str, set[str | None]] = {}
        for label, role in speakers_by_transcript.get(name, []):
            for tag in set(_PERSON_TAG.findall(label or "")):
                spoken.setdefault(tag, set()).add(role)
        roles: dict[str, str] = {}
        for tag in set(words) | set(spoken):
            found = set(spoken.get(tag, set())) | ({words[tag]} if tag in words else set())
            if len(found) == 1 and None not in found:
                roles[tag] = found.pop()
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
    # a pause a removed filler leaves behind: "Eh.. Goeie vraag" -> "Goeie vraag", "dan, eh.. Je" -> "dan… Je"
    text = re.sub(r"^[\s.,;:…]+(?=\w|[\[“\"‘])", "", text)
    text = re.sub(r"\s*,?\s*(?:\.{2,}|…)(?!\))", "…", text)
    text = re.sub(r",\.(?=\s|$)", "…", text)
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


# What an interviewer says to keep someone talking, without a topic of its own ("Oké, vertel.",
# "En verder?", "Hoe bedoelt u dat precies?"): together with spaCy's Dutch stop words these are
# not content words of a question.
PROMPT_WORDS = frozenset("""
oké ok okay okee oke jawel nee ja hm hmm mm mhm aha ah oh tja nou mooi interessant goed prima fijn
duidelijk helder juist precies echt zeker vertel vertelt vertellen vertelde zeg zegt zeggen zei
vond vindt vinden vind denk denkt denken dacht bedoel bedoelt bedoelen bedoelde leg legt uitleggen
uitgelegd ga gaat gaan ging gingen door verder meer voorbeeld voorbeelden geven geeft noemen noem
snap snapt begrijp begrijpt begrepen dank bedankt daarvan daarover daarmee daarbij erover ervan
erbij gebeurde gebeurd gebeurt gebeuren vraag vragen mevrouw meneer even nog eens stel
""".split())


def content_words(text: str) -> list[str]:
    """The words of ``text`` that name a topic: not a stop word (spaCy's Dutch list), not an
    interviewer's prompt or backchannel (:data:`PROMPT_WORDS`), not a tag, three letters or more."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]{3,}", TAG.sub(" ", re.sub(r"\[[^\]]*\]", " ", text)).lower())
    return [w for w in words if w not in STOP_WORDS and w not in PROMPT_WORDS]


def question_carries_content(question: str | None) -> bool:
    """Does the interviewer's turn name a topic the answer needs? "Oké, vertel." and "En verder?"
    do not; "En het geld?" and "Hoe ging het eerste gesprek?" do."""
    return bool(question) and bool(content_words(question))


def question_for(answer: str, question: str | None, max_words: int = 30) -> str | None:
    """The question to show in italics before ``answer``, or None.

    Only when the answer opens with a fragment that leans on what was asked
    (:func:`needs_question`) and the question carries content (:func:`question_carries_content`).
    The question is shown without its empty sentences ("Oké. Mooi. En hoe ging het gesprek?"
    shows "En hoe ging het gesprek?"), ending with its last ``max_words`` words."""
    if not question or not needs_question(answer):
        return None
    from workbench.synthesis.quotes import split_sentences, strip_backchannels

    sentences = [s for s in split_sentences(" ".join(question.split())) if content_words(s)]
    if not sentences:
        return None
    kept: list[str] = []
    for sentence in reversed(sentences):
        if kept and len(" ".join([sentence, *kept]).split()) > max_words:
            break
        kept.insert(0, sentence)
    text = strip_backchannels(" ".join(kept))
    words = text.split()
    if len(words) > max_words:
        text = f"{ELLIPSIS} " + " ".join(words[-max_words:])
    elif kept[0] != sentences[0]:
        text = f"{ELLIPSIS} {text}"
    return text
