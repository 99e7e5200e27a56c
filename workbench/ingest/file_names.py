"""A transcript's stored name, cleaned by detection of its own.

Teams often name a file after the respondent (``Gesprek_Kees_Jansen_0612345678.txt``,
``interview_2024_Kees_de_Vries.docx``). A name that appears only in the file name is not found
by reading the text, so the name gets its own pass after the text's identifiers were replaced:

- words on deduce's first-name or surname lists (with the particles between them) become one
  ``[PERSOON-n]`` tag, the same tag as in the text when the text names that person too;
- a capitalised word that is not a Dutch word at all (``Xandro``) is taken for a name as well;
- a capitalised town on deduce's gazetteer (``…_Almere_zoom.srt``) becomes ``[PLAATS-n]``, also when
  the text names it only inside a longer name ("Almere Haven");
- phone numbers become ``[TELEFOON-n]``, other runs of five or more digits ``[ID-n]``;
- full dates are kept to the month (``2025-06-10`` → ``2025-06``), so a recording date and an
  age said in the interview do not give a date of birth back.

What was removed goes into the transcript's key like any other tag.
"""

from __future__ import annotations

import re

from workbench.ingest.headers import coarsen_dates

# Words that name the kind of file, never a person (checked before the name lists).
FILE_WORDS = frozenset("""
interview interviews gesprek gesprekken transcript transcriptie uitwerking verslag opname audio video
deelnemer deelnemers respondent respondenten focusgroep groep sessie ronde meting wave def definitief
final finaal concept versie kopie copy nieuw oud deel part teams zoom nl int ad ag rib wg uwv
""".split())
_TAG = re.compile(r"\[[A-Z]+-\d+\]")
_PHONE = re.compile(r"(?<![\d])(?:\+31[\s_-]?|0031[\s_-]?|0)(?:6|[1-9]\d)(?:[\s_-]?\d){7,8}(?!\d)")
_LONG_NUMBER = re.compile(r"(?<!\d)\d{5,}(?!\d)")
_TOKEN = re.compile(r"\[[A-Z]+-\d+\]|[^\W\d_]+(?:'[^\W\d_]+)?|\d+|[\W_]+")


def _is_name(word: str, allow: set[str]) -> bool:
    from workbench.ingest.lexicons import is_dutch_word, is_name_word

    w = word.casefold()
    if len(w) < 2 or w in FILE_WORDS or w in allow:
        return False
    if is_name_word(word):
        return True
    return word[0].isupper() and len(word) >= 3 and not word.isupper() and not is_dutch_word(word)


def _is_town(word: str, allow: set[str]) -> bool:
    """A capitalised word on deduce's list of towns (not a file word, not on the allow-list)."""
    from workbench.ingest.detect.lexicon import is_place

    return len(word) >= 3 and word[:1].isupper() and not word.isupper() and word.casefold() not in FILE_WORDS \
        and word.casefold() not in allow and is_place(word)


def clean_file_name(file_name: str, tagger, allow: set[str] | None = None, kind: str = "PERSOON") -> str:
    """``file_name`` (already cleaned of the text's identifiers) with names, numbers and days
    removed. ``tagger`` gives tags (``tagger.tag(text, kind)``) and records them in the key;
    names get tags of ``kind`` (a header's "Transcriptie door" names a firm)."""
    from workbench.ingest.lexicons import particles

    allow = allow or set()
    stem, dot, ext = file_name.rpartition(".")
    if not dot or not (1 <= len(ext) <= 5 and ext.isalnum()):
        stem, ext = file_name, ""
    stem = _PHONE.sub(lambda m: tagger.tag(m.group(0), "TELEFOON"), stem)
    stem = coarsen_dates(stem)
    stem = _LONG_NUMBER.sub(lambda m: tagger.tag(m.group(0), "ID"), stem)
    tokens = _TOKEN.findall(stem)
    words = [i for i, t in enumerate(tokens) if t[0].isalpha()]
    is_name = {i: _is_name(tokens[i], allow) for i in words}
    parts = particles()
    for k, i in enumerate(words):  # "Anna van der Berg": particles after a name, and the word after them
        if is_name[i]:
            j = k + 1
            while j < len(words) and tokens[words[j]].casefold() in parts:
                j += 1
            if j > k + 1 and j < len(words):
                for m in range(k + 1, j + 1):
                    is_name[words[m]] = True
    for k in range(len(words) - 2, -1, -1):  # "de Vries": particles before a name word
        i, nxt = words[k], words[k + 1]
        if not is_name[i] and tokens[i].casefold() in parts and is_name[nxt]:
            is_name[i] = True
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if not is_name.get(i) and _is_town(tokens[i], allow):  # "…_Pinas_Almere_zoom_…": the town of the talk
            out.append(tagger.tag(tokens[i], "PLAATS"))
            i += 1
            continue
        if not is_name.get(i):
            out.append(tokens[i])
            i += 1
            continue
        run = [i]
        j = i + 1
        while j + 1 < len(tokens) and not tokens[j][0].isalnum() and tokens[j] != "[" and is_name.get(j + 1):
            run.append(j + 1)
            j += 2
        out.append(tagger.tag(" ".join(tokens[k] for k in run), kind))
        i = run[-1] + 1
    stem = re.sub(r"(\[[A-Z]+-\d+\])(?:[_\-\s]+\1)+", r"\1", "".join(out))
    return f"{stem}.{ext}" if ext else stem


class KeyTagger:
    """Tags for names found after a transcript was pseudonymised (its header values): an original
    already in ``key`` keeps its tag, a new one gets the next number and is added to ``key``."""

    def __init__(self, key: dict[str, list[str]]):
        self.key = key
        self.known = {o.casefold(): tag for tag, origs in key.items() for o in origs}

    def tag(self, text: str, kind: str) -> str:
        text = " ".join(text.split())
        tag = self.known.get(text.casefold())
        if tag is None:
            used = [int(t.rsplit("-", 1)[1].rstrip("]")) for t in self.key if t.startswith(f"[{kind}-")]
            tag = f"[{kind}-{max(used, default=0) + 1}]"
            self.known[text.casefold()] = tag
        self.key.setdefault(tag, [])
        if text not in self.key[tag]:
            self.key[tag].append(text)
        return tag
