"""Respondents versus population: read the population CSV, compare shares, name who is over-represented.

The CSV has columns ``attribute,value,count`` (Dutch ``kenmerk,waarde,aantal`` also works;
comma, semicolon or tab separated); counts per attribute sum to the population N.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError
from workbench.synthesis.dutch_format import fmt_int, fmt_pct, join_and
from workbench.synthesis.inputs import ReportInput, type_plural

ATTRIBUTE_LABELS = {
    "uitkering": "Uitkering",
    "geslacht": "Geslacht",
    "leeftijdsgroep": "Leeftijd",
    "leeftijd": "Leeftijd",
    "periode": "Periode aanmelding",
    "werksituatie": "Werksituatie",
    "wave": "Jaar interview",
}
_HEADERS = {"attribute": "attribute", "kenmerk": "attribute", "value": "value", "waarde": "value",
            "count": "count", "aantal": "count", "n": "count"}
_UNKNOWN = {"", "nb", "onbekend", "unknown"}


def attribute_label(name: str) -> str:
    return ATTRIBUTE_LABELS.get(name.lower(), name[:1].upper() + name[1:])


def _parse_count(raw: str) -> int:
    s = raw.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):  # Dutch thousands: 4.081
        s = s.replace(".", "")
    return int(s)


def load_population(path: Path | str) -> dict[str, dict[str, int]]:
    """attribute -> {value: count}, in file order. Malformed files raise one clear InputError."""
    p = Path(path)
    if not p.is_file():
        from workbench.errors import not_a_file

        raise not_a_file(p, "population file not found", hint="give a CSV with attribute,value,count")
    text = p.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    delim = max(",;\t", key=first.count)
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    if not rows:
        raise InputError("population file is empty", path=str(p), hint="columns: attribute,value,count")
    header = [_HEADERS.get(h.strip().lower()) for h in rows[0]]
    if not {"attribute", "value", "count"} <= set(header):
        raise InputError(f"population file needs columns attribute,value,count, found {','.join(rows[0])}",
                         path=str(p))
    col = {name: header.index(name) for name in ("attribute", "value", "count")}
    out: dict[str, dict[str, int]] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        try:
            attr, value = row[col["attribute"]].strip(), row[col["value"]].strip()
            count = _parse_count(row[col["count"]])
        except (IndexError, ValueError):
            raise InputError(f"line {lineno}: expected attribute,value,count with a whole number count",
                             path=str(p)) from None
        if not attr or count < 0:
            raise InputError(f"line {lineno}: empty attribute or negative count", path=str(p))
        out.setdefault(attr, {})
        out[attr][value] = out[attr].get(value, 0) + count
    if not out:
        raise InputError("population file has no rows", path=str(p))
    return out


@dataclass
class PopulationRow:
    attribute: str
    value: str
    respondents_pct: float | None  # None = unknown ("NB")
    population_pct: float | None


@dataclass
class PopulationComparison:
    respondent_type: str
    n_respondents: int
    n_population: int
    rows: list[PopulationRow] = field(default_factory=list)
    overrepresented: list[PopulationRow] = field(default_factory=list)
    threshold: float = 10.0
    merged: dict[str, set[str]] = field(default_factory=dict)  # population value -> respondent variants


def compare_population(inp: ReportInput, population: dict[str, dict[str, int]],
                       respondent_type: str = "deelnemer", threshold: float = 10.0) -> PopulationComparison:
    """Shares (percent) of each attribute value among respondents of ``respondent_type`` and in
    the population. Respondent shares are over those whose value is known; none known -> None.
    A respondent value missing from the population but containing exactly one population value
    ("Wajong2015", "oWajong" -> "Wajong") is counted under it and listed in ``merged``."""
    people = [r for r in inp.respondents if r.type == respondent_type]
    totals = [sum(v.values()) for v in population.values()]
    result = PopulationComparison(respondent_type, len(people), max(totals) if totals else 0, threshold=threshold)
    for attr, values in population.items():
        pop_total = sum(values.values())
        known = [r.attributes.get(attr, "").strip() for r in people]
        known = [k for k in known if k.lower() not in _UNKNOWN]
        norm = {v.strip().lower(): v for v in values}
        counts: dict[str, int] = {}
        extra: list[str] = []
        for k in known:
            key = norm.get(k.lower())
            if key is None:  # a variant such as "Wajong2015" or "oWajong" of the population's "Wajong"
                hosts = [v for low, v in norm.items() if low and low in k.lower()]
                if len(hosts) == 1:
                    key = hosts[0]
                    result.merged.setdefault(key, set()).add(k)
            if key is None:
                key = k
                if k not in extra:
                    extra.append(k)
            counts[key] = counts.get(key, 0) + 1
        for value in list(values) + extra:
            resp = 100.0 * counts.get(value, 0) / len(known) if known else None
            pop = 100.0 * values[value] / pop_total if value in values and pop_total else None
            row = PopulationRow(attr, value, resp, pop)
            result.rows.append(row)
            if resp is not None and pop is not None and resp - pop >= threshold:
                result.overrepresented.append(row)
    return result


def overrepresentation_sentence(cmp: PopulationComparison) -> str:
    """One sentence naming the over-represented groups (or saying there are none)."""
    who = type_plural(cmp.respondent_type)
    base = f"alle {who} (N = {fmt_int(cmp.n_population)})"
    pts = f"{fmt_int(round(cmp.threshold))} procentpunt" if cmp.threshold == round(cmp.threshold) else f"{cmp.threshold} procentpunt"
    if not cmp.overrepresented:
        return (f"Geen enkele groep is onder de geïnterviewde {who} {pts} of meer oververtegenwoordigd "
                f"ten opzichte van {base}.")
    items = [
        f"{attribute_label(r.attribute).lower()} ‘{r.value}’ ({fmt_pct(r.respondents_pct)} tegenover "
        f"{fmt_pct(r.population_pct)})"
        for r in sorted(cmp.overrepresented, key=lambda r: -(r.respondents_pct - r.population_pct))
    ]
    return (f"Ten opzichte van {base} zijn onder de geïnterviewde {who} oververtegenwoordigd "
            f"(verschil van {pts} of meer): {join_and(items)}.")
