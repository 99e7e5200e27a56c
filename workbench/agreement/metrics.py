"""Agreement figures: percent agreement, Cohen's κ and Krippendorff's α.

Binary mode (the default) judges every code separately as applied / not applied to a unit.
Nominal mode treats the codes as one mutually exclusive scheme (one code per unit per coder).
Which units each figure uses is listed in :data:`workbench.agreement.results.UNIT_BASIS`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from itertools import combinations
from statistics import fmean

import numpy as np

from workbench.agreement.results import (
    AgreementResult,
    CodeAgreement,
    MacroAverage,
    PairAgreement,
    Thresholds,
)
from workbench.agreement.units import UnitTable
from workbench.errors import InputError
from workbench.vocab import ReservedCoder

LEVELS = ("binary", "nominal")
MACHINE_CODERS = (ReservedCoder.MODEL,)
#: Nominal category for "saw the unit and applied no code".
NO_CODE = "(geen code)"
POOLED = "(pooled)"
NOMINAL = "(nominal)"

Row = list  # one unit: a value per coder, None = missing


# -- elementary measures ------------------------------------------------------------------
def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's κ of two equally long label sequences; None when undefined.

    κ = (p_o − p_e) / (1 − p_e) with p_e from each coder's own marginals (as
    ``sklearn.metrics.cohen_kappa_score``). Undefined (None) when there are no items or both
    coders used one and the same label throughout (p_e = 1).
    """
    if len(a) != len(b):
        raise ValueError("cohen_kappa needs two sequences of equal length")
    n = len(a)
    if n == 0 or len(set(a) | set(b)) < 2:
        return None
    p_o = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return float((p_o - p_e) / (1.0 - p_e))


def percent_agreement(rows: Sequence[Sequence[Hashable]]) -> float | None:
    """Mean share of agreeing coder pairs per unit (all values present); None if no units."""
    if not rows:
        return None
    shares = []
    for row in rows:
        pairs = list(combinations(row, 2))
        shares.append(sum(x == y for x, y in pairs) / len(pairs))
    return float(fmean(shares))


def krippendorff_alpha(rows: Sequence[Sequence[Hashable | None]]) -> tuple[float | None, int]:
    """Nominal Krippendorff's α over units with missing values (None) allowed.

    Returns ``(alpha, n_pairable)`` where ``n_pairable`` counts the units with at least two
    values (the only ones α uses). α is None when no unit is pairable or the pairable values
    show no variation (a single category).
    """
    import krippendorff

    pairable = [[v for v in row if v is not None] for row in rows]
    pairable = [vals for vals in pairable if len(vals) >= 2]
    domain = sorted({v for vals in pairable for v in vals}, key=str)
    if len(domain) < 2:
        return None, len(pairable)
    index = {v: i for i, v in enumerate(domain)}
    counts = np.zeros((len(pairable), len(domain)), dtype=np.int64)
    for r, vals in enumerate(pairable):
        for v in vals:
            counts[r, index[v]] += 1
    value = krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")
    return float(value), len(pairable)


# -- one table of judgements --------------------------------------------------------------
def _figures(label: str, rows: list[Row], coders: list[str], main: list[str],
             pairs: list[tuple[str, str]], thresholds: Thresholds, binary: bool,
             one_code: bool = False) -> CodeAgreement:
    """All figures for one set of judgements (rows: a value per coder, None = missing).
    ``one_code``: the judgements of one code, also judged "few" by its prevalence."""
    col = {c: i for i, c in enumerate(coders)}
    mi = [col[c] for c in main]
    seen = [[row[i] for i in mi] for row in rows]
    seen = [vals for vals in seen if any(v is not None for v in vals)]
    complete = [vals for vals in seen if all(v is not None for v in vals)]

    prevalence = None
    if binary and complete:
        prevalence = float(fmean(v for vals in complete for v in vals))
    kappa = None
    if len(main) == 2:
        kappa = cohen_kappa([v[0] for v in complete], [v[1] for v in complete])
    alpha, n_alpha = krippendorff_alpha(seen)

    note = None
    if alpha is None:
        note = _why_undefined(seen, n_alpha, binary)
    elif kappa is None and len(main) == 2:
        note = "κ: " + _why_undefined(complete, len(complete), binary)
    positives = None
    if binary:
        positives = sum(1 for vals in seen if sum(v is not None for v in vals) >= 2 and 1 in vals)
    share = prevalence if one_code else None
    flag = thresholds.judge(alpha if alpha is not None else kappa, positives, share)
    if flag == "few":
        why = []
        if positives is not None and positives < thresholds.min_positives:
            why.append(f"the code was applied to {positives} of the units (minimum {thresholds.min_positives})")
        if share is not None and share < thresholds.min_positive_share:
            why.append(f"its prevalence is {_pct(share)} (minimum {_pct(thresholds.min_positive_share)})")
        few = "too few positives to judge: " + " and ".join(why)
        note = f"{note}; {few}" if note else few

    pairwise = []
    for a, b in pairs:
        both = [(row[col[a]], row[col[b]]) for row in rows
                if row[col[a]] is not None and row[col[b]] is not None]
        pa_alpha, _ = krippendorff_alpha(both)
        pairwise.append(PairAgreement(
            a, b, len(both), percent_agreement(both),
            cohen_kappa([x for x, _ in both], [y for _, y in both]), pa_alpha))

    return CodeAgreement(
        code=label, n_units=len(complete), n_dropped=len(seen) - len(complete),
        n_units_alpha=n_alpha, prevalence=prevalence,
        percent_agreement=percent_agreement(complete), kappa=kappa, alpha=alpha,
        flag=flag if flag == "few" else thresholds.flag(alpha), note=note, pairwise=pairwise,
        positives=positives)


def _pct(share: float) -> str:
    """4.96% or 5%: enough digits to see why a share is under a bound, no trailing zeros."""
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _why_undefined(rows: Sequence[Sequence], n_pairable: int, binary: bool) -> str:
    if n_pairable == 0:
        return "undefined: no unit judged by two coders"
    everywhere = {v for row in rows for v in row if v is not None}
    if binary and everywhere == {0}:
        return "undefined: no variation (nobody applied the code)"
    if binary and everywhere == {1}:
        return "undefined: no variation (always applied)"
    if everywhere and len(everywhere) > 1:
        return "undefined: no variation where two coders judged the same unit"
    return "undefined: no variation (every judgement the same)"


# -- whole table --------------------------------------------------------------------------
def split_coders(coders: Sequence[str],
                 machine: Sequence[str] = MACHINE_CODERS) -> tuple[list[str], list[str]]:
    """``(main, comparison)``: humans are main and machines compared with each human, as long
    as there are two or more humans; otherwise every coder is main."""
    humans = [c for c in coders if c not in machine]
    machines = [c for c in coders if c in machine]
    if len(humans) >= 2 and machines:
        return humans, machines
    return list(coders), []


def coder_pairs(main: Sequence[str], comparison: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs with separate figures: all main pairs when more than two main coders (or when
    comparison coders are shown beside them), then each comparison coder with each human."""
    pairs = list(combinations(main, 2)) if (len(main) > 2 or comparison) else []
    return pairs + [(m, h) for m in comparison for h in main]


def compute_agreement(
    table: UnitTable,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    level: str = "binary",
    thresholds: Thresholds | None = None,
    machine_coders: Sequence[str] = MACHINE_CODERS,
    empty_as_missing: bool = False,
) -> AgreementResult:
    """Agreement between ``coders`` (default: all in ``table``) on ``codes`` (default: all used).

    ``level="binary"``: figures per code, their macro average and the pooled table.
    ``level="nominal"``: additionally one nominal α across all codes; every coder must have
    applied at most one code per unit (no code counts as the category "(geen code)", or as
    missing with ``empty_as_missing=True``). Codes listed but never used give undefined rows.
    """
    if level not in LEVELS:
        raise InputError(f"unknown level '{level}'", hint="use binary or nominal")
    thresholds = thresholds or Thresholds()
    known = table.coders
    coders = list(dict.fromkeys(coders)) if coders else known
    unknown = [c for c in coders if c not in known]
    if unknown:
        raise InputError(f"unknown coder(s) {', '.join(unknown)}",
                         hint=f"coders in the data: {', '.join(known) or 'none'}")
    if len(coders) < 2:
        raise InputError(f"agreement needs at least two coders (got: {', '.join(coders) or 'none'})")
    codes = list(dict.fromkeys(codes)) if codes is not None else table.codes
    table = table.select(coders=coders, codes=codes)
    main, comparison = split_coders(coders, machine_coders)
    pairs = coder_pairs(main, comparison)

    units = table.units
    cells = [[table.codes_of(u, c) for c in coders] for u in units]
    per_code = []
    for code in codes:
        rows = [[None if s is None else int(code in s) for s in row] for row in cells]
        per_code.append(_figures(code, rows, coders, main, pairs, thresholds, binary=True, one_code=True))

    pooled = nominal = None
    if level == "binary":
        rows = [[None if s is None else int(code in s) for s in row]
                for row in cells for code in codes]
        pooled = _figures(POOLED, rows, coders, main, pairs, thresholds, binary=True)
    else:
        rows = [[_nominal_value(u, c, s, empty_as_missing) for c, s in zip(coders, row)]
                for u, row in zip(units, cells)]
        nominal = _figures(NOMINAL, rows, coders, main, pairs, thresholds, binary=False)

    seen_any = table.units_seen_by(main, all_=False)
    complete = table.units_seen_by(main)
    return AgreementResult(
        level=level, coders=list(coders), main_coders=main, comparison_coders=comparison,
        codes=codes, n_units_total=len(seen_any), n_units_complete=len(complete),
        n_units_dropped=len(seen_any) - len(complete), per_code=per_code,
        macro=macro_average(per_code, thresholds) if per_code else None,
        pooled=pooled, nominal=nominal, thresholds=thresholds)


def _nominal_value(unit: str, coder: str, applied: frozenset[str] | None,
                   empty_as_missing: bool) -> str | None:
    if applied is None:
        return None
    if len(applied) > 1:
        raise InputError(
            f"unit '{unit}': coder '{coder}' applied {len(applied)} codes "
            f"({', '.join(sorted(applied))}); nominal mode needs one code per unit per coder",
            hint="use --level binary for schemes where codes can co-occur")
    if not applied:
        return None if empty_as_missing else NO_CODE
    return next(iter(applied))


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return float(fmean(values)) if values else None


def macro_average(per_code: Sequence[CodeAgreement], thresholds: Thresholds) -> MacroAverage:
    """Unweighted means over the codes whose figure is defined (pairwise figures too)."""
    alpha = _mean(c.alpha for c in per_code)
    pairwise = []
    for i, p in enumerate(per_code[0].pairwise if per_code else []):
        same = [c.pairwise[i] for c in per_code]
        pairwise.append(PairAgreement(
            p.coder_a, p.coder_b, None, _mean(q.percent_agreement for q in same),
            _mean(q.kappa for q in same), _mean(q.alpha for q in same)))
    return MacroAverage(
        n_codes=len(per_code),
        n_codes_alpha=sum(c.alpha is not None for c in per_code),
        n_codes_kappa=sum(c.kappa is not None for c in per_code),
        alpha=alpha, kappa=_mean(c.kappa for c in per_code),
        percent_agreement=_mean(c.percent_agreement for c in per_code),
        prevalence=_mean(c.prevalence for c in per_code),
        flag=thresholds.flag(alpha), pairwise=pairwise)
