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
