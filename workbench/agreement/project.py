"""Project adaptor: build the agreement unit table from the project's codings.

A unit is a segment. A human coder "saw" a segment when they decided anything on it (the
review loop marks it seen, with or without codes); their codes are the ``accepted`` ones.
The coder ``model`` saw every segment it scored; its codes are suggestions above threshold.
"""

from __future__ import annotations

from workbench.agreement.units import UnitTable
from workbench.errors import WorkbenchError
from workbench.store.codings import MODEL_CODER
from workbench.vocab import ReservedCoder


def load_units(project, coders: list[str] | None = None, codes: list[str] | None = None,
               transcripts: list[str] | None = None, wave: str | None = None) -> tuple[UnitTable, list[str]]:
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import coder_views
    from workbench.store.transcripts import codable_segment_ids

    codebook = project_codebook(project)
    code_ids = [c.id for c in codebook.codable()]
    if codes:
        unknown = [c for c in codes if c not in code_ids]
        if unknown:
            raise WorkbenchError(f"unknown code(s): {', '.join(unknown)}")
        code_ids = [c for c in code_ids if c in codes]
    seg_ids = codable_segment_ids(project, transcripts, wave)
    seen_rows, coding_rows = coder_views(project)
    all_coders = sorted({c for _, c in seen_rows} | {c for _, c, _, _ in coding_rows})
    if coders:
        missing = [c for c in coders if c not in all_coders]
        if missing:
            raise WorkbenchError(f"no codings by {', '.join(missing)} in this project",
                                 hint=f"coders here: {', '.join(all_coders) or 'none'}")
        wanted = list(coders)
    else:
        wanted = [c for c in all_coders if c != ReservedCoder.CONSENSUS]
    rows: list[tuple[str, str, str | None]] = []
    for sid, coder in seen_rows:
        if sid in seg_ids and coder in wanted:
            rows.append((str(sid), coder, None))
    for sid, coder, code, status in coding_rows:
        if sid not in seg_ids or coder not in wanted or code not in code_ids:
            continue
        applied = status == "suggested" if coder == MODEL_CODER else status == "accepted"
        rows.append((str(sid), coder, code if applied else None))
    return UnitTable.from_rows(sorted(rows, key=lambda r: (int(r[0]), r[1]))), code_ids


def model_echo_notes(project, table: UnitTable) -> list[str]:
    """Warnings for agreement with ``model`` where the model had learnt the coder's own decisions
    on the compared segments before it scored them (the figure is then optimistic)."""
    from workbench.store.codings import decided_before_scored

    if MODEL_CODER not in table.coders:
        return []
    humans = [c for c in table.coders if c != MODEL_CODER]
    units = {int(u) for u in table.units if table.saw(u, MODEL_CODER)}
    counts = decided_before_scored(project, humans, units)
    return [f"the model last scored {n} of these segments after {coder} had decided them, and learnt "
            f"those decisions: κ model–{coder} is optimistic. For an honest figure run "
            f"`workbench evaluate --coder {coder}` (it scores transcripts the model has not learnt from)."
            for coder, n in sorted(counts.items())]


def load_thresholds(project) -> dict:
    """Flag thresholds from workbench.toml ``[agreement]`` (red below / green from, too few positives)."""
    cfg = project.settings.agreement  # validated (workbench/settings.py)
    return {"amber": cfg.red_below, "green": cfg.green_from, "min_positives": cfg.min_positives,
            "min_positive_share": cfg.min_positive_share}
