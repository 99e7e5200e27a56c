"""Commands: privacy audit, privacy apply."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import JsonOpt, ProjectOpt, console, open_project

privacy_app = typer.Typer(help="What may still identify someone, and fixing it in stored transcripts.",
                          no_args_is_help=True)

TranscriptOpt = Annotated[Optional[str], typer.Option("--transcript", "-t", help="Transcript id or name (default: all).")]


@privacy_app.command("audit")
def audit(
    transcript: TranscriptOpt = None,
    as_json: JsonOpt = False,
    add_deny: Annotated[Optional[list[str]], typer.Option(
        "--add-deny", help="Add this item to the deny-list in workbench.toml (repeatable); then run `privacy apply`.")] = None,
    project: ProjectOpt = None,
) -> None:
    """List what may still identify someone in the stored text: names, places, numbers, dates."""
    from rich.markup import escape
    from rich.table import Table

    from workbench.privacy.audit import audit_project

    proj = open_project(project)
    if add_deny:
        new = proj.add_to_list("import", "deny", add_deny)
        out = console()
        out.print(f"deny-list: {len(new)} added ({escape(', '.join(new)) or 'all were on it'}); "
                  "run `workbench privacy apply` to replace them in stored transcripts")
        return
    findings = audit_project(proj, transcript)
    if as_json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    out = console()
    if not findings:
        out.print("Nothing found that looks identifying (names, places, numbers said or written, dates, ages).")
        return
    table = Table("kind", "text", "count", "why", "context")
    for f in findings:
        table.add_row(f.kind, escape(f.text), str(f.count), f.reason, escape(f.contexts[0]))
    out.print(table)
    out.print(f"{len(findings)} items. To replace one everywhere: `workbench privacy audit --add-deny "
              "\"TEXT\"`, then `workbench privacy apply`; to keep one, add it to \\[import] allow.")
    if any(f.kind in ("leeftijd", "datum") for f in findings):
        out.print("An age or a year is replaced wherever the same word occurs: deny it with the words around it "
                  "(\"word morgen vierenvijftig\"), as the context shows them.")


@privacy_app.command("apply")
def apply(
    transcript: TranscriptOpt = None,
    key_file: Annotated[Optional[Path], typer.Option(
        "--key-file", help="Add the new tags' originals to this key file (default: [import] key_file).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; change nothing.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Re-pseudonymise stored transcripts with the current allow/deny lists; codings are kept."""
    from rich.markup import escape

    from workbench.privacy.apply import apply_project

    from workbench.ingest.keyfile import resolve_key_path

    err = console(stderr=True)
    proj = open_project(project)
    results = apply_project(proj, transcript, key_file, dry_run, notify=err.print)
    out = console()
    changed = [r for r in results if r.replaced]
    for r in changed:
        verb = "would replace" if dry_run else "replaced"
        out.print(f"{escape(r.name)}: {verb} {r.replaced} ({escape(', '.join(r.new_tags))}); "
                  f"{r.codings} codings kept")
        if r.skipped:
            out.print(f"  {r.skipped} found across a segment boundary were left alone: see `privacy audit`")
    total = sum(r.replaced for r in changed)
    out.print(f"{len(results)} transcripts checked, {len(changed)} "
              f"{'would change' if dry_run else 'changed'}, {total} replacements")
    if changed and not dry_run:  # the new tags' originals: where they went, or that they are gone
        key_path = resolve_key_path(proj, key_file)
        if key_path is not None:
            out.print(f"re-identification key: the new tags' originals were added to {escape(str(key_path))} "
                      "(readable by you only; keep it outside the project, never share it)")
        else:
            out.print("no re-identification key is kept for the new tags (pass --key-file PATH, or set "
                      "\\[import] key_file in workbench.toml, to keep one outside the project)")


def register(app: typer.Typer) -> None:
    app.add_typer(privacy_app, name="privacy")
