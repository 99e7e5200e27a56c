"""The visible, configurable table that turns "k of n respondents" into Dutch words.

Reports count respondents, not segments, and say it in words: "een deel van de deelnemers
(9 van de 20)". Groups of at most ``small_group`` people get exact counts in words instead
("drie van de zes werkgevers"). The default bands (share of the group, in percent):

    1 respondent   een enkele <enkelvoud>
    < 15%          enkele
    < 25%          een aantal
    < 35%          meerdere
    < 45%          een deel
    < 55%          ongeveer de helft
    < 70%          veel
    < 90%          de meeste
    < 100%         vrijwel alle
    100%           alle

Override it in ``report.toml`` under ``[quantifiers]`` (see docs/report.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError
from workbench.synthesis.dutch_format import capitalize_first, fmt_int, number_word

# Known words -> (phrase template, verb plural?). {groep} = plural noun, {enkelvoud} = singular.
KNOWN_PHRASES: dict[str, tuple[str, bool]] = {
    "geen": ("geen van de {groep}", False),
    "een enkeling": ("een enkele {enkelvoud}", False),
    "één": ("één {enkelvoud}", False),
    "enkele": ("enkele {groep}", True),
    "een aantal": ("een aantal {groep}", True),
    "sommige": ("sommige {groep}", True),
    "meerdere": ("meerdere {groep}", True),
    "een deel": ("een deel van de {groep}", False),
    "veel": ("veel {groep}", True),
    "ongeveer de helft": ("ongeveer de helft van de {groep}", False),
    "de meeste": ("de meeste {groep}", True),
    "het merendeel": ("het merendeel van de {groep}", False),
    "vrijwel alle": ("vrijwel alle {groep}", True),
    "alle": ("alle {groep}", True),
}

DEFAULT_BANDS = (
    (15, "enkele"),
    (25, "een aantal"),
    (35, "meerdere"),
    (45, "een deel"),
    (55, "ongeveer de helft"),
    (70, "veel"),
    (90, "de meeste"),
    (100, "vrijwel alle"),
)
DEFAULT_SMALL_GROUP = 10


@dataclass(frozen=True)
class Band:
    """Shares strictly below ``below`` percent (and above the previous band) get ``word``."""

    below: float
    word: str
    phrase: str
    plural: bool


def make_band(below: float, word: str, phrase: str | None = None, plural: bool | None = None) -> Band:
    known = KNOWN_PHRASES.get(word.strip().lower())
    if phrase is None:
        phrase = known[0] if known else word + " {groep}"
    if plural is None:
        plural = known[1] if known else True
    return Band(float(below), word, phrase, bool(plural))


@dataclass(frozen=True)
class Quantified:
    """A quantified subject: ``text`` ("een deel van de deelnemers (9 van de 20)") and verb number."""

    text: str
    plural: bool
    word: str
    exact: bool

    def sentence_start(self) -> str:
        return capitalize_first(self.text)

    def verb(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular


@dataclass
class QuantifierTable:
    """Share-to-word table plus the small-group rule; see the module docstring for defaults."""

    bands: list[Band] = field(default_factory=lambda: [make_band(b, w) for b, w in DEFAULT_BANDS])
    none: str = "geen"
    one: str = "een enkeling"
    all: str = "alle"
    small_group: int = DEFAULT_SMALL_GROUP

    def __post_init__(self) -> None:
        self.validate()

    def validate(self, source: str | None = None) -> None:
        if not self.bands:
            raise InputError("[quantifiers] needs at least one band", path=source)
        prev = 0.0
        for b in self.bands:
            if not (prev < b.below <= 100):
                raise InputError(
                    f"[quantifiers] band '{b.word}' ends at {b.below:g}; bands must rise strictly "
                    "between 0 and 100 (percent)", path=source)
            if "{" in b.phrase and not all(k in ("groep", "enkelvoud") for k in _placeholders(b.phrase)):
                raise InputError(f"[quantifiers] phrase '{b.phrase}' may only use {{groep}} and {{enkelvoud}}",
                                 path=source)
            prev = b.below
        if prev != 100:
            raise InputError("[quantifiers] the last band must end at below = 100", path=source)
        if self.small_group < 0:
            raise InputError("[quantifiers] small_group must be 0 or more", path=source)

    def word(self, count: int, total: int) -> str:
        """The bare word for ``count`` of ``total`` ("een deel"), ignoring the small-group rule."""
        if total <= 0 or count <= 0:
            return self.none
        if count >= total:
            return self.all
        if count == 1:
            return self.one
        return self.band(count, total).word

    def band(self, count: int, total: int) -> Band:
        pct = 100.0 * count / total
        for b in self.bands:
            if pct < b.below:
                return b
        return self.bands[-1]

    def describe(self, count: int, total: int, plural_noun: str, singular_noun: str,
                 with_counts: bool = True) -> Quantified:
        """Subject phrase for "count of total <group>"; exact words for small groups."""
        if total <= 0:
            return Quantified(f"geen {plural_noun}", False, self.none, True)
        if total <= self.small_group:
            return _exact(count, total, plural_noun, singular_noun)
        fill = {"groep": plural_noun, "enkelvoud": singular_noun}
        if count <= 0:
            tpl, plural = _phrase(self.none, "{w} van de {groep}", False)
        elif count >= total:
            tpl, plural = _phrase(self.all, "{w} {groep}", True)
        elif count == 1:
            tpl, plural = _phrase(self.one, "{w} {enkelvoud}", False)
        else:
            b = self.band(count, total)
            tpl, plural = b.phrase, b.plural
        text = tpl.format(**fill)
        if with_counts:
            text += f" ({fmt_int(count)} van de {fmt_int(total)})"
        return Quantified(text, plural, self.word(count, total), False)

    def rows(self) -> list[tuple[str, str, str]]:
        """(range, word, example) rows for display (CLI, docs, report appendix)."""
        out = [("1 respondent", self.one, self.describe(1, 20, "deelnemers", "deelnemer").text)]
        lo = 0.0
        for b in self.bands:
            rng = f"{lo:g}% tot {b.below:g}%" if lo else f"minder dan {b.below:g}%"
            k = _example_count(lo, b.below, 20)
            ex = b.phrase.format(groep="deelnemers", enkelvoud="deelnemer")
            if k is not None:
                ex += f" ({k} van de 20)"
            out.append((rng, b.word, ex))
            lo = b.below
        out.append(("100%", self.all, self.describe(20, 20, "deelnemers", "deelnemer").text))
        out.append((f"groep van {self.small_group} of minder", "exact aantal",
                    self.describe(3, 6, "werkgevers", "werkgever").text))
        return out


def _placeholders(tpl: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(tpl) if name is not None]


def _phrase(word: str, fallback: str, fallback_plural: bool) -> tuple[str, bool]:
    """Phrase for a special word: the known phrase, else ``fallback`` with ``{w}`` = the word."""
    known = KNOWN_PHRASES.get(word.strip().lower())
    return known if known else (fallback.replace("{w}", word), fallback_plural)


def _example_count(lo: float, hi: float, total: int) -> int | None:
    for k in range(2, total):
        if lo <= 100.0 * k / total < hi:
            return k
    return None


def _exact(count: int, total: int, plural_noun: str, singular_noun: str) -> Quantified:
    """Exact counts in words for small groups: "drie van de zes werkgevers"."""
    n = number_word(total)
    if total == 1:
        if count >= 1:
            return Quantified(f"de enige {singular_noun}", False, "de enige", True)
        return Quantified(f"geen {singular_noun}", False, "geen", True)
    if count <= 0:
        return Quantified(f"geen van de {n} {plural_noun}", False, "geen", True)
    if count >= total:
        word = "beide" if total == 2 else f"alle {n} de"  # "alle drie de deelnemers"
        return Quantified(f"{word} {plural_noun}", True, word, True)
    if count == 1:
        return Quantified(f"één van de {n} {plural_noun}", False, "één", True)
    k = number_word(count)
    return Quantified(f"{k} van de {n} {plural_noun}", True, k, True)


def table_from_mapping(data: dict, source: str | None = None) -> QuantifierTable:
    """Build a table from a ``[quantifiers]`` TOML mapping (missing keys keep the defaults)."""
    if not isinstance(data, dict):
        raise InputError("[quantifiers] must be a table", path=source)
    unknown = set(data) - {"bands", "none", "one", "all", "small_group"}
    if unknown:
        raise InputError(f"[quantifiers] unknown key(s): {', '.join(sorted(unknown))}", path=source,
                         hint="allowed: bands, none, one, all, small_group")
    base = QuantifierTable()
    bands = base.bands
    raw = data.get("bands")
    if raw is not None:
        bands = []
        items = sorted(raw.items(), key=lambda kv: float(kv[0])) if isinstance(raw, dict) else raw
        for item in items:
            try:
                if isinstance(raw, dict):
                    below, word = item
                    bands.append(make_band(float(below), str(word)))
                else:
                    bands.append(make_band(float(item["below"]), str(item["word"]),
                                           item.get("phrase"), item.get("plural")))
            except (KeyError, TypeError, ValueError, AttributeError):
                raise InputError(f"[quantifiers] bad band {item!r}", path=source,
                                 hint='write bands = [{ below = 15, word = "enkele" }, ...]') from None
    try:
        small = int(data.get("small_group", base.small_group))
    except (TypeError, ValueError):
        raise InputError("[quantifiers] small_group must be a whole number", path=source) from None
    table = QuantifierTable.__new__(QuantifierTable)
    table.bands = bands
    table.none = str(data.get("none", base.none))
    table.one = str(data.get("one", base.one))
    table.all = str(data.get("all", base.all))
    table.small_group = small
    table.validate(source)
    return table


def load_quantifiers(path: Path | str) -> QuantifierTable:
    """Read the ``[quantifiers]`` table of a ``report.toml`` (defaults when the table is absent)."""
    from workbench.synthesis.config import read_toml

    data = read_toml(path)
    return table_from_mapping(data.get("quantifiers", {}), str(path))
