"""Attribution of a quote: the role plus context in the report's words, protecting small groups.

"Deelnemer (Wajong, 2025)": the attributes named per respondent type under ``[attribution]``,
each value read through ``[labels.<attribute>]`` (Wajong2015 → Wajong). k-anonymity: when fewer
than ``k`` respondents of that type share the combination of values (default k = 3), the last
attribute is dropped, and so on, so an attribution never points at one or two people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.synthesis.config import ReportConfig
from workbench.synthesis.grouping import label_value
from workbench.synthesis.inputs import ReportInput, type_label

SKIP_VALUES = {"", "nb", "onbekend", "unknown", "none", "-"}


@dataclass
class Attributor:
    """Attributions for one report; counts what k-anonymity left out (for the appendix)."""

    inp: ReportInput
    config: ReportConfig = field(default_factory=ReportConfig)
    dropped: int = 0  # attributions that lost at least one attribute
    dropped_values: set[str] = field(default_factory=set)  # "uitkering", "wave"

    def __post_init__(self) -> None:
        from workbench.synthesis.themes import respondent_waves

        self._maps = (self.inp.respondent_map(), self.inp.transcript_map())
        self._waves = respondent_waves(self.inp)
        self._counts: dict[tuple, int] = {}
        for r in self.inp.respondents:
            keys = self.config.attribution.get(r.type, [])
            for combo in self._combos(r, keys):
                for n in range(1, len(combo) + 1):
                    k = (r.type, combo[:n])
                    self._counts[k] = self._counts.get(k, 0) + 1

    def _value(self, key: str, r, wave: str | None) -> str | None:
        raw = wave if key == "wave" else (r.attributes.get(key) if r else None)
        if raw is None and key == "wave" and r is not None:
            raw = r.attributes.get("wave")
        value = label_value(self.config.labels, key, raw)
        return None if value is None or value.strip().lower() in SKIP_VALUES else value.strip()

    def _combos(self, r, keys: list[str]) -> list[tuple]:
        waves = sorted(self._waves.get(r.id, set())) or [None]
        out = []
        for w in (waves if "wave" in keys else [None]):
            out.append(tuple((k, self._value(k, r, w)) for k in keys))
        return out

    def values(self, seg) -> tuple[str | None, list[tuple[str, str]]]:
        """The speaker's type and the (attribute, value) pairs that may be shown."""
        respondents, transcripts = self._maps
        rtype = self.inp.segment_type(seg, respondents, transcripts)
        r = respondents.get(seg.respondent_id or "")
        keys = self.config.attribution.get(rtype or "", [])
        wave = self.inp.segment_wave(seg, transcripts)
        combo = tuple((k, self._value(k, r, wave)) for k in keys)
        k = self.config.k_anonymity
        shown = combo
        while shown and r is not None and self._counts.get((rtype, shown), 0) < k:
            shown = shown[:-1]
        if r is None and k > 1:
            shown = ()  # a speaker with no respondent row cannot be checked: no context
        if len(shown) < len([v for _, v in combo if v]):
            self.dropped += 1
            self.dropped_values.update(a for a, v in combo[len(shown):] if v)
        return rtype, [(a, v) for a, v in shown if v]

    def label(self, seg) -> str:
        """ "Deelnemer (Wajong, 2025)", "Werkgever"."""
        rtype, pairs = self.values(seg)
        parts: list[str] = []
        for _, v in pairs:
            if v not in parts:
                parts.append(v)
        name = type_label(rtype)
        return f"{name} ({', '.join(parts)})" if parts else name
