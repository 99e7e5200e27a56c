"""Finding a quoted passage in a stored (pseudonymised) text.

Exports of Taguette and QualCoder carry the coded text, not offsets. The quote is matched word
by word: any run of white space matches any other, and a pseudonymisation tag in the stored
text (``[PERSOON-1]``) stands for one or more words of the quote (the name it replaced), with
the punctuation after it.
"""

from __future__ import annotations

import html
import re

TAG = r"\[[A-Z]+-\d+\]"


def clean_quote(text: str) -> str:
    """Taguette may export highlights as HTML: tags dropped, entities decoded."""
    if "<" in text and ">" in text:
        text = re.sub(r"<br\s*/?>|</p>", " ", text, flags=re.I)
        text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


PARTICLES = {"de", "van", "der", "den", "het", "ter", "ten", "te", "la", "le", "'t", "in", "op", "el", "al"}


def _maybe_name(word: str) -> bool:
    """Could this word have been replaced by a tag? Names, places, firms, numbers, e-mail."""
    w = word.strip("\"'“”‘’()[],.;:!?")
    return bool(w) and (w[0].isupper() or w[0].isdigit() or "@" in w or w.lower() in PARTICLES)


def quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    tag = TAG + r"[^\w\s]*"
    parts = []
    for i, w in enumerate(words):
        word = re.escape(w)
        alt = f"{word}|{tag}" if _maybe_name(w) else word
        if i == 0:
            parts.append(f"(?:{alt})")
        elif _maybe_name(w):
            # the word itself, a tag in its place, or nothing when a tag just before covered it
            parts.append(rf"(?:\s+(?:{alt})|(?<=\])|(?<=\][^\w\s]))")
        else:
            parts.append(rf"\s+{word}")
    return re.compile("".join(parts))


def find_quote(text: str, quote: str, taken: set[tuple[int, int]] | None = None) -> tuple[int, int] | None:
    """The first place of ``quote`` in ``text`` not in ``taken`` (the same quote coded twice).
    At least a third of the quote's words must stand there as they are (tags alone prove nothing)."""
    quote = clean_quote(quote)
    pattern = quote_pattern(quote)
    if pattern is None:
        return None
    need = max(1, len(quote.split()) // 3)
    tag = re.compile(TAG + r"[^\w\s]*")
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return None
        span = (m.start(), m.end())
        literal = sum(1 for tok in m.group(0).split() if not tag.fullmatch(tok))
        if literal >= need and (not taken or span not in taken):
            return span
        pos = m.start() + 1
