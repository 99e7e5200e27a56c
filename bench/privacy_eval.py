"""Measure pseudonymisation on an annotated set of transcripts written by someone else.

A set is a folder with ``files/`` (transcripts in any supported format) and
``annotations.json``: ``[{"file": NAME, "identifiers": [{"text", "type", "where"}], "must_keep": [...]}]``.

The script imports every file into a fresh project (with a key file outside it), then reads
every text column of every table of the project database and counts:

- **leaked**: an identifier whose whole string survives anywhere in the stored data (case-insensitive,
  on word boundaries);
- **token leaks**: an identifier of which a distinctive part (a capitalised word of 4+ letters, or a run
  of 4+ digits) survives, e.g. a half-tagged firm name; listed, so a reader can judge;
- **in context** (``privacy_context.py``): the same, but only where the identifier was said, and
  dates whose whole string is gone split into "kept to the month/year" (allowed) and "day left";
- **precision**: of the strings the tagger replaced (the originals filed under a tag in the key
  file; not the key file's own fields such as the project id or stored file names), the share that overlaps an
  annotated identifier; ``must_keep`` words that were replaced are listed as over-tagging.

Recall figures come with a Wilson 95% interval. Usage::

    python bench/privacy_eval.py bench/data/blind/privacy_dev [--json] [--show]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from privacy_context import classify_date, day_of, source_texts, stored_by_file, survives_in_context  # noqa: E402

_FUNCTION_WORDS = {"van", "der", "den", "het", "de", "bij", "aan", "op", "in", "en", "ter", "ten", "te"}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


def _survives(needle: str, hay: str) -> bool:
    n = _norm(needle)
    if not n:
        return False
    # word boundaries that treat "_" as a separator, as in file names
    return re.search(r"(?<![^\W_])" + re.escape(n) + r"(?![^\W_])", hay) is not None


def _distinctive_tokens(text: str) -> list[str]:
    out = []
    for tok in re.findall(r"\w+", text):
        if tok.casefold() in _FUNCTION_WORDS:
            continue
        if (tok[:1].isupper() and len(tok) >= 4 and not tok.isdigit()) or (tok.isdigit() and len(tok) >= 4):
            out.append(tok)
    return out


def stored_text(db: Path) -> str:
    """Every text value of every table, joined: what the project holds."""
    con = sqlite3.connect(db)
    parts: list[str] = []
    for (table,) in con.execute("select name from sqlite_master where type='table'"):
        for row in con.execute(f'select * from "{table}"'):
            parts.extend(v for v in row if isinstance(v, str))
    con.close()
    return _norm("\n".join(parts))


def key_originals(key_file: Path) -> list[str]:
    """All original strings in a key file, whatever its nesting."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str) and not re.fullmatch(r"\[[A-Z]+-\d+\]", node):
            found.append(node)

    if key_file.exists():
        walk(json.loads(key_file.read_text(encoding="utf-8")))
    return found


def key_pairs(key_file: Path) -> list[tuple[str, str]]:
    """(tag type, original) for every original filed under a tag such as ``[PERSOON-3]``."""
    pairs: list[tuple[str, str]] = []

    def walk(node, kind=None):
        if isinstance(node, dict):
            for k, v in node.items():
                m = re.fullmatch(r"\[([A-Z]+)-\d+\]", str(k))
                walk(v, m.group(1) if m else kind)
        elif isinstance(node, list):
            for v in node:
                walk(v, kind)
        elif isinstance(node, str) and kind and not re.fullmatch(r"\[[A-Z]+-\d+\]", node):
            pairs.append((kind, node))

    if key_file.exists():
        walk(json.loads(key_file.read_text(encoding="utf-8")))
    return pairs


_DATE_TYPES = ("date", "date_of_birth")


def _summary(per_type: dict[str, Counter]) -> dict:
    n = sum(c["n"] for c in per_type.values())
    leaked = sum(c["leaked"] for c in per_type.values())
    tok = sum(c["token_leaked"] for c in per_type.values())
    return {"leaked": leaked, "token_leaked": tok,
            "recall_full": (n - leaked) / n if n else None, "recall_full_ci": wilson(n - leaked, n),
            "recall_strict": (n - leaked - tok) / n if n else None, "recall_strict_ci": wilson(n - leaked - tok, n)}


def run(set_dir: Path, workbench: list[str]) -> dict:
    ann = json.loads((set_dir / "annotations.json").read_text(encoding="utf-8"))
    files = sorted(p.resolve() for p in (set_dir / "files").iterdir())
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        key = Path(tmp) / "key.json"
        subprocess.run([*workbench, "init", str(proj)], check=True, capture_output=True)
        res = subprocess.run([*workbench, "import", *map(str, files), "--key-file", str(key)],
                             cwd=proj, capture_output=True, text=True)
        stored = subprocess.run([*workbench, "transcripts", "--json"], cwd=proj, capture_output=True, text=True)
        if res.returncode != 0 or len(json.loads(stored.stdout or "[]")) != len(files):
            sys.exit(f"import did not store every file (exit {res.returncode}): {res.stderr.strip()[-500:]}")
        hay = stored_text(proj / "workbench.db")
        by_file = stored_by_file(proj / "workbench.db", key)
        pairs = key_pairs(key)
        # only the strings filed under a tag: the key file's own fields (project id, stored names,
        # times, its description) are no detections and must not count against precision
        originals = [o for _, o in pairs]
    sources = source_texts(files)
    per_type: dict[str, Counter] = defaultdict(Counter)
    ctx_type: dict[str, Counter] = defaultdict(Counter)
    leaks, token_leaks, ctx_leaks, ctx_token_leaks, date_parts = [], [], [], [], []
    all_ids: list[str] = []
    keep_words: set[str] = set()
    for entry in ann:
        keep_words.update(w.casefold() for w in entry.get("must_keep", []))
        for ident in entry["identifiers"]:
            text, typ = ident["text"], ident.get("type", "other")
            all_ids.append(_norm(text))
            per_type[typ]["n"] += 1
            if _survives(text, hay):
                per_type[typ]["leaked"] += 1
                leaks.append({"file": entry["file"], "type": typ, "text": text})
            else:
                parts = [t for t in _distinctive_tokens(text) if _survives(t, hay)]
                if parts:
                    per_type[typ]["token_leaked"] += 1
                    token_leaks.append({"file": entry["file"], "type": typ, "text": text, "parts": parts})
            # the same questions where the identifier was said (see privacy_context.py)
            src, sto = sources.get(entry["file"], ""), by_file.get(entry["file"], "")
            ctx_type[typ]["n"] += 1
            if survives_in_context(text, src, sto):
                ctx_type[typ]["leaked"] += 1
                ctx_leaks.append({"file": entry["file"], "type": typ, "text": text})
            elif typ in _DATE_TYPES:
                verdict = classify_date(text, src, sto)
                date_parts.append({"file": entry["file"], "type": typ, "text": text, "verdict": verdict})
                if verdict == "leaked":
                    ctx_type[typ]["token_leaked"] += 1
                    ctx_token_leaks.append({"file": entry["file"], "type": typ, "text": text, "parts": [day_of(text)]})
            else:
                parts = [t for t in _distinctive_tokens(text) if survives_in_context(t, src, sto, within=text)]
                if parts:
                    ctx_type[typ]["token_leaked"] += 1
                    ctx_token_leaks.append({"file": entry["file"], "type": typ, "text": text, "parts": parts})
    def hit(o: str) -> bool:
        return any(_norm(o) in i or i in _norm(o) for i in all_ids if i)

    tp = sum(1 for o in originals if hit(o))
    per_tag: dict[str, Counter] = defaultdict(Counter)
    for kind, o in pairs:
        per_tag[kind]["tagged"] += 1
        per_tag[kind]["matching"] += hit(o)
    # a must-keep word tagged; not an annotated identifier of the same spelling (the town "Best"
    # tagged where the annotator kept the adverb "best" elsewhere)
    over = sorted({o for o in originals if _norm(o) in keep_words and _norm(o) not in set(all_ids)})
    n = sum(c["n"] for c in per_type.values())
    leaked = sum(c["leaked"] for c in per_type.values())
    tok = sum(c["token_leaked"] for c in per_type.values())
    return {
        "set": set_dir.name, "files": len(files), "import_exit": res.returncode,
        "import_stderr_tail": (res.stderr.strip() or res.stdout.strip()).splitlines()[-3:],
        "identifiers": n, "leaked": leaked, "token_leaked": tok,
        "recall_full": (n - leaked) / n if n else None, "recall_full_ci": wilson(n - leaked, n),
        "recall_strict": (n - leaked - tok) / n if n else None, "recall_strict_ci": wilson(n - leaked - tok, n),
        "tagged_strings": len(originals), "tagged_matching_identifier": tp,
        "precision": tp / len(originals) if originals else None,
        "precision_ci": wilson(tp, len(originals)),
        "must_keep_tagged": over,
        "per_type": {t: dict(c) for t, c in sorted(per_type.items())},
        "in_context": _summary(ctx_type),
        "in_context_per_type": {t: dict(c) for t, c in sorted(ctx_type.items())},
        "dates_whole_gone": dict(Counter(d["verdict"] for d in date_parts)),
        "ctx_leaks": ctx_leaks, "ctx_token_leaks": ctx_token_leaks, "date_parts": date_parts,
        "per_tag": {t: dict(c) for t, c in sorted(per_tag.items())},
        "leaks": leaks, "token_leaks": token_leaks,
        "false_positives": sorted({o for o in originals if not any(_norm(o) in i or i in _norm(o) for i in all_ids if i)}),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("set_dir", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", action="store_true", help="list the leaks and false positives (makes it a development set)")
    ap.add_argument("--workbench", default=f"{sys.executable} -m workbench.cli.main")
    a = ap.parse_args()
    r = run(a.set_dir, a.workbench.split())
    if not a.show:
        r = {k: v for k, v in r.items() if k not in ("leaks", "token_leaks", "false_positives", "ctx_leaks",
                                                     "ctx_token_leaks", "date_parts")}
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=2))
        return
    lo, hi = r["recall_full_ci"]
    print(f"{r['set']}: {r['files']} files, {r['identifiers']} identifiers (import exit {r['import_exit']})")
    if r["import_exit"] != 0:
        print("  import failed:", *r["import_stderr_tail"], sep="\n    ")
    print(f"  whole string survived: {r['leaked']}   recall {r['recall_full']:.3f} [{lo:.3f}, {hi:.3f}]")
    lo, hi = r["recall_strict_ci"]
    print(f"  + a distinctive part survived: {r['token_leaked']}   strict recall {r['recall_strict']:.3f} [{lo:.3f}, {hi:.3f}]")
    if r["precision"] is not None:
        lo, hi = r["precision_ci"]
        print(f"  tagged strings {r['tagged_strings']}, precision {r['precision']:.3f} [{lo:.3f}, {hi:.3f}]")
    print(f"  must-keep words tagged: {len(r['must_keep_tagged'])}")
    c = r["in_context"]
    lo, hi = c["recall_full_ci"]
    print(f"  where it was said: whole string survived {c['leaked']}   recall {c['recall_full']:.3f} [{lo:.3f}, {hi:.3f}]")
    lo, hi = c["recall_strict_ci"]
    print(f"  where it was said: + a part (for dates: the day) {c['token_leaked']}"
          f"   strict recall {c['recall_strict']:.3f} [{lo:.3f}, {hi:.3f}]")
    d = r["dates_whole_gone"]
    print(f"  dates whose whole string is gone: {d.get('removed', 0)} removed, {d.get('coarsened', 0)} kept to "
          f"the month or year (allowed), {d.get('leaked', 0)} with the day left (a leak)")
    print(f"  {'type':<16}{'n':>5}{'leaked':>8}{'part':>6}   strict recall [95% CI]"
          f"   | in context: leaked, part, strict recall")
    for t, c in r["per_type"].items():
        n, bad = c.get("n", 0), c.get("leaked", 0) + c.get("token_leaked", 0)
        lo, hi = wilson(n - bad, n)
        x = r["in_context_per_type"].get(t, {})
        xbad = x.get("leaked", 0) + x.get("token_leaked", 0)
        print(f"  {t:<16}{n:>5}{c.get('leaked', 0):>8}{c.get('token_leaked', 0):>6}"
              f"   {(n - bad) / n if n else 0:.3f} [{lo:.3f}, {hi:.3f}]"
              f"   | {x.get('leaked', 0):>3} {x.get('token_leaked', 0):>3}  {(n - xbad) / n if n else 0:.3f}")
    print(f"  {'tag':<16}{'tagged':>7}{'match':>7}   precision [95% CI]")
    for t, c in r["per_tag"].items():
        k, n = c.get("matching", 0), c.get("tagged", 0)
        lo, hi = wilson(k, n)
        print(f"  {t:<16}{n:>7}{k:>7}   {k / n if n else 0:.3f} [{lo:.3f}, {hi:.3f}]")
    if a.show:
        for x in r["leaks"]:
            print(f"  LEAK {x['type']:<12} {x['file']}: {x['text']}")
        for x in r["token_leaks"]:
            print(f"  PART {x['type']:<12} {x['file']}: {x['text']} -> {x['parts']}")
        for x in r["ctx_leaks"]:
            print(f"  LEAK IN CONTEXT {x['type']:<12} {x['file']}: {x['text']}")
        for x in r["ctx_token_leaks"]:
            print(f"  PART IN CONTEXT {x['type']:<12} {x['file']}: {x['text']} -> {x['parts']}")
        for x in r["date_parts"]:
            print(f"  DATE {x['verdict']:<10} {x['file']}: {x['text']}")
        for x in r["false_positives"]:
            print(f"  FP   {x}")
        for x in r["must_keep_tagged"]:
            print(f"  KEEP {x}")


if __name__ == "__main__":
    main()
