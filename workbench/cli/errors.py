"""The CLI's one error boundary: every failure becomes one line on stderr and a non-zero exit.

`one_line(exc)` turns a known failure into ``error: FILE: what is wrong (what to do)``.
Anything else is unexpected: a short line says so, and the traceback goes to a log file in
the project (``logs/``; the temporary folder when there is no project) whose path is printed.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path


def cli_kind(exc: BaseException) -> str | None:
    """"Exit", "Abort" or "ClickException" for click's control exceptions (also typer's vendored
    copy of click, whose classes are not click's), else None."""
    for cls in type(exc).__mro__:
        if cls.__module__.split(".")[0] in ("click", "typer") and cls.__name__ in ("Exit", "Abort", "ClickException"):
            return cls.__name__
    return None


def one_line(exc: BaseException) -> str | None:
    """The one line for a known failure (without "error: "), or None if it is unexpected."""
    from workbench.errors import WorkbenchError

    if isinstance(exc, WorkbenchError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read (a file with thousands of nested levels?)"
    if isinstance(exc, IsADirectoryError):
        return f"{exc.filename}: is a folder, not a file (give the path of a file)"
    if isinstance(exc, NotADirectoryError):
        return f"{exc.filename}: a part of this path is a file, not a folder"
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename}: file not found (check the path)"
    if isinstance(exc, PermissionError):
        return f"{exc.filename}: permission denied (check who owns the file)"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "the disk is full (make space and run the command again; saved work is kept)"
    if isinstance(exc, MemoryError):
        return "out of memory (lower the [limits] in workbench.toml or split the input)"
    return None


def _log_folder(project: Path | None = None) -> Path:
    """``logs/`` in the project named by --project or found from the current folder; else temp."""
    import tempfile

    from workbench.store.project import CONFIG_NAME

    args = sys.argv[1:] if project is None else []
    start = Path(project) if project is not None else Path.cwd()
    for i, arg in enumerate(args):
        if arg in ("--project", "-p") and i + 1 < len(args):
            start = Path(args[i + 1])
        elif arg.startswith("--project="):
            start = Path(arg.split("=", 1)[1])
    try:
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return folder / "logs"
    except OSError:
        pass
    return Path(tempfile.gettempdir())


def log_unexpected(exc: BaseException, project: Path | None = None) -> Path | None:
    """Write the traceback to a new log file; returns its path (None if even that fails)."""
    import datetime
    import traceback

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        folder = _log_folder(project)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"workbench-error-{stamp}.log"
        text = "".join(traceback.format_exception(exc))
        path.write_text(f"workbench {' '.join(sys.argv[1:])}\n\n{text}", encoding="utf-8")
        return path
    except OSError:
        return None


def report(exc: BaseException, project: Path | None = None) -> tuple[str, int]:
    """The line to print on stderr and the exit code, for any exception (``project``: the
    command's --project value, where an unexpected error's log goes)."""
    from workbench.errors import WorkbenchError
    from workbench.textrules import printable

    known = one_line(exc)
    if known is not None:
        code = exc.exit_code if isinstance(exc, WorkbenchError) else 1
        return "error: " + printable(known), code
    log = log_unexpected(exc, project)
    where = f"; the details are in {log}" if log else ""
    what = printable(str(exc))[:200]
    return (f"error: unexpected {type(exc).__name__}: {what}{where} "
            "(please include that file when you report the problem)", 1)
