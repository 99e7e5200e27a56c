"""Text rules shared by several stages (one place for each)."""

from __future__ import annotations

import re

# ANSI/VT escape sequences (CSI "ESC [ ... letter", OSC "ESC ] ... BEL/ST", and 2-byte escapes),
# then any remaining control character (C0, DEL, C1; newlines and tabs included: one line).
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without terminal escapes and control characters (a newline becomes a space)."""
    text = _ANSI.sub("", str(text))
    return _CONTROL.sub(lambda m: " " if m.group() in "\n\r\t\u2028\u2029" else "", text)


# Spoken Dutch that a quote in a report leaves out: transcriber's notes of non-speech
# ("[lacht]", "(zucht)") and hesitation fillers ("eh", "ehm", "uh"). Used by report quotes; the
# importer's backchannel and number rules have their own, narrower lists.
NON_SPEECH = re.compile(
    r"\s*[\[(](?:lacht|lachen|gelach|lacht\s+\w+|zucht|zuchten|pauze|stilte|hoest|kucht|"
    r"onverstaanbaar|onhoorbaar|\?+|\.\.\.|…)[\])]", re.IGNORECASE)
FILLER_WORDS = ("eh", "ehm", "ehh", "uh", "uhm", "euh", "hm", "hmm", "mm")
FILLER = re.compile(r"(?<![\w\[-])(?:e+h+m*|u+h+m*|euh|h+m+|m{2,})(?![\w\]-])[,.]?", re.IGNORECASE)
# A word broken off ("wil-", "be…") followed by a new start: a false start.
BROKEN_WORD = re.compile(r"\b\w+[-–…](?=\s+\w)")


def without_fillers(text: str) -> tuple[str, int]:
    """``text`` without non-speech notes and fillers; returns the text and how many fillers went."""
    text = NON_SPEECH.sub("", text)
    text, n = FILLER.subn("", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"(^|[.!?]\s+)[,;]\s*", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip(), n
