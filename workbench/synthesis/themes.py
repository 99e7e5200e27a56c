"""Theme counts: respondents (not segments) per code and group, co-occurrence, ordering, waves.

Only segments spoken by a respondent (``role == "respondent"``) count; codings on interviewer
or moderator lines are ignored here and never quoted. A respondent counts once per code
however many of their segments carry it. Non-codable grouping codes get the union of their
descendants ("rolled up").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.synthesis.inputs import ReportInput, type_order

from workbench.synthesis.grouping import UNKNOWN_GROUP, Grouping  # noqa: F401 (UNKNOWN_GROUP re-exported)


@dataclass
class ThemeStats:
    """Counts for one code; ``respondents`` maps group -> respondent ids having the code."""

    code: str
    label: str
    respondents: dict[str, set[str]] = field(default_factory=dict)
    segments: dict[str, int] = field(default_factory=dict)
    segment_ids: list[int] = field(default_factory=list)

    @property
    def n_respondents(self) -> int:
        return len(set().union(*self.respondents.values())) if self.respondents else 0

    @property
    def n_segments(self) -> int:
        return len(self.segment_ids)

    def count(self, group: str) -> int:
        return len(self.respondents.get(group, ()))


@dataclass
class ThemeNode:
    """A code in report order; ``depth`` 0 = top level. Children sorted most-mentioned first."""

    code: object  # workbench.codebook.model.Code
    depth: int
    stats: ThemeStats
    children: list["ThemeNode"] = field(default_factory=list)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def as_grouping(group_by) -> Grouping:
    """A :class:`Grouping` from one (``"type"``, ``"uitkering,wave"``) or a Grouping."""
    return group_by if isinstance(group_by, Grouping) else Grouping.parse(group_by)


def group_of(inp: ReportInput, respondent_id: str | None, segment, group_by="type", _maps=None) -> str:
    """Group key of a segment's speaker: respondent type, an attribute's value, or two joined."""
    maps = _maps or (inp.respondent_map(), inp.transcript_map())
    return as_grouping(group_by).key(inp, segment, maps)


def group_sizes(inp: ReportInput, group_by="type") -> dict[str, int]:
    """Respondents per group in the whole project (the denominators)."""
    grouping = as_grouping(group_by)
    return inp.group_sizes() if grouping.is_type else grouping.sizes(inp)


def ordered_groups(groups, group_by="type") -> list[str]:
    """Fixed report order for types (deelnemers first); sorted values for attributes."""
    grouping = as_grouping(group_by)
    if grouping.is_type:
        return type_order(groups)
    return grouping.order(groups)


def coded_segments(inp: ReportInput) -> dict[str, list[int]]:
    """code id -> sorted ids of respondent segments coded with it (interviewer lines dropped)."""
    out: dict[str, set[int]] = {}
    for seg_id, code in inp.codings:
        seg = inp.segments.get(seg_id)
        if seg is None or not seg.is_respondent:
            continue
        out.setdefault(code, set()).add(seg_id)
    return {k: sorted(v) for k, v in out.items()}


def theme_stats(inp: ReportInput, group_by="type") -> dict[str, ThemeStats]:
    """Stats for every code in the codebook (zeros when uncoded) and any other coded id."""
    maps = (inp.respondent_map(), inp.transcript_map())
    group_by = as_grouping(group_by)
    flat = inp.codebook.flat()
    by_code = coded_segments(inp)
    stats: dict[str, ThemeStats] = {}
    labels = {c.id: c.label for c in flat}
    for code in list(labels) + [c for c in by_code if c not in labels]:
        st = ThemeStats(code, labels.get(code, code))
        for seg_id in by_code.get(code, []):
            seg = inp.segments[seg_id]
            g = group_of(inp, seg.respondent_id, seg, group_by, maps)
            st.segments[g] = st.segments.get(g, 0) + 1
            st.segment_ids.append(seg_id)
            if seg.respondent_id:
                st.respondents.setdefault(g, set()).add(seg.respondent_id)
        stats[code] = st
    # roll non-codable parents up from their descendants
    children: dict[str, list[str]] = {}
    for c in flat:
        if c.parent:
            children.setdefault(c.parent, []).append(c.id)
    for c in reversed(flat):  # children before parents
        if c.codable or c.id not in children:
            continue
        st = stats[c.id]
        ids = set(st.segment_ids)
        for child in children[c.id]:
            cs = stats[child]
            for g, people in cs.respondents.items():
                st.respondents.setdefault(g, set()).update(people)
            ids.update(cs.segment_ids)
        st.segment_ids = sorted(ids)
        st.segments = {}
        for seg_id in st.segment_ids:
            seg = inp.segments[seg_id]
            g = group_of(inp, seg.respondent_id, seg, group_by, maps)
            st.segments[g] = st.segments.get(g, 0) + 1
    return stats


def theme_tree(inp: ReportInput, stats: dict[str, ThemeStats], codes: list[str] | None = None) -> list[ThemeNode]:
    """Codes as a tree in report order: top level in codebook order, siblings below it by
    respondents, then segments, then codebook order. ``codes`` keeps only those codes (and
    the parents needed to place them); unknown ids raise ``KeyError``."""
    flat = inp.codebook.flat()
    index = {c.id: i for i, c in enumerate(flat)}
    if codes:
        missing = [c for c in codes if c not in index]
        if missing:
            raise KeyError(", ".join(missing))
    keep = set(codes) if codes else {c.id for c in flat if c.codable}
    kids: dict[str | None, list] = {}
    for c in flat:
        kids.setdefault(c.parent if c.parent in index else None, []).append(c)

    def build(code, depth: int) -> ThemeNode | None:
        node = ThemeNode(code, depth, stats[code.id])
        for child in kids.get(code.id, []):
            sub = build(child, depth + 1)
            if sub is not None:
                node.children.append(sub)
        node.children.sort(key=lambda n: (-n.stats.n_respondents, -n.stats.n_segments, index[n.code.id]))
        if code.id in keep or node.children:
            return node
        return None

    return [n for n in (build(c, 0) for c in kids.get(None, [])) if n is not None]


def report_codes(nodes: list[ThemeNode]) -> list[str]:
    """Codable code ids in report order."""
    return [n.code.id for top in nodes for n in top.walk() if n.code.codable]


def ranked(stats: dict[str, ThemeStats], codes: list[str]) -> list[ThemeStats]:
    """Codes from most to least mentioned (respondents, then segments); stable otherwise."""
    return sorted((stats[c] for c in codes), key=lambda s: (-s.n_respondents, -s.n_segments))


def cooccurrence(inp: ReportInput, codes: list[str]):
    """n x n matrix: respondent segments carrying both codes (diagonal: carrying the code)."""
    import numpy as np

    pos = {c: i for i, c in enumerate(codes)}
    per_seg: dict[int, set[int]] = {}
    for code, seg_ids in coded_segments(inp).items():
        if code in pos:
            for s in seg_ids:
                per_seg.setdefault(s, set()).add(pos[code])
    m = np.zeros((len(codes), len(codes)), dtype=int)
    for idx in per_seg.values():
        for i in idx:
            for j in idx:
                m[i, j] += 1
    return m


@dataclass
class WaveComparison:
    """Codes among respondents interviewed in both ``waves`` (first and last wave seen)."""

    waves: tuple[str, str]
    respondents: list[str]
    rows: dict[str, dict[str, int]]  # code -> {"first", "last", "both"} respondent counts


def respondent_waves(inp: ReportInput) -> dict[str, set[str]]:
    """respondent id -> waves they were interviewed in (from transcripts and segments)."""
    out: dict[str, set[str]] = {}
    for t in inp.transcripts:
        if t.wave:
            for rid in t.respondents:
                out.setdefault(rid, set()).add(t.wave)
    transcripts = inp.transcript_map()
    for seg in inp.segments.values():
        w = inp.segment_wave(seg, transcripts)
        if seg.is_respondent and seg.respondent_id and w:
            out.setdefault(seg.respondent_id, set()).add(w)
    return out


def reinterviewed(inp: ReportInput) -> list[str]:
    """Respondent ids seen in more than one wave."""
    return sorted(r for r, w in respondent_waves(inp).items() if len(w) > 1)


def wave_comparison(inp: ReportInput, codes: list[str]) -> WaveComparison | None:
    """Per code: how many re-interviewed respondents mention it in the first and the last wave
    (and in both). ``None`` when nobody was interviewed twice."""
    seen = respondent_waves(inp)
    people = reinterviewed(inp)
    if not people:
        return None
    waves = sorted(set().union(*(seen[r] for r in people)))
    first, last = waves[0], waves[-1]
    people = [r for r in people if {first, last} <= seen[r]]
    if not people:
        return None
    transcripts = inp.transcript_map()
    present: dict[tuple[str, str], set[str]] = {}
    wanted = set(people)
    for code, seg_ids in coded_segments(inp).items():
        for s in seg_ids:
            seg = inp.segments[s]
            if seg.respondent_id in wanted:
                present.setdefault((code, inp.segment_wave(seg, transcripts) or ""), set()).add(seg.respondent_id)
    rows = {}
    for code in codes:
        a = present.get((code, first), set())
        b = present.get((code, last), set())
        rows[code] = {"first": len(a), "last": len(b), "both": len(a & b)}
    return WaveComparison((first, last), people, rows)
