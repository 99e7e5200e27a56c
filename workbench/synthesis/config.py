"""Report settings (:class:`ReportConfig`) and the ``report.toml`` file that overrides them.

Sections: ``[report]``, ``[quotes]``, ``[attribution]``, ``[quantifiers]``, ``[headings]`` (code id
-> the analyst's heading), ``[phrasing]`` (code id -> raise / observe / describe) and
``[labels.<attribute>]`` (raw value -> report label); every key is optional. docs/report.md has a
full example; ``workbench report --init-config`` writes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from workbench.errors import InputError
from workbench.synthesis.quantifiers import QuantifierTable, table_from_mapping

DEFAULT_ATTRIBUTION = {
    "deelnemer": ["uitkering", "wave"],
    "arbeidsdeskundige": ["wave"],
    "re-integratiebureau": ["wave"],
    "werkgever": [],
}

# toml key -> ReportConfig field, per section
_REPORT_KEYS = {
    "chapter_number": "chapter_number",
    "chapter_title": "chapter_title",
    "subtitle": "subtitle",
    "appendix": "appendix",
    "number_headings": "number_headings",
    "update_fields": "update_fields_on_open",
    "overrepresentation_points": "overrep_points",
    "population_type": "population_type",
    "population": "population",
    "heatmap": "heatmap",
    "mention_absent_groups": "mention_absent_groups",
    "codes": "codes",
    "k_anonymity": "k_anonymity",
    "body_only": "body_only",
    "group_by": "group_by",
    "patterns": "patterns",
}
_QUOTE_KEYS = {
    "per_theme": "quotes_per_theme",
    "max_words": "max_quote_words",
    "min_words": "min_quote_words",
    "diversity": "diversity",
    "clean": "clean_quotes",
    "mark_fillers": "mark_fillers",
    "question": "question_context",
}
SECTIONS = ("report", "quotes", "attribution", "quantifiers", "headings", "phrasing", "labels")


@dataclass
class ReportConfig:
    """All knobs of the synthesis and report stage, with the house-style defaults."""

    quantifiers: QuantifierTable = field(default_factory=QuantifierTable)
    quotes_per_theme: int = 3
    max_quote_words: int = 60
    min_quote_words: int = 6
    diversity: float = 0.3  # MMR weight on redundancy (0 = only centrality)
    quote_timestamps: bool = False  # `report --timestamps`: the turn's media time after each attribution
    attribution: dict[str, list[str]] = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_ATTRIBUTION.items()})
    overrep_points: float = 10.0  # over-represented: respondents' share >= population share + this
    population_type: str = "deelnemer"  # respondents compared with the population file
    population: Path | None = None
    chapter_number: int = 2
    chapter_title: str = ""  # empty: named after the material present ("Bevindingen uit de interviews")
    subtitle: str = "Conceptrapportage – gegenereerd door workbench"
    appendix: str = "1"
    number_headings: bool = True
    update_fields_on_open: bool = True
    heatmap: bool = True
    mention_absent_groups: bool = True
    codes: list[str] | None = None
    group_by: str = "type"  # a respondent attribute, "wave", or two joined by a comma
    k_anonymity: int = 3  # an attribute is left out of an attribution shared by fewer respondents
    body_only: bool = False  # only the chapter (no title page, contents or appendix)
    patterns: bool = True  # machine-found patterns per theme (clusters of its segments)
    clean_quotes: bool = True  # tags as role words, [lacht] and fillers out, false starts cut with (…)
    mark_fillers: bool = False  # also mark a removed filler with (…)
    question_context: bool = True  # a quote that needs its question gets it, in italics
    headings: dict[str, str] = field(default_factory=dict)  # code id -> heading the analyst wrote
    phrasing: dict[str, str] = field(default_factory=dict)  # code id -> raise | observe | describe
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # attribute -> raw value -> label
    report_date: date | None = None  # date on the title page (default: today)

    def validate(self, source: str | None = None) -> "ReportConfig":
        if not 1 <= self.quotes_per_theme <= 5:
            raise InputError("quotes per_theme must be between 1 and 5", path=source)
        if self.max_quote_words < 10:
            raise InputError("quotes max_words must be at least 10", path=source)
        if not 0 <= self.min_quote_words < self.max_quote_words:
            raise InputError("quotes min_words must be between 0 and max_words", path=source)
        if not 0.0 <= self.diversity <= 1.0:
            raise InputError("quotes diversity must be between 0 and 1", path=source)
        if self.overrep_points <= 0:
            raise InputError("report overrepresentation_points must be above 0", path=source)
        if self.k_anonymity < 1:
            raise InputError("report k_anonymity must be 1 or more (1 = no protection)", path=source)
        from workbench.synthesis.grouping import parse_group_by
        from workbench.synthesis.phrasing import KINDS

        parse_group_by(self.group_by)
        bad = {k: v for k, v in self.phrasing.items() if v not in KINDS}
        if bad:
            code, kind = next(iter(bad.items()))
            raise InputError(f"[phrasing] {code} = '{kind}' is not a kind", path=source,
                             hint="use raise (respondents bring it up), observe (the analyst's judgement) "
                                  "or describe (professionals describe it)")
        return self

    def grouping(self):
        from workbench.synthesis.grouping import Grouping

        return Grouping.parse(self.group_by, self.labels)


def read_toml(path: Path | str) -> dict:
    """Parse a TOML file; a missing or malformed file raises one clear InputError."""
    import tomllib

    p = Path(path)
    if not p.is_file():
        raise InputError("config file not found", path=str(p), hint="give an existing report.toml")
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", path=str(p)) from None


def _apply(cfg: ReportConfig, section: str, data, keys: dict[str, str], source: str) -> None:
    if not isinstance(data, dict):
        raise InputError(f"[{section}] must be a table", path=source)
    types = {f.name: f.type for f in fields(ReportConfig)}
    for key, value in data.items():
        if key not in keys:
            raise InputError(f"[{section}] unknown key '{key}'", path=source,
                             hint="allowed: " + ", ".join(sorted(keys)))
        name = keys[key]
        default = getattr(ReportConfig(), name)
        try:
            if name == "population":
                value = (Path(source).parent / str(value)) if value else None
            elif name == "codes":
                value = [str(v) for v in value] if value else None
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise TypeError
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
            elif isinstance(default, str):
                value = str(value)
        except (TypeError, ValueError):
            raise InputError(f"[{section}] {key} has the wrong type ({types[name]})", path=source) from None
        setattr(cfg, name, value)


def _strings(data, section: str, source: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError(f"[{section}] must map names to text", path=source,
                         hint='e.g. motivation = "Werk geeft structuur"')
    return {str(k): v.strip() for k, v in data.items() if v.strip()}


def config_from_mapping(data: dict, source: str = "report.toml") -> ReportConfig:
    """Build a :class:`ReportConfig` from parsed TOML (unknown sections/keys are errors)."""
    cfg = ReportConfig()
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise InputError(f"unknown section(s) {', '.join(sorted(unknown))}", path=source,
                         hint="allowed: " + ", ".join(f"[{s}]" for s in SECTIONS))
    cfg.headings = _strings(data.get("headings", {}), "headings", source)
    from workbench.synthesis.phrasing import KIND_ALIASES

    cfg.phrasing = {k: KIND_ALIASES.get(v.strip().lower(), v) for k, v in
                    _strings(data.get("phrasing", {}), "phrasing", source).items()}
    labels = data.get("labels", {})
    if not isinstance(labels, dict):
        raise InputError("[labels] maps an attribute to a table of raw value = label", path=source)
    cfg.labels = {attr: _strings(v, f"labels.{attr}", source) for attr, v in labels.items()}
    _apply(cfg, "report", data.get("report", {}), _REPORT_KEYS, source)
    _apply(cfg, "quotes", data.get("quotes", {}), _QUOTE_KEYS, source)
    attribution = data.get("attribution", {})
    if not isinstance(attribution, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in attribution.values()
    ):
        raise InputError("[attribution] maps a respondent type to a list of attribute names",
                         path=source, hint='e.g. deelnemer = ["uitkering", "wave"]')
    cfg.attribution.update({k: list(v) for k, v in attribution.items()})
    if "quantifiers" in data:
        cfg.quantifiers = table_from_mapping(data["quantifiers"], source)
    return cfg.validate(source)


def load_config(path: Path | str | None) -> ReportConfig:
    """Read ``report.toml``; ``None`` gives the defaults."""
    if path is None:
        return ReportConfig()
    return config_from_mapping(read_toml(path), str(path))
