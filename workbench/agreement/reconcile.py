"""Disagreements between coders and their reconciliation into the ``consensus`` coder.

Reconciling first copies what all coders agree on to ``consensus`` (logged as "agreed"), then
settles each disagreement: interactively, from a CSV of decisions, or (demo only) by letting
the first coder win. Every consensus decision is logged with who decided and why.
"""

from __future__ import annotations

import csv
import re
import io
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError, WorkbenchError
from workbench.vocab import CoderRole, ReservedCoder

CONSENSUS = ReservedCoder.CONSENSUS


@dataclass
class Disagreement:
    segment_id: int
    transcript: str
    speaker: str | None
    respondent: str | None
    text: str
    codes: dict[str, list[str]]  # coder -> accepted codes
    reasons: dict[str, list[str]] = field(default_factory=dict)  # coder -> reasons given
    context_before: str = ""
    context_after: str = ""

    @property
    def differing(self) -> list[str]:
        sets = [set(v) for v in self.codes.values()]
        return sorted(set.union(*sets) - set.intersection(*sets)) if sets else []


def _human_coders(project, coders: list[str] | None) -> list[str]:
    from workbench.store.codings import coders as all_coders

    names = [c for c in all_coders(project) if c not in (CONSENSUS,)]
    if coders:
        missing = [c for c in coders if c not in names]
        if missing:
            raise WorkbenchError(f"no codings by {', '.join(missing)}", hint="coders: " + ", ".join(names))
        return list(coders)
    humans = [c for c in names if c != ReservedCoder.MODEL]
    if len(humans) < 2:
        raise WorkbenchError("need at least two coders who coded the same segments",
                             hint="coders here: " + (", ".join(names) or "none"))
    return humans


@dataclass
class Comparison:
    """The coders' unit table, loaded once, with the disagreements found in it."""

    coders: list[str]
    code_ids: list[str]
    table: object  # UnitTable
    common: int  # segments every coder saw
    diffs: list[Disagreement]


def compare(project, coders: list[str] | None = None, codes: list[str] | None = None,
            context: bool = True) -> Comparison:
    """Load the coders' codings once and find where they differ (segments all of them saw)."""
    from workbench.agreement.project import load_units
    from workbench.store.codings import list_codings
    from workbench.store.transcripts import list_segments, segment_context

    coders = _human_coders(project, coders)
    table, code_ids = load_units(project, coders=coders, codes=codes)
    common = table.units_seen_by(coders)
    out: list[Disagreement] = []
    diff_units = [u for u in common if len({table.codes_of(u, c) & set(code_ids) for c in coders}) > 1]
    segs = {s.id: s for s in list_segments(project, ids=[int(u) for u in diff_units])}
    # one note typed in review is stored on every code decided with it: show it once, with its codes
    noted: dict[tuple[int, str], dict[str, list[str]]] = {}
    for c in list_codings(project, segment_ids=[int(u) for u in diff_units]):
        if c.coder in coders and c.reason:
            noted.setdefault((c.segment_id, c.coder), {}).setdefault(c.reason, []).append(c.code_id)
    reasons = {key: [f"{', '.join(sorted(codes))}: {reason}" for reason, codes in by_reason.items()]
               for key, by_reason in noted.items()}
    for u in diff_units:
        sid = int(u)
        seg = segs[sid]
        d = Disagreement(sid, seg.transcript, seg.speaker, seg.respondent_id, seg.text,
                         {c: sorted(table.codes_of(u, c) & set(code_ids)) for c in coders},
                         {c: reasons.get((sid, c), []) for c in coders})
        if context:
            turns = segment_context(project, sid)
            idx = next((i for i, t in enumerate(turns) if t.start <= seg.start < t.end), None)
            if idx is not None:
                if idx > 0:
                    d.context_before = f"{turns[idx - 1].speaker or '?'}: {turns[idx - 1].text}"
                if idx + 1 < len(turns):
                    d.context_after = f"{turns[idx + 1].speaker or '?'}: {turns[idx + 1].text}"
        out.append(d)
    return Comparison(coders, code_ids, table, len(common), out)


def find_disagreements(project, coders: list[str] | None = None, codes: list[str] | None = None,
                       context: bool = True) -> tuple[list[Disagreement], int, list[str]]:
    """Disagreements on segments every coder saw; also returns that number of segments."""
    cmp = compare(project, coders, codes, context)
    return cmp.diffs, cmp.common, cmp.code_ids


AGREED = "alle codeurs eens"
SINGLE = "alleen gecodeerd door"
FIRST_WINS = "demo: bij verschil wint de eerste codeur"
_DECIDED_BY = re.compile(r"\(besloten door ([^)]+)\)\s*$")


def consensus_origin(reason: str) -> tuple[str, str | None]:
    """Read back a consensus coding's reason as :func:`_set_consensus` writes it: its kind
    (``agreed``, ``single-coded``, ``first-wins`` or ``settled``) and who decided."""
    m = _DECIDED_BY.search(reason)
    if reason.startswith(AGREED):
        kind = "agreed"
    elif reason.startswith(SINGLE):
        kind = "single-coded"
    elif reason.startswith(FIRST_WINS):
        kind = "first-wins"
    else:
        kind = "settled"
    return kind, m.group(1) if m else None


def _set_consensus(session, segment_id: int, wanted: set[str], code_ids: list[str], decided_by: str,
                   reason: str, action: str, considered: set[str] = frozenset()) -> None:
    """Accept ``wanted``; reject the other ``considered`` codes (and any earlier consensus code)."""
    from workbench.store.codings import has_coding, mark_consensus_seen, set_consensus

    mark_consensus_seen(session, segment_id, decided_by)
    for code in code_ids:
        status = "accepted" if code in wanted else "rejected"
        if code in wanted or code in considered or has_coding(session, segment_id, code, CONSENSUS):
            set_consensus(session, segment_id, code, status, decided_by=decided_by,
                          reason=f"{reason} (besloten door {decided_by})", action=action)


def check_supervisor(project, decided_by: str) -> None:
    """Only a registered supervisor reconciles (checked before any work; every write checks again)."""
    from workbench.store.coders import check_coder

    check_coder(project, decided_by, CoderRole.SUPERVISOR)


@dataclass
class Copied:
    """What :func:`copy_agreed` copied: segments where two or more coders agree, and segments
    only one coder saw (copied as that coder's codes, which is not agreement)."""

    agreed: int = 0
    single: int = 0

    def describe(self) -> str:
        return (f"{self.agreed} segments where the coders agree and {self.single} coded by one coder only "
                "were copied to the consensus")


def copy_agreed(project, cmp: Comparison, decided_by: str, skip: set[int] = frozenset()) -> Copied:
    """Consensus for segments where every coder agrees (logged "agreed") or only one coder saw
    it (that coder's codes, logged "single-coded"). Segments in ``skip`` are left to a decision."""
    check_supervisor(project, decided_by)
    coders, code_ids, table = cmp.coders, cmp.code_ids, cmp.table

    def write(s) -> Copied:  # one retried transaction: run again whole while the database is busy
        out = Copied()
        for u in table.units:
            seen = [c for c in coders if table.saw(u, c)]
            if not seen or int(u) in skip:
                continue
            sets = {frozenset(table.codes_of(u, c) & set(code_ids)) for c in seen}
            if len(sets) == 1:
                if len(seen) > 1:
                    why, action = AGREED, "agreed"
                    out.agreed += 1
                else:
                    why, action = f"{SINGLE} {seen[0]}", "single-coded"
                    out.single += 1
                _set_consensus(s, int(u), set(next(iter(sets))), code_ids, decided_by, why, action)
        from workbench.store.codings import log

        log(s, decided_by, "consensus-copied", agreed=out.agreed, single_coded=out.single, coders=coders)
        return out

    return project.write(write)


def reconcile_first_wins(project, coders: list[str] | None = None, decided_by: str = "demo") -> dict:
    """Demo mode: where coders differ, the first coder's codes become the consensus."""
    check_supervisor(project, decided_by)
    cmp = compare(project, coders, context=False)
    first = cmp.coders[0]
    copied = copy_agreed(project, cmp, decided_by)

    def write(s) -> None:
        for d in cmp.diffs:
            _set_consensus(s, d.segment_id, set(d.codes[first]), cmp.code_ids, decided_by,
                           f"{FIRST_WINS} ({first})", "reconciled", set(d.differing))

    project.write(write)
    return {"agreed": copied.agreed, "single": copied.single, "reconciled": len(cmp.diffs), "first": first,
            "coders": cmp.coders, "copied": copied}


def apply_decision(project, d: Disagreement, codes: set[str], code_ids: list[str], decided_by: str,
                   reason: str) -> None:
    project.write(lambda s: _set_consensus(s, d.segment_id, codes, code_ids, decided_by, reason or "geen toelichting",
                                           "reconciled", set(d.differing)))


def reconcile_from_csv(project, path: Path, decided_by: str, coders: list[str] | None = None) -> dict:
    """Decisions from a CSV: ``segment,codes[,reason]`` with codes separated by ';' (empty = no
    code), or the file `disagreements --format csv` writes, filled in: its ``consensus_codes``
    column holds the decision, where an empty cell means "not decided yet" (skipped) and ``-``
    means "no code"."""
    check_supervisor(project, decided_by)
    p = Path(path)
    if not p.is_file():
        from workbench.errors import not_a_file

        raise not_a_file(p)
    text = p.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    cols = set(rows[0]) if rows else set()
    column = "consensus_codes" if "consensus_codes" in cols else "codes"
    if not rows or "segment" not in cols or column not in cols:
        raise InputError("need columns segment and codes (or the consensus_codes column of "
                         "`workbench disagreements --format csv`), optionally reason", path=str(p))
    cmp = compare(project, coders, context=False)
    decisions = []  # validate every row before anything is written
    undecided = 0
    for i, row in enumerate(rows, start=2):
        try:
            sid = int(row["segment"])
        except ValueError:
            raise InputError(f"line {i}: segment must be a number", path=str(p)) from None
        if str(sid) not in cmp.table.data:
            raise InputError(f"line {i}: segment {sid} was not coded by {', '.join(cmp.coders)}", path=str(p))
        cell = (row.get(column) or "").strip()
        if column == "consensus_codes" and not cell:
            undecided += 1
            continue
        wanted = {c.strip() for c in cell.split(";") if c.strip() and c.strip() != "-"}
        bad = wanted - set(cmp.code_ids)
        if bad:
            raise InputError(f"line {i}: unknown code(s) {', '.join(sorted(bad))}", path=str(p))
        considered = set().union(*(cmp.table.codes_of(str(sid), c) or set() for c in cmp.coders))
        decisions.append((sid, wanted, considered, row.get("reason") or "geen toelichting"))
    # a disagreement left open stays open: copy_agreed only copies segments the coders agree on
    copied = copy_agreed(project, cmp, decided_by, skip={sid for sid, *_ in decisions})

    def write(s) -> None:
        for sid, wanted, considered, reason in decisions:
            _set_consensus(s, sid, wanted, cmp.code_ids, decided_by, reason, "reconciled", considered)

    project.write(write)
    return {"agreed": copied.agreed, "single": copied.single, "reconciled": len(decisions),
            "undecided": undecided, "copied": copied}
