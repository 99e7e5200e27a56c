"""Generated Dutch, table-driven: every group size, quantifier word and verb kind."""

from __future__ import annotations

import re

import pytest

from workbench.synthesis.phrasing import KINDS, OBSERVE, predicate
from workbench.synthesis.quantifiers import QuantifierTable

TABLE = QuantifierTable()
SIZES = (1, 2, 3, 10, 31)


def _counts(n: int) -> list[int]:
    """Every count that gives a different word for a group of ``n`` (plus 0 and all)."""
    seen, out = set(), []
    for k in range(0, n + 1):
        word = TABLE.describe(k, n, "deelnemers", "deelnemer").word
        if word not in seen:
            seen.add(word)
            out.append(k)
    return out


CASES = [(n, k, kind) for n in SIZES for k in _counts(n) for kind in KINDS]


def test_every_band_word_is_reached_for_a_large_group():
    words = {TABLE.describe(k, 31, "deelnemers", "deelnemer").word for k in range(32)}
    assert {b.word for b in TABLE.bands} | {"alle", "een enkeling", "geen"} <= words


@pytest.mark.parametrize("n,k,kind", CASES)
def test_sentence(n, k, kind):
    q = TABLE.describe(k, n, "deelnemers", "deelnemer")
    s = predicate(kind, q, "financiële onzekerheid")
    assert s[0].isupper() and s.endswith(".") and "  " not in s
    assert "financiële onzekerheid" in s
    assert not re.search(r"\balle (twee|drie|vier|vijf|zes|zeven|acht|negen|tien) deelnemers", s, re.I)
    if kind == OBSERVE:
        assert s.startswith("Bij ") and "zien we" in s and "ter sprake" not in s
    else:
        verb = {"raise": ("brengt", "brengen"), "describe": ("beschrijft", "beschrijven")}[kind]
        assert (verb[1] if q.plural else verb[0]) in s.split()
    if n == 1:
        assert "deelnemers" not in s  # one person: singular noun
    if k == n and n == 3:
        assert "alle drie de deelnemers" in s.lower()
    if k == n == 2:
        assert "beide deelnemers" in s.lower()
    if n == 31 and 1 < k < n:
        assert f"({k} van de 31)" in s


def test_examples_read_as_dutch():
    d = lambda k, n: TABLE.describe(k, n, "deelnemers", "deelnemer")  # noqa: E731
    assert predicate("raise", d(3, 3), "motivatie") == "Alle drie de deelnemers brengen motivatie ter sprake."
    assert predicate("observe", d(5, 7), "zelfoverschatting") == "Bij vijf van de zeven deelnemers zien we zelfoverschatting."
    assert predicate("describe", d(1, 1), "zelfoverschatting") == "De enige deelnemer beschrijft zelfoverschatting."
    assert predicate("raise", d(1, 31), "motivatie") == "Een enkele deelnemer (1 van de 31) brengt motivatie ter sprake."
    assert predicate("observe", d(31, 31), "x") == "Bij alle deelnemers (31 van de 31) zien we x."


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sizes", [(1, 2), (2, 3, 10), (3, 10, 31, 1), (31, 31)])
def test_one_sentence_for_several_groups(kind, sizes):
    from workbench.synthesis.phrasing import joined_predicate

    nouns = [("deelnemers", "deelnemer"), ("arbeidsdeskundigen", "arbeidsdeskundige"),
             ("re-integratiebureaus", "re-integratiebureau"), ("werkgevers", "werkgever")]
    subjects = [TABLE.describe(max(1, n // 2), n, *nouns[i]) for i, n in enumerate(sizes)]
    s = joined_predicate(kind, subjects, "financiële onzekerheid")
    assert s[0].isupper() and s.endswith(".") and "  " not in s
    assert s.count("financiële onzekerheid") == 1 and s.count(".") == 1  # one sentence, theme once
    assert all(q.text in s or q.sentence_start() in s for q in subjects)
    assert " en " in s and s.count(",") >= len(sizes) - 2
    if kind == OBSERVE:
        assert s.startswith("We zien financiële onzekerheid bij ")
    else:
        assert {"raise": "brengen", "describe": "beschrijven"}[kind] in s.split()  # plural: several subjects
