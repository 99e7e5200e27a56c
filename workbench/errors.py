"""User-facing errors: the CLI prints their message as one line and exits non-zero."""

from __future__ import annotations


class WorkbenchError(Exception):
    """An error caused by input or state the user can fix. Message is one clear line."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None):
        self.path = path
        self.hint = hint
        parts = []
        if path:
            parts.append(f"{path}: ")
        parts.append(message)
        if hint:
            parts.append(f" ({hint})")
        super().__init__("".join(parts))


class InputError(WorkbenchError):
    """A file the user gave us is unreadable, malformed or of an unknown kind."""


class ProjectError(WorkbenchError):
    """No project, or a project we cannot open (e.g. newer schema)."""


def not_a_file(path, message: str = "file not found", hint: str | None = None) -> InputError:
    """The error for a path that is not a readable file: a folder is named as such."""
    from pathlib import Path

    if Path(path).is_dir():
        return InputError("is a folder, not a file", path=str(path), hint="give the path of a file")
    return InputError(message, path=str(path), hint=hint)
