"""Entry point of the ``workbench`` console script.

Each command group lives in its own small module under ``workbench/cli/`` that exposes
``register(app)``. Modules import heavy libraries inside the command functions only, so that
``workbench --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import typer

app = typer.Typer(
    name="workbench",
    help="Qualitative coding and synthesis workbench for Dutch evaluation research.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Order here is the order in `workbench --help`.
COMMAND_MODULES = [
    "workbench.cli.project",
    "workbench.cli.ingest",
    "workbench.cli.privacy",
    "workbench.cli.codebook",
    "workbench.cli.suggest",
    "workbench.cli.evaluate",
    "workbench.cli.coder",
    "workbench.cli.review",
    "workbench.cli.desk",
    "workbench.cli.search",
    "workbench.cli.agreement",
    "workbench.cli.reconcile",
    "workbench.cli.report",
    "workbench.cli.interop",
    "workbench.cli.db",
    "workbench.cli.demo",
]

def _friendly(func):
    """Wrap a command in the error boundary (workbench/cli/errors.py): any failure becomes one
    line on stderr and a non-zero exit; an unexpected one also leaves a log file."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            from workbench.cli.errors import cli_kind, report

            if cli_kind(exc):  # typer/click's own exits, aborts and usage errors
                raise

            project = kwargs.get("project")
            line, code = report(exc, project if isinstance(project, (str, Path)) else None)
            typer.echo(line, err=True)
            raise typer.Exit(code) from None

    return wrapper


def _wrap_all(typer_app: typer.Typer) -> None:
    for cmd in typer_app.registered_commands:
        if cmd.callback is not None and not getattr(cmd.callback, "_wb_wrapped", False):
            cmd.callback = _friendly(cmd.callback)
            cmd.callback._wb_wrapped = True
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _wrap_all(group.typer_instance)


for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a stage not built yet
        if exc.name != _name:
            raise
        continue
    _mod.register(app)
_wrap_all(app)


def run() -> None:
    """Console-script entry: turn WorkbenchError into one line on stderr and exit non-zero."""
    import logging

    from workbench.errors import WorkbenchError

    logging.basicConfig(level=logging.WARNING)
    for noisy in ("matplotlib", "sentence_transformers", "transformers", "deduce", "docdeid", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        rc = app(standalone_mode=False)
    except WorkbenchError as exc:
        from workbench.cli.errors import report

        print(report(exc)[0], file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted; work already saved is kept.", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors etc.
        from workbench.cli.errors import cli_kind, report

        if cli_kind(exc) == "Abort":
            print("aborted.", file=sys.stderr)
            sys.exit(1)
        if cli_kind(exc) == "ClickException":
            exc.show()
            sys.exit(exc.exit_code)

        line, code = report(exc)
        print(line, file=sys.stderr)
        sys.exit(code)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":
    run()
