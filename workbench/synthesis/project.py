"""Project adaptor: fill a :class:`ReportInput` from the project database."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.synthesis.inputs import ReportInput, RespondentInfo, SegmentInfo, TranscriptInfo
from workbench.vocab import ReservedCoder


def load_report_input(project, coder: str = ReservedCoder.CONSENSUS, codes: list[str] | None = None,
                      population: Path | None = None, title: str | None = None,
                      with_agreement: bool = True, embed: bool = True, memos: bool = False) -> ReportInput:
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import coders as all_coders
    from workbench.store.codings import list_codings
    from workbench.store.transcripts import list_respondents, list_segments, list_transcripts

    codebook = project_codebook(project)
    coder_names = all_coders(project)
    humans = [c for c in coder_names if not ReservedCoder.holds(c)]
    if coder not in coder_names:
        if coder == ReservedCoder.CONSENSUS:
            raise WorkbenchError(
                "there is no consensus coding yet",
                hint="run `workbench reconcile` first, or pass --coder NAME to report one coder's codings"
                + (f" (coders: {', '.join(humans)})" if humans else ""),
            )
        raise WorkbenchError(f"no codings by coder {coder!r}",
                             hint=f"coders here: {', '.join(coder_names) or 'none'}")
    code_ids = {c.id for c in codebook.codable()}
    if codes:
        unknown = [c for c in codes if c not in code_ids]
        if unknown:
            raise WorkbenchError(f"unknown code(s): {', '.join(unknown)}")
        code_ids &= set(codes)
    status = "suggested" if coder == ReservedCoder.MODEL else "accepted"
    respondents = [RespondentInfo(r.id, r.type, r.attributes) for r in list_respondents(project)]
    segments = {seg.id: SegmentInfo(seg.id, seg.transcript, seg.respondent_id, seg.role, seg.text, seg.wave,
                                    seg.start, seg.end, timestamp=seg.timestamp, speaker=seg.speaker)
                for seg in sorted(list_segments(project), key=lambda seg: seg.id)}
    codings = [(c.segment_id, c.code_id) for c in list_codings(project, coder=coder, status=status)
               if c.code_id in code_ids]
    transcripts = [TranscriptInfo(tr.name, tr.kind, tr.wave, tr.respondent_type, tr.respondents)
                   for tr in list_transcripts(project)]
    # only respondents who appear in a transcript count in denominators
    present = {r for t in transcripts for r in t.respondents}
    respondents = [r for r in respondents if r.id in present]
    agreement, rule = _agreement_rows(project, humans) if with_agreement and len(humans) >= 2 else (None, None)
    embed_fn = _embedder(project) if embed else None
    process = _process(project, humans, set(segments))
    return ReportInput(title=title or f"Kwalitatieve analyse – {project.name}", codebook=codebook,
                       codebook_version=codebook.version, respondents=respondents, segments=segments,
                       codings=codings, coder=coder, coders=humans, transcripts=transcripts,
                       agreement=agreement, population=Path(population) if population else None,
                       embed=embed_fn, memos=_memos(project, codebook) if memos else None,
                       process=process, agreement_rule=rule)


def _memos(project, codebook) -> list[dict]:
    """Every memo with what it is about, in the order: codes (codebook order), transcripts, segments."""
    from workbench.store.memos import list_memos
    from workbench.store.transcripts import list_segments, list_transcripts

    rows = list_memos(project)
    labels = {c.id: c.label for c in codebook.flat()}
    order = {cid: i for i, cid in enumerate(labels)}
    names = {str(t.id): t.name for t in list_transcripts(project)}
    seg_ids = [int(m.target) for m in rows if m.kind == "segment"]
    segs = {str(s.id): s for s in list_segments(project, ids=seg_ids)} if seg_ids else {}
    out = []
    for m in rows:
        if m.kind == "code":
            about, key = f"code ‘{labels.get(m.target, m.target)}’", (0, order.get(m.target, 0), "")
        elif m.kind == "transcript":
            about, key = f"transcript {names.get(m.target, m.target)}", (1, 0, names.get(m.target, ""))
        else:
            seg = segs.get(m.target)
            text = seg.text if seg else ""
            short = text if len(text) <= 120 else text[:117].rstrip() + "…"
            about = f"fragment in {seg.transcript}: “{short}”" if seg else f"fragment {m.target}"
            key = (2, seg.start if seg else 0, seg.transcript if seg else "")
        out.append({"kind": m.kind, "about": about, "author": m.author, "memo": m.text, "_key": key})
    out.sort(key=lambda r: (r["_key"][0], r["_key"][2], r["_key"][1], r["author"]))
    return [{k: v for k, v in r.items() if k != "_key"} for r in out]


def _agreement_rows(project, humans: list[str]) -> tuple[list[dict] | None, dict | None]:
    """Per code: the agreement's figures and its own judgement (``flag``, "few" = too few
    positives by ``[agreement]`` min_positives / min_positive_share), and that rule."""
    try:
        from workbench.agreement.metrics import compute_agreement
        from workbench.agreement.project import load_units
    except ImportError:
        return None, None
    from workbench.agreement.project import load_thresholds
    from workbench.agreement.results import Thresholds

    table, codes = load_units(project, coders=humans[:2])
    result = compute_agreement(table, codes=codes, coders=humans[:2],
                               thresholds=Thresholds.from_config(load_thresholds(project)))
    rows = []
    for c in result.per_code:
        rows.append({"code": c.code, "units": c.n_units, "alpha": c.alpha, "kappa": c.kappa,
                     "prevalence": c.prevalence, "positives": c.positives, "flag": c.flag})
    t = result.thresholds
    return rows, {"min_positives": t.min_positives, "min_positive_share": t.min_positive_share}


def _embedder(project):
    holder = {}

    def embed(texts: list[str]):
        if "e" not in holder:
            from workbench.suggest.embed import Embedder
            from workbench.suggest.project import project_model

            model = project_model(project)
            holder["e"] = Embedder(model, cache=project.embedding_cache())
        return holder["e"].encode(texts)

    return embed


def _process(project, humans: list[str], segment_ids: set[int]) -> dict:
    """How codes were suggested and decided, for the methods appendix."""
    from collections import Counter

    from workbench.store.codings import list_codings, seen_segments
    from workbench.suggest.engine import DEFAULT_THRESHOLD
    from workbench.suggest.project import project_model

    rows = list_codings(project)
    decisions = Counter(c.coder for c in rows if c.coder in humans and c.status in ("accepted", "rejected"))
    seen_by: Counter = Counter()
    for coder in humans:
        for sid in seen_segments(project, coder):
            seen_by[sid] += 1
    judged = [sid for sid in seen_by if sid in segment_ids]
    return {
        "model": project_model(project),
        "threshold": float(project.setting("suggest", "threshold", None) or DEFAULT_THRESHOLD),
        "suggested": sum(1 for c in rows if c.coder == ReservedCoder.MODEL and c.status == "suggested"),
        "decisions": dict(decisions),
        "consensus": sum(1 for c in rows if c.coder == ReservedCoder.CONSENSUS),
        **_consensus_kinds([c.reason or "" for c in rows if c.coder == ReservedCoder.CONSENSUS]),
        "judged": len(judged),
        "one_coder": sum(1 for sid in judged if seen_by[sid] == 1),
        "two_plus": sum(1 for sid in judged if seen_by[sid] >= 2),
    }


def _consensus_kinds(reasons: list[str]) -> dict:
    """How the consensus came about (the reasons as reconcile writes them): settled differences,
    the demo's first-coder-wins, and who settled them."""
    from workbench.agreement.reconcile import consensus_origin

    origins = [consensus_origin(r) for r in reasons]
    settled = [by for kind, by in origins if kind == "settled"]
    return {"consensus_demo": sum(1 for kind, _ in origins if kind == "first-wins"),
            "consensus_settled": len(settled), "consensus_by": sorted({by for by in settled if by})}
