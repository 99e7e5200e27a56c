"""How respondents are grouped in a report: by type (default), any respondent attribute, the
interview wave, or two of these together (``--group-by uitkering,wave``).

A group key is one value per grouping attribute joined with " · " ("IVA · 2025"). Every table
header and sentence asks the :class:`Grouping` for its words, so each follows the grouping.
Values read through the report's label map (``[labels.<attribute>]``, e.g. Wajong2015 → Wajong);
a value the analyst did not map gets a default label by a general rule (:func:`default_label`:
"Wajong2015" → "Wajong 2015", "geen_werk" → "geen werk").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.errors import InputError
from workbench.synthesis.inputs import RESPONDENT_TYPES, type_label, type_plural

UNKNOWN_GROUP = "onbekend"
AS_TYPE = "type:"  # value prefix: a professional without the attribute, grouped by their type instead
SEP = " · "
TYPE, WAVE = "type", "wave"
ATTRIBUTE_NAMES = {TYPE: "respondentgroep", WAVE: "jaar"}  # how a grouping attribute is named in text


def parse_group_by(value: str | None) -> tuple[str, ...]:
    """``"type"``, ``"uitkering"`` or ``"uitkering,wave"`` -> attribute names (at most two)."""
    parts = tuple(p.strip() for p in (value or TYPE).split(",") if p.strip()) or (TYPE,)
    if len(parts) > 2:
        raise InputError(f"--group-by takes one or two attributes, not {len(parts)}",
                         hint="e.g. --group-by uitkering or --group-by uitkering,wave")
    if len(set(parts)) != len(parts):
        raise InputError("--group-by names the same attribute twice")
    return parts


_LETTERS_YEAR = re.compile(r"^([^\W\d_][^\W\d_ ]*?)_?((?:19|20)\d\d)$")


def default_label(value: str) -> str:
    """A raw value as a reader reads it, by a general rule: letters and a trailing year apart
    ("Wajong2015" → "Wajong 2015", "wave_2024" → "wave 2024"), snake_case as words ("geen_werk" →
    "geen werk"); anything else unchanged ("IVA", "oWajong", "25-35", "<25", "2024")."""
    text = " ".join(str(value).split())
    m = _LETTERS_YEAR.match(text)
    if m:
        text = f"{m.group(1)} {m.group(2)}"
    if "_" in text and re.fullmatch(r"[\w ]+", text):
        text = " ".join(part for part in text.split("_") if part)
    return text


def label_value(labels: dict[str, dict[str, str]], attribute: str, value: str | None) -> str | None:
    """A raw attribute value as the report names it: the analyst's ``[labels]`` map, else
    :func:`default_label`."""
    if value is None:
        return None
    value = str(value).strip()
    mapped = labels.get(attribute, {}).get(value)
    return mapped if mapped is not None else default_label(value)


@dataclass
class Grouping:
    """The attributes a report groups by, with the label map for their values."""

    by: tuple[str, ...] = (TYPE,)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, value: str | None, labels: dict | None = None) -> "Grouping":
        return cls(parse_group_by(value), labels or {})

    @property
    def is_type(self) -> bool:
        return self.by == (TYPE,)

    # ---------------------------------------------------------------- keys
    @staticmethod
    def _type_has(inp, rtype: str, attribute: str) -> bool:
        """Whether any respondent of type ``rtype`` has a value for ``attribute``."""
        return any(r.type == rtype and str(r.attributes.get(attribute) or "").strip() for r in inp.respondents)

    def _value(self, inp, attribute: str, respondent, segment, maps) -> str:
        if attribute == TYPE:
            if segment is not None:
                return inp.segment_type(segment, *maps) or UNKNOWN_GROUP
            return respondent.type if respondent else UNKNOWN_GROUP
        if attribute == WAVE and segment is not None:
            wave = inp.segment_wave(segment, maps[1])
            if wave:
                return str(wave)
        raw = respondent.attributes.get(attribute) if respondent else None
        if (raw is None or not str(raw).strip()) and respondent and respondent.type \
                and respondent.type != RESPONDENT_TYPES[0] and attribute != WAVE \
                and not self._type_has(inp, respondent.type, attribute):
            # an attribute no one of this professional type has (uitkering, werksituatie) does not
            # apply to them: they form the group of their type, not "uitkering onbekend"
            return AS_TYPE + respondent.type
        return label_value(self.labels, attribute, raw) or UNKNOWN_GROUP

    def key(self, inp, segment, maps) -> str:
        """Group of a segment's speaker."""
        respondent = maps[0].get(segment.respondent_id or "")
        return SEP.join(self._value(inp, a, respondent, segment, maps) for a in self.by)

    def sizes(self, inp) -> dict[str, int]:
        """Respondents per group (the denominators). With wave, a respondent counts in each wave."""
        from workbench.synthesis.themes import respondent_waves

        waves = respondent_waves(inp) if WAVE in self.by else {}
        out: dict[str, int] = {}
        for r in inp.respondents:
            options: list[list[str]] = []
            for a in self.by:
                if a == WAVE and waves.get(r.id):
                    options.append(sorted(waves[r.id]))
                else:
                    options.append([self._value(inp, a, r, None, None)])
            keys = [""]
            for opts in options:
                keys = [k + (SEP if k else "") + o for k in keys for o in opts]
            for k in keys:
                out[k] = out.get(k, 0) + 1
        return out

    def order(self, groups) -> list[str]:
        """Types in the fixed report order, other values sorted, "onbekend" last."""
        groups = [g for g in set(groups) if g]

        def rank(g: str):
            out = []
            for a, v in self._parts(g):
                if a == TYPE:
                    out.append((RESPONDENT_TYPES.index(v) if v in RESPONDENT_TYPES else len(RESPONDENT_TYPES), v))
                elif v.startswith(AS_TYPE):  # after the attribute's own values, in the types' order
                    t = v[len(AS_TYPE):]
                    out.append((1, f"{RESPONDENT_TYPES.index(t) if t in RESPONDENT_TYPES else 9}{t}"))
                else:
                    out.append((2 if v == UNKNOWN_GROUP else 0, v))
            return out

        return sorted(groups, key=rank)

    # ---------------------------------------------------------------- words
    def _parts(self, group: str) -> list[tuple[str, str]]:
        return list(zip(self.by, group.split(SEP)))

    def _noun(self, group: str, plural: bool) -> tuple[str, list[str]]:
        noun = "respondenten" if plural else "respondent"
        extra = []
        for a, v in self._parts(group):
            if a == TYPE:
                noun = type_plural(v) if plural else type_label(v).lower()
            elif v.startswith(AS_TYPE):
                t = v[len(AS_TYPE):]
                noun = type_plural(t) if plural else type_label(t).lower()
            elif v == UNKNOWN_GROUP:
                extra.append(f"van wie {ATTRIBUTE_NAMES.get(a, a)} onbekend is")
            elif a == WAVE:
                extra.append(f"die in {v} {'zijn' if plural else 'is'} gesproken")
            else:
                extra.append(f"met {a} {v}")
        return noun, extra

    @staticmethod
    def _join(noun: str, extra: list[str]) -> str:
        """ "respondenten met uitkering IVA die in 2025 zijn gesproken"; two relative clauses
        take "en" ("van wie uitkering onbekend is en die in 2025 zijn gesproken")."""
        text = noun
        for i, part in enumerate(extra):
            both_clauses = i and extra[i - 1].startswith(("van wie", "die ")) and part.startswith("die ")
            text += (" en " if both_clauses else " ") + part
        return text

    def plural(self, group: str) -> str:
        """ "deelnemers", "respondenten met uitkering IVA", "deelnemers die in 2025 zijn gesproken"."""
        return self._join(*self._noun(group, True))

    def singular(self, group: str) -> str:
        return self._join(*self._noun(group, False))

    def header(self, group: str) -> str:
        """Table header text for a group ("Deelnemers", "IVA", "IVA · 2025")."""
        if self.is_type:
            return type_plural(group).capitalize()
        return SEP.join(self._header_value(a, v) for a, v in self._parts(group))

    def spans(self, groups: list[str]) -> list[tuple[str, int]]:
        """The first attribute's values over runs of ``groups`` (in order): [("IVA", 2), …]."""
        out: list[tuple[str, int]] = []
        for g in groups:
            a, v = self._parts(g)[0]
            text = self._header_value(a, v)
            if out and out[-1][0] == text:
                out[-1] = (text, out[-1][1] + 1)
            else:
                out.append((text, 1))
        return out

    def column_header(self, group: str) -> str:
        """Header of a column under :meth:`spans`: the values after the first ("2025")."""
        return SEP.join(self._header_value(a, v) for a, v in self._parts(group)[1:])

    def _header_value(self, attribute: str, value: str) -> str:
        if attribute == TYPE:
            return type_plural(value).capitalize()
        if value.startswith(AS_TYPE):
            return type_plural(value[len(AS_TYPE):]).capitalize()
        if value == UNKNOWN_GROUP:
            return f"{ATTRIBUTE_NAMES.get(attribute, attribute).capitalize()} onbekend"
        return value

    def caption_terms(self) -> str:
        """ "code en respondentgroep", "code, uitkering en jaar" (for the table caption)."""
        names = ["code", *(ATTRIBUTE_NAMES.get(a, a) for a in self.by)]
        return f"{', '.join(names[:-1])} en {names[-1]}"

    def describe(self) -> str:
        """ "respondenttype", "uitkering en wave" (for captions)."""
        return " en ".join(ATTRIBUTE_NAMES.get(a, a) for a in self.by)
