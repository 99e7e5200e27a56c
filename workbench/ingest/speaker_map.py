"""Who speaks in a transcript: each speaker label mapped to a role and a respondent id, from
``--speaker LABEL=ID``, a ``NAME.speakers.csv`` beside the file, the respondents CSV's links, or
the label itself (``ingest/speakers.py``)."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.ingest.respondents import RespondentTable
from workbench.ingest.turns import Turn


def parse_speaker_options(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise InputError(f"--speaker {v!r}: expected LABEL=RESPONDENT_ID or LABEL=interviewer")
        label, target = v.split("=", 1)
        out[label.strip()] = target.strip()
    return out


def sidecar(path: Path) -> dict[str, str]:
    """``NAME.speakers.csv`` beside a transcript: columns speaker, respondent (id or role)."""
    import csv

    side = path.with_name(path.stem + ".speakers.csv")
    if not side.is_file():
        return {}
    with side.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if rows and not {"speaker", "respondent"} <= set(rows[0]):
        raise InputError("speaker map needs columns speaker,respondent", path=str(side))
    return {r["speaker"].strip(): r["respondent"].strip() for r in rows if r.get("speaker")}


def resolve_speakers(path: Path, turns: list[Turn], table: RespondentTable | None,
                     opts, known_ids: set[str]) -> dict[str | None, tuple[str, str | None]]:
    """Map each speaker label of a file to (role, respondent id)."""
    from workbench.ingest.speakers import speaker_role

    links = table.links_for(path.name) if table else []
    mapping = {**sidecar(path), **opts.speakers}
    by_label = {ln.speaker.casefold(): ln for ln in links if ln.speaker}
    whole_file = [ln for ln in links if not ln.speaker and ln.role == "respondent"]
    labels = list(dict.fromkeys(t.speaker for t in turns))
    out: dict[str | None, tuple[str, str | None]] = {}
    for label in labels:
        if label is None:
            out[None] = ("unknown", None)
            continue
        key = label.casefold()
        target = next((v for k, v in mapping.items() if k.casefold() == key), None)
        if target is not None:
            if target.lower() in ("interviewer", "moderator"):
                out[label] = (target.lower(), None)
            else:
                check_known(target, known_ids, path)
                out[label] = ("respondent", target)
        elif key in by_label:
            ln = by_label[key]
            out[label] = (ln.role, ln.respondent_id)
        elif speaker_role(label):
            out[label] = (speaker_role(label), None)
        elif len(whole_file) == 1:
            out[label] = ("respondent", whole_file[0].respondent_id)
        elif opts.respondent:
            out[label] = ("respondent", opts.respondent)
        else:
            out[label] = ("respondent", None)
    if opts.respondent:
        check_known(opts.respondent, known_ids, path)
    return out


def check_known(rid: str, known_ids: set[str], path: Path) -> None:
    if rid not in known_ids:
        raise InputError(
            f"respondent {rid!r} is not in the respondents CSV or the project", path=str(path),
            hint="add a row for it to the CSV passed with --respondents",
        )
