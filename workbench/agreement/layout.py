"""The agreement table as columns and rows, shared by the terminal, CSV and Word output,
plus number formatting (English for the terminal, Dutch for reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workbench.agreement.results import AgreementResult, CodeAgreement, MacroAverage, Thresholds

UNDEFINED_NL = "n.d."
UNDEFINED_EN = "n.d."
FLAG_NL = {"green": "betrouwbaar", "amber": "voorlopig", "red": "onvoldoende",
           "few": "te weinig om te beoordelen"}
FLAG_EN = {"few": "too few positives"}


@dataclass
class Column:
    key: str
    en: str
    nl: str
    kind: str  # text | count | share | coef | flag


@dataclass
class LayoutRow:
    kind: str  # code | macro | pooled | nominal
    key: str
    label_en: str
    label_nl: str
    values: dict[str, Any] = field(default_factory=dict)
    flag: str | None = None


def pair_key(a: str, b: str) -> str:
    return f"kappa {a}–{b}"


def columns(result: AgreementResult) -> list[Column]:
    """Columns to show: κ only with two main coders; one κ column per coder pair."""
    cols = [Column("code", "Code", "Code", "text"),
            Column("n_units", "n", "Eenheden", "count"),
            Column("prevalence", "prev.", "Prevalentie", "share"),
            Column("percent_agreement", "% agr.", "Overeenstemming", "share")]
    pairs = result.pair_labels
    if len(result.main_coders) == 2:
        a, b = result.main_coders
        pairs = [p for p in pairs if set(p) != {a, b}]  # already the κ column
        head = f"κ {a}–{b}" if pairs else "κ"
        cols.append(Column("kappa", head, head, "coef"))
    cols += [Column("alpha", "α", "α", "coef"), Column("flag", "flag", "Oordeel", "flag")]
    cols += [Column(pair_key(a, b), f"κ {a}–{b}", f"κ {a}–{b}", "coef") for a, b in pairs]
    return cols


def _values(row: CodeAgreement | MacroAverage) -> dict[str, Any]:
    values = {"n_units": getattr(row, "n_units", None), "prevalence": row.prevalence,
              "percent_agreement": row.percent_agreement, "kappa": row.kappa,
              "alpha": row.alpha, "flag": row.flag}
    for p in row.pairwise:
        values[pair_key(p.coder_a, p.coder_b)] = p.kappa
    return values


def rows(result: AgreementResult, labels: dict[str, str] | None = None) -> list[LayoutRow]:
    """One row per code, then the macro average and the pooled (or nominal) row."""
    labels = labels or {}
    out = []
    for c in result.per_code:
        label = labels.get(c.code, c.code)
        out.append(LayoutRow("code", c.code, label, label, _values(c), c.flag))
    if result.macro:
        out.append(LayoutRow("macro", "(macro)", "Mean over codes", "Gemiddelde over codes",
                             _values(result.macro), result.macro.flag))
    if result.pooled:
        out.append(LayoutRow("pooled", result.pooled.code, "Pooled (all decisions)",
                             "Alle beslissingen samen", _values(result.pooled),
                             result.pooled.flag))
    if result.nominal:
        out.append(LayoutRow("nominal", result.nominal.code, "All codes (nominal)",
                             "Alle codes (nominaal)", _values(result.nominal),
                             result.nominal.flag))
    return out


# -- number formatting --------------------------------------------------------------------
def _round(x: float, decimals: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt_count(n: int | None, dutch: bool = False) -> str:
    if n is None:
        return ""
    text = f"{n:,}"
    return text.replace(",", ".") if dutch else text


def fmt_coef(x: float | None, decimals: int = 2, dutch: bool = False) -> str:
    """0.7434 → "0.74" (Dutch: "0,74"); None → "n.d."."""
    if x is None:
        return UNDEFINED_NL if dutch else UNDEFINED_EN
    d = _round(x, decimals)
    if d == 0:
        d = abs(d)  # no "-0.00"
    text = f"{d:.{decimals}f}"
    return text.replace(".", ",") if dutch else text


def fmt_share(x: float | None, dutch: bool = False) -> str:
    """0.4512 → "45%"; None → "n.d."."""
    if x is None:
        return UNDEFINED_NL if dutch else UNDEFINED_EN
    return f"{_round(x * 100, 0):.0f}%"


def fmt_flag(flag: str | None, dutch: bool = False) -> str:
    if flag is None:
        return "–"
    return FLAG_NL[flag] if dutch else FLAG_EN.get(flag, flag)


def fmt_cell(col: Column, row: LayoutRow, *, dutch: bool = False, decimals: int = 2) -> str:
    """The text of one cell; "–" where a figure does not apply to the row."""
    if col.kind == "text":
        return row.label_nl if dutch else row.label_en
    if col.key not in row.values:
        return "–"
    value = row.values[col.key]
    if col.kind == "count":
        return fmt_count(value, dutch) if value is not None else "–"
    if col.kind == "flag":
        return fmt_flag(value, dutch)
    if col.kind == "share":
        if value is None and row.kind == "nominal" and col.key == "prevalence":
            return "–"
        return fmt_share(value, dutch)
    return fmt_coef(value, decimals, dutch)


def thresholds_text(t: Thresholds, dutch: bool = True) -> str:
    if dutch:
        a, g = fmt_coef(t.amber, 3, True), fmt_coef(t.green, 3, True)
        return (f"α ≥ {g} betrouwbaar, {a} ≤ α < {g} voorlopig, α < {a} onvoldoende "
                "(conventies van Krippendorff)")
    a, g = fmt_coef(t.amber, 3), fmt_coef(t.green, 3)
    return f"α ≥ {g} green (reliable), {a}–{g} amber (tentative), < {a} red (Krippendorff)"
