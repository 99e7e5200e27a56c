"""Result dataclasses of the agreement stage and the α flag thresholds.

Every figure that cannot be computed (no variation, too few units) is ``None`` and shown as
"n.d."; it is never silently 0 or 1. ``to_dict()`` gives plain JSON-ready dicts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from workbench.errors import WorkbenchError

RED, AMBER, GREEN = "red", "amber", "green"
FEW = "few"  # too few positives to judge: κ and α swing on one or two units

#: Which units each figure uses (also shown in exports and ``--json``).
UNIT_BASIS = {
    "n_units": "units seen by every (main) coder: the 'complete' units",
    "n_dropped": "units seen by at least one but not every (main) coder; left out of the "
                 "complete figures",
    "prevalence": "complete units: share of coder-unit judgements that apply the code",
    "positives": "binary: units seen by two or more coders to which at least one applied the code; "
                 "below min_positives, or a prevalence below min_positive_share, the flag of a code is "
                 "'few' (too few positives to judge)",
    "percent_agreement": "complete units: mean share of coder pairs that agree",
    "kappa": "complete units; Cohen's kappa, only with exactly two coders",
    "alpha": "all units seen by at least two coders (Krippendorff's alpha allows missing "
             "judgements); n_units_alpha counts them",
    "pairwise": "per pair of coders, the units both coders saw",
    "pooled": "every unit x code decision is one item (its n_units counts decisions)",
    "macro": "unweighted mean over the codes whose figure is defined",
}


@dataclass(frozen=True)
class Thresholds:
    """Krippendorff's conventions: α ≥ green reliable, amber ≤ α < green tentative, else red."""

    amber: float = 0.667
    green: float = 0.800
    #: a code applied (by any coder) to fewer units than this is flagged "few", not red or green
    min_positives: int = 5
    #: a code whose prevalence is below this share is flagged "few" too: κ and α of a rare code
    #: swing on a handful of units (the one rule the CLI, --json and the report's appendix use)
    min_positive_share: float = 0.05

    def __post_init__(self) -> None:
        if not (-1.0 <= self.amber <= self.green <= 1.0):
            raise WorkbenchError(
                f"agreement thresholds must satisfy -1 <= amber <= green <= 1 "
                f"(got amber={self.amber}, green={self.green})")
        if self.min_positives < 0:
            raise WorkbenchError(f"min_positives must be 0 or more (got {self.min_positives})")
        if not 0.0 <= self.min_positive_share <= 1.0:
            raise WorkbenchError(f"min_positive_share must be between 0 and 1 (got {self.min_positive_share})")

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> Thresholds:
        """From a config dict such as ``{"amber": 0.667, "green": 0.8}`` (keys optional)."""
        if not config:
            return cls()
        unknown = set(config) - {"amber", "green", "min_positives", "min_positive_share"}
        if unknown:
            raise WorkbenchError(f"unknown agreement threshold key(s): {', '.join(sorted(unknown))}",
                                 hint="use 'amber', 'green', 'min_positives' and 'min_positive_share'")
        values = {}
        for key in ("amber", "green", "min_positive_share"):
            if key in config and config[key] is not None:
                try:
                    values[key] = float(config[key])
                except (TypeError, ValueError):
                    raise WorkbenchError(f"agreement threshold '{key}' is not a number: "
                                         f"{config[key]!r}") from None
        if config.get("min_positives") is not None:
            try:
                values["min_positives"] = int(config["min_positives"])
            except (TypeError, ValueError):
                raise WorkbenchError(f"agreement 'min_positives' is not a whole number: "
                                     f"{config['min_positives']!r}") from None
        return cls(**values)

    def flag(self, value: float | None) -> str | None:
        """``"red"``, ``"amber"``, ``"green"``, or None for an undefined value."""
        if value is None:
            return None
        if value >= self.green:
            return GREEN
        if value >= self.amber:
            return AMBER
        return RED

    def too_few(self, positives: int | None, prevalence: float | None = None) -> bool:
        """Too few positives to judge: fewer than ``min_positives`` units with the code, or a
        prevalence below ``min_positive_share``."""
        return ((positives is not None and positives < self.min_positives)
                or (prevalence is not None and prevalence < self.min_positive_share))

    def judge(self, value: float | None, positives: int | None, prevalence: float | None = None) -> str | None:
        """The flag of a binary code applied to ``positives`` units with ``prevalence``: "few"
        when :meth:`too_few`, else the colour of ``value``."""
        if value is not None and self.too_few(positives, prevalence):
            return FEW
        return self.flag(value)

    def to_dict(self) -> dict[str, float]:
        return {"amber": self.amber, "green": self.green}


def _clean(value: Any) -> Any:
    """Replace NaN by None recursively so the dict is valid JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


@dataclass
class PairAgreement:
    """Figures for one pair of coders, over the units both saw."""

    coder_a: str
    coder_b: str
    n_units: int | None
    percent_agreement: float | None
    kappa: float | None
    alpha: float | None

    @property
    def label(self) -> str:
        return f"{self.coder_a}–{self.coder_b}"

    def to_dict(self) -> dict[str, Any]:
        return _clean({"pair": self.label, **asdict(self)})


@dataclass
class CodeAgreement:
    """Agreement on one code (binary: applied or not), the pooled table, or nominal data."""

    code: str
    n_units: int
    n_dropped: int
    n_units_alpha: int
    prevalence: float | None
    percent_agreement: float | None
    kappa: float | None
    alpha: float | None
    flag: str | None
    note: str | None = None
    pairwise: list[PairAgreement] = field(default_factory=list)
    positives: int | None = None  # binary: units to which at least one coder applied the code

    def pair(self, a: str, b: str) -> PairAgreement | None:
        """The figures for the pair ``a``/``b`` (either order), if computed."""
        for p in self.pairwise:
            if {p.coder_a, p.coder_b} == {a, b}:
                return p
        return None

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k != "pairwise"}
        d["pairwise"] = [p.to_dict() for p in self.pairwise]
        return _clean(d)


@dataclass
class MacroAverage:
    """Unweighted means over the codes whose figure is defined."""

    n_codes: int
    n_codes_alpha: int
    n_codes_kappa: int
    alpha: float | None
    kappa: float | None
    percent_agreement: float | None
    prevalence: float | None
    flag: str | None
    pairwise: list[PairAgreement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k != "pairwise"}
        d["pairwise"] = [p.to_dict() for p in self.pairwise]
        return _clean(d)


@dataclass
class AgreementResult:
    """Everything ``workbench agreement`` reports.

    ``main_coders`` are the coders the headline figures compare (the humans when both humans
    and a machine coder such as ``model`` are selected); ``comparison_coders`` are the machine
    coders compared with each human in the ``pairwise`` figures.
    """

    level: str
    coders: list[str]
    main_coders: list[str]
    comparison_coders: list[str]
    codes: list[str]
    n_units_total: int
    n_units_complete: int
    n_units_dropped: int
    per_code: list[CodeAgreement]
    macro: MacroAverage | None
    pooled: CodeAgreement | None
    nominal: CodeAgreement | None
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def overall(self) -> CodeAgreement | None:
        """The headline row: nominal α in nominal mode, else the pooled binary table."""
        return self.nominal if self.level == "nominal" else self.pooled

    @property
    def alpha(self) -> float | None:
        """The overall α (see :attr:`overall`)."""
        return self.overall.alpha if self.overall else None

    @property
    def pair_labels(self) -> list[tuple[str, str]]:
        """Coder pairs with pairwise figures, in display order."""
        source = self.per_code[0] if self.per_code else self.overall
        return [(p.coder_a, p.coder_b) for p in source.pairwise] if source else []

    def to_dict(self) -> dict[str, Any]:
        return _clean({
            "level": self.level,
            "alpha": self.alpha,
            "alpha_flag": self.thresholds.flag(self.alpha),
            "coders": self.coders,
            "main_coders": self.main_coders,
            "comparison_coders": self.comparison_coders,
            "codes": self.codes,
            "units": {"total": self.n_units_total, "complete": self.n_units_complete,
                      "dropped": self.n_units_dropped},
            "thresholds": self.thresholds.to_dict(),
            "min_positives": self.thresholds.min_positives,
            "min_positive_share": self.thresholds.min_positive_share,
            "per_code": [c.to_dict() for c in self.per_code],
            "macro": self.macro.to_dict() if self.macro else None,
            "pooled": self.pooled.to_dict() if self.pooled else None,
            "nominal": self.nominal.to_dict() if self.nominal else None,
            "unit_basis": UNIT_BASIS,
        })
