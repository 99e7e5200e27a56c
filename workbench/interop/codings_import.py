"""``workbench codings import FILE --from workbench|taguette|qualcoder [--coder] [--strict]``."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.interop.coding_rows import RowsSummary, import_rows, require_codebook

SOURCES = ("workbench", "taguette", "qualcoder")


def import_codings_from(project, path: Path, source: str, coder: str | None, *, strict: bool = False,
                        add_coder: bool = False) -> RowsSummary:
    source = (source or "workbench").lower()
    if source not in SOURCES:
        raise InputError(f"--from must be one of {', '.join(SOURCES)}, not {source!r}")
    if source == "workbench":
        from workbench.review.codings_io import import_codings

        if not coder:
            raise InputError("pass --coder NAME", path=str(path))
        res = import_codings(project, path, coder, strict=strict, add_coder=add_coder)
        return RowsSummary(rows=res.rows + len(res.unplaced), placed=res.rows, codings=res.codings,
                           segments=res.segments, coders=[coder], unplaced=res.unplaced)
    require_codebook(project)
    if source == "taguette":
        from workbench.interop.taguette import read_taguette

        rows = read_taguette(Path(path), coder)
    else:
        from workbench.interop.qualcoder import read_qualcoder

        rows = read_qualcoder(Path(path), coder)
    return import_rows(project, rows, Path(path), strict=strict, add_coder=add_coder)
