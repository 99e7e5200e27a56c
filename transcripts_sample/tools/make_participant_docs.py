"""Build the fictional participant (deelnemer) sample transcripts from plain-text sources.

Sources live in ``participant_src/`` beside this script: ``#`` lines are comments, each turn is
one line starting with ``I: `` (interviewer) or ``R: `` (respondent), turns separated by blank
lines. This script renders every source into its target format (txt, cp1252 txt, docx, odt,
Teams-style WebVTT) under ``transcripts_sample/interviews/`` and writes
``respondents_participants.csv`` and ``population.csv`` beside that folder.

Usage (from the repo root):
    .venv/bin/python transcripts_sample/tools/make_participant_docs.py          # build
    .venv/bin/python transcripts_sample/tools/make_participant_docs.py --check  # verify + word counts

Everything in the sources is fictional: names, addresses, numbers and employers are invented.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "participant_src"
SAMPLE = HERE.parent
OUT = SAMPLE / "interviews"
RESPONDENTS_CSV = SAMPLE / "respondents_participants.csv"
POPULATION_CSV = SAMPLE / "population.csv"

CSV_COLUMNS = ["id", "file", "speaker", "type", "uitkering", "geslacht", "leeftijdsgroep",
               "periode", "werksituatie", "wave"]

# One entry per transcript file. ``labels`` maps the source roles I/R to the speaker labels
# written into the file; ``header`` lines (if any) precede the dialogue without a speaker.
SPECS: list[dict] = [
    dict(src="d01_2024.txt", out="int_deelnemer_2024-05-14.docx", fmt="docx_bold",
         labels={"I": "Interviewer", "R": "Respondent"},
         header=["Interview deelnemer experiment IVA/Wajong – ronde 2024",
                 "Datum: 14 mei 2024 | Locatie: bibliotheek Apeldoorn | Duur: 57 minuten"],
         id="D01", uitkering="Wajong", geslacht="man", leeftijdsgroep="25-35",
         periode="gedoog", werksituatie="vrijwilligerswerk", wave="2024"),
    dict(src="d01_2025.txt", out="Teams_opname_2025-04-08.vtt", fmt="vtt",
         labels={"I": "Eva Kramer", "R": "Kevin Brouwer"},
         id="D01", uitkering="Wajong", geslacht="man", leeftijdsgroep="25-35",
         periode="gedoog", werksituatie="betaald werk", wave="2025"),
    dict(src="d02_2024.txt", out="gesprek_deelnemer_2024-05-28.odt", fmt="odt",
         labels={"I": "Interviewer", "R": "Respondent"},
         id="D02", uitkering="IVA", geslacht="vrouw", leeftijdsgroep="45-55",
         periode="experiment", werksituatie="geen werk", wave="2024"),
    dict(src="d02_2025.txt", out="int_deelnemer_2025-05-20.docx", fmt="docx_bold",
         labels={"I": "Interviewer", "R": "Respondent"},
         header=["Transcript tweede interview (ronde 2025)",
                 "Datum: 20 mei 2025 | Locatie: bij respondent thuis, Tilburg"],
         id="D02", uitkering="IVA", geslacht="vrouw", leeftijdsgroep="45-55",
         periode="experiment", werksituatie="betaald werk", wave="2025"),
    dict(src="d03_2024.txt", out="interview_2024_Lotte_Bakker.docx", fmt="docx_table",
         labels={"I": "Interviewer", "R": "Respondent"},
         id="D03", uitkering="Wajong2015", geslacht="vrouw", leeftijdsgroep="<25",
         periode="experiment", werksituatie="opleiding", wave="2024"),
    dict(src="d04_2025.txt", out="transcript_2025-03-27.txt", fmt="txt", encoding="cp1252",
         labels={"I": "Interviewer", "R": "Henk"},
         id="D04", uitkering="IVA", geslacht="man", leeftijdsgroep=">55",
         periode="gedoog", werksituatie="vrijwilligerswerk", wave="2025"),
    dict(src="d05_2024.txt", out="transcript_2024-11-12.txt", fmt="txt",
         labels={"I": "Interviewer", "R": "Respondent"},
         id="D05", uitkering="IVA", geslacht="vrouw", leeftijdsgroep="35-45",
         periode="experiment", werksituatie="betaald werk", wave="2024"),
    dict(src="d06_2025.txt", out="uitwerking_gesprek_2025-03-12.txt", fmt="txt", sep="\n",
         labels={"I": "I", "R": "R"},
         header=["Uitwerking interview deelnemer, 12-03-2025, Helmond (duur ca. 50 min.)",
                 "I = interviewer, R = respondent", ""],
         id="D06", uitkering="oWajong", geslacht="man", leeftijdsgroep="45-55",
         periode="experiment", werksituatie="geen werk", wave="2025"),
    dict(src="d07_2025.txt", out="Teams_opname_2025-03-18.vtt", fmt="vtt",
         labels={"I": "Eva Kramer", "R": "Youssef Amrani"},
         id="D07", uitkering="Wajong2010", geslacht="man", leeftijdsgroep="25-35",
         periode="gedoog", werksituatie="betaald werk", wave="2025"),
]

# Whole participant population for the methods table (N = 4081), fictional but plausible.
POPULATION = {
    "uitkering": {"IVA": 2449, "Wajong": 1632},
    "geslacht": {"man": 1959, "vrouw": 2122},
    "periode": {"gedoog": 1143, "experiment": 2938},
    "leeftijdsgroep": {"<25": 286, "25-35": 653, "35-45": 857, "45-55": 1265, ">55": 1020},
}
POPULATION_N = 4081


def read_source(path: Path) -> list[tuple[str, str]]:
    """Return ``[(role, text)]`` from a source file; role is ``"I"`` or ``"R"``."""
    turns: list[tuple[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r"^([IR]): (.+)$", line)
        if not m:
            raise SystemExit(f"{path.name}:{n}: expected 'I: ' or 'R: ' at line start")
        turns.append((m.group(1), m.group(2).strip()))
    return turns


def write_txt(turns, spec, path: Path) -> None:
    sep = spec.get("sep", "\n\n")
    lines = list(spec.get("header", []))
    body = sep.join(f"{spec['labels'][r]}: {t}" for r, t in turns)
    text = "\n".join(lines) + ("\n" if lines else "") + body + "\n"
    # newline="\r\n" for the Windows-encoded file, as a Windows editor would save it.
    nl = "\r\n" if spec.get("encoding") == "cp1252" else "\n"
    with open(path, "w", encoding=spec.get("encoding", "utf-8"), newline=nl) as fh:
        fh.write(text)


def write_docx_bold(turns, spec, path: Path) -> None:
    import docx

    doc = docx.Document()
    for i, line in enumerate(spec.get("header", [])):
        if i == 0:
            doc.add_heading(line, level=1)
        else:
            doc.add_paragraph(line)
    for role, text in turns:
        para = doc.add_paragraph()
        para.add_run(f"{spec['labels'][role]}:").bold = True
        para.add_run(f" {text}")
    doc.save(str(path))


def write_docx_table(turns, spec, path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Transcript interview deelnemer, november 2024")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    hdr = table.rows[0].cells
    hdr[0].text, hdr[1].text = "Spreker", "Tekst"
    for role, text in turns:
        cells = table.add_row().cells
        cells[0].text = spec["labels"][role]
        cells[1].text = text
    doc.save(str(path))


def write_odt(turns, spec, path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    for role, text in turns:
        doc.text.addElement(P(text=f"{spec['labels'][role]}: {text}"))
    doc.save(str(path))


def _chunks(text: str, max_words: int = 22) -> list[str]:
    """Split a turn into cue-sized pieces at sentence ends, as Teams does for long speech."""
    sentences = re.split(r"(?<=[.?!])\s+", text)
    pieces: list[str] = []
    cur: list[str] = []
    for sent in sentences:
        words = sent.split()
        if cur and len(cur) + len(words) > max_words:
            pieces.append(" ".join(cur))
            cur = []
        cur.extend(words)
    if cur:
        pieces.append(" ".join(cur))
    return pieces


def _ts(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def write_vtt(turns, spec, path: Path) -> None:
    """Teams-style WebVTT: ``<guid>/<n>-<k>`` cue ids and ``<v Name>`` voice tags."""
    rng = random.Random(spec["out"])
    ns = uuid.uuid5(uuid.NAMESPACE_URL, "workbench-sample/" + spec["out"])
    clock = 1.2 + rng.random()
    blocks = ["WEBVTT", ""]
    for n, (role, text) in enumerate(turns):
        guid = uuid.uuid5(ns, str(n))
        for k, piece in enumerate(_chunks(text)):
            dur = max(0.9, len(piece.split()) / rng.uniform(2.3, 3.0))
            start, end = clock, clock + dur
            blocks += [f"{guid}/{n + 10}-{k}", f"{_ts(start)} --> {_ts(end)}",
                       f"<v {spec['labels'][role]}>{piece}</v>", ""]
            clock = end + rng.uniform(0.05, 0.35)
        clock += rng.uniform(0.3, 1.4)
    path.write_text("\n".join(blocks), encoding="utf-8")


WRITERS = {"txt": write_txt, "docx_bold": write_docx_bold, "docx_table": write_docx_table,
           "odt": write_odt, "vtt": write_vtt}


def write_respondents(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for spec in SPECS:
            row = {c: spec[c] for c in CSV_COLUMNS if c in spec}
            w.writerow({**row, "file": spec["out"], "speaker": spec["labels"]["R"],
                        "type": "deelnemer"})
            w.writerow({"id": "", "file": spec["out"], "speaker": spec["labels"]["I"],
                        "type": "interviewer", "uitkering": "", "geslacht": "",
                        "leeftijdsgroep": "", "periode": "", "werksituatie": "",
                        "wave": spec["wave"]})


def write_population(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["attribute", "value", "count"])
        for attr, counts in POPULATION.items():
            assert sum(counts.values()) == POPULATION_N, attr
            for value, count in counts.items():
                w.writerow([attr, value, count])


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for spec in SPECS:
        turns = read_source(SRC / spec["src"])
        WRITERS[spec["fmt"]](turns, spec, OUT / spec["out"])
        print(f"wrote {spec['out']} ({len(turns)} turns)")
    write_respondents(RESPONDENTS_CSV)
    write_population(POPULATION_CSV)
    print(f"wrote {RESPONDENTS_CSV.name}, {POPULATION_CSV.name}")


def _extract(spec) -> list[tuple[str, str]]:
    """Read a built file back with its own library; return ``[(speaker, text)]``."""
    path = OUT / spec["out"]
    fmt = spec["fmt"]
    if fmt == "txt":
        raw = path.read_text(encoding=spec.get("encoding", "utf-8"))
        pat = re.compile(r"^(%s): (.*)$" % "|".join(map(re.escape, spec["labels"].values())))
        return [m.groups() for m in map(pat.match, raw.splitlines()) if m]
    if fmt in ("docx_bold", "docx_table"):
        import docx

        doc = docx.Document(str(path))
        if fmt == "docx_table":
            rows = doc.tables[0].rows[1:]
            return [(r.cells[0].text, r.cells[1].text) for r in rows]
        out = []
        for p in doc.paragraphs:
            if p.runs and p.runs[0].bold:
                out.append((p.runs[0].text.rstrip(":"), "".join(r.text for r in p.runs[1:]).strip()))
        return out
    if fmt == "odt":
        from odf import teletype
        from odf.opendocument import load
        from odf.text import P

        paras = [teletype.extractText(p) for p in load(str(path)).getElementsByType(P)]
        return [tuple(p.split(": ", 1)) for p in paras]
    if fmt == "vtt":
        import webvtt

        return [(c.voice, c.text) for c in webvtt.read(str(path))]
    raise ValueError(fmt)


def check() -> int:
    """Re-open every file, check labels, report dialogue word counts (labels excluded)."""
    problems = 0
    for spec in SPECS:
        pairs = _extract(spec)
        speakers = {s for s, _ in pairs}
        words = sum(len(t.split()) for _, t in pairs)
        ok = speakers == set(spec["labels"].values()) and 1500 <= words <= 2500
        problems += not ok
        print(f"{'ok ' if ok else 'BAD'} {spec['id']} {spec['wave']} {spec['fmt']:<10} "
              f"{spec['out']:<38} {len(pairs):>4} segments {words:>5} words  speakers={sorted(speakers)}")
    with open(RESPONDENTS_CSV, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == CSV_COLUMNS
    files = {p.name for p in OUT.iterdir()}
    for row in rows:
        if row["file"] not in files:
            print(f"BAD csv row refers to missing file {row['file']}")
            problems += 1
    with open(POPULATION_CSV, encoding="utf-8") as fh:
        prow = list(csv.DictReader(fh))
    for attr in POPULATION:
        total = sum(int(r["count"]) for r in prow if r["attribute"] == attr)
        if total != POPULATION_N:
            print(f"BAD population {attr} sums to {total}")
            problems += 1
    print(f"{len(rows)} respondent rows, {len(prow)} population rows, problems: {problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify the built files instead")
    args = ap.parse_args()
    sys.exit(check() if args.check else build() or 0)
