"""The house's phrasing table: how a counted theme is said, per kind of code (one place).

A code is one of three kinds, set per code under ``[phrasing]`` in ``report.toml``:

    raise     something respondents bring up         "Drie van de zeven deelnemers brengen X ter sprake."
    observe   the analyst's judgement of what was said "Bij drie van de zeven deelnemers zien we X."
    describe  something professionals describe        "Twee van de drie arbeidsdeskundigen beschrijven X."

Codes that are an analyst's judgement by nature (``zelfoverschatting`` in the shipped codebook)
default to ``observe``; every other code to ``raise``. Each sentence states only a count over
respondents and the code's label: what was counted, never what it means.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.synthesis.dutch_format import capitalize_first, lower_first
from workbench.synthesis.quantifiers import Quantified

RAISE, OBSERVE, DESCRIBE = "raise", "observe", "describe"
KINDS = (RAISE, OBSERVE, DESCRIBE)
KIND_ALIASES = {"raise": RAISE, "noemen": RAISE, "observe": OBSERVE, "analist": OBSERVE, "waarneming": OBSERVE,
                "describe": DESCRIBE, "beschrijven": DESCRIBE}
# Codes of the shipped codebook that are the analyst's judgement, not something people say.
SHIPPED_KINDS = {"zelfoverschatting": OBSERVE}


@dataclass(frozen=True)
class Phrase:
    """One verb kind: singular and plural predicate around ``{thema}``; ``bij`` puts the subject
    after "Bij" ("Bij drie van de zeven deelnemers zien we …")."""

    singular: str
    plural: str
    bij: bool = False


PHRASES: dict[str, Phrase] = {
    RAISE: Phrase("brengt {thema} ter sprake", "brengen {thema} ter sprake"),
    OBSERVE: Phrase("zien we {thema}", "zien we {thema}", bij=True),
    DESCRIBE: Phrase("beschrijft {thema}", "beschrijven {thema}"),
}
# Several quantified groups in one sentence (the verb is plural: "A, B en C brengen X ter sprake.").
JOINED: dict[str, str] = {
    RAISE: "{subjects}{pause} brengen {thema} ter sprake.",
    OBSERVE: "We zien {thema} bij {subjects}.",
    DESCRIBE: "{subjects}{pause} beschrijven {thema}.",
}
# Sentences about a theme as a whole, for lists such as the summary ("… komt … naar voren").
LIST_VERB = {RAISE: "ter sprake gebracht", OBSERVE: "door de analist gezien", DESCRIBE: "beschreven"}


def theme_subject(label: str) -> str:
    """The theme label as it reads inside a sentence ("financiële onzekerheid")."""
    return lower_first(label.strip().rstrip("."))


def code_kind(code_id: str, configured: dict[str, str] | None = None) -> str:
    """The kind of a code: ``[phrasing]`` in report.toml, else the shipped default, else raise."""
    if configured and code_id in configured:
        return configured[code_id]
    return SHIPPED_KINDS.get(code_id, RAISE)


def predicate(kind: str, subject: Quantified, thema: str) -> str:
    """The whole sentence for a quantified subject and a theme subject ("… brengen X ter sprake.")."""
    phrase = PHRASES[kind]
    verb = (phrase.plural if subject.plural else phrase.singular).format(thema=thema)
    if phrase.bij:
        return f"Bij {subject.text}{_pause(subject.text)} {verb}."
    return f"{subject.sentence_start()}{_pause(subject.text)} {verb}."


def _pause(subject: str) -> str:
    """A comma after a subject that ends in a relative clause ("… die in 2025 zijn gesproken, brengen")."""
    import re

    return "," if re.search(r"\b(?:die|wie)\b", subject) else ""


def joined_predicate(kind: str, subjects: list[Quantified], thema: str) -> str:
    """One sentence for several groups, instead of one repeated sentence per group: "Alle zeven
    deelnemers, veel arbeidsdeskundigen (10 van de 15) en beide werkgevers brengen X ter sprake.",
    "We zien X bij vier van de zeven deelnemers en beide werkgevers."; one group: :func:`predicate`."""
    if len(subjects) == 1:
        return predicate(kind, subjects[0], thema)
    from workbench.synthesis.dutch_format import join_and

    text = join_and([s.text for s in subjects])
    return capitalize_first(JOINED[kind].format(subjects=text, thema=thema, pause=_pause(subjects[-1].text)))


def clause(kind: str, subject: Quantified, thema: str) -> str:
    """The same statement without capital and full stop, for joining ("bij … zien we X")."""
    text = predicate(kind, subject, thema)[:-1]
    return text if PHRASES[kind].bij else lower_first_word(text, subject)


def lower_first_word(text: str, subject: Quantified) -> str:
    return subject.text + text[len(subject.sentence_start()):] if text.startswith(subject.sentence_start()) else text


def start(text: str) -> str:
    return capitalize_first(text)
