"""Undo and redo of single changes that never overwrite a change made elsewhere.

A :class:`Change` remembers one stored thing (a coding, a memo) before and after an action. Undo
puts the "before" back only while the stored value is still the "after"; if someone (another
window, `code add`, a reconcile) changed it since, the change is dropped from the stack with a
message that says so, and the stored value is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Change:
    kind: str  # "coding" | "memo"
    key: tuple
    before: Any
    after: Any
    label: str  # shown to the user: "accept motivation on segment 12"


Reader = Callable[[Change], Any]
Writer = Callable[[Change, Any, str], None]


class History:
    """Two stacks of changes; ``read``/``write`` know how to read and restore each kind."""

    def __init__(self, read: Reader, write: Writer):
        self._read, self._write = read, write
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []

    def push(self, change: Change) -> str | None:
        """Record a new change; returns a message when it makes redo impossible."""
        if change.before == change.after:
            return None
        self.undo_stack.append(change)
        if self.redo_stack:
            n = len(self.redo_stack)
            self.redo_stack.clear()
            return f"{n} undone change(s) can no longer be redone"
        return None

    def undo(self) -> str:
        return self._step(self.undo_stack, self.redo_stack, forward=False)

    def redo(self) -> str:
        return self._step(self.redo_stack, self.undo_stack, forward=True)

    def _step(self, source: list[Change], target: list[Change], *, forward: bool) -> str:
        word = "redo" if forward else "undo"
        if not source:
            return f"nothing to {word}"
        change = source.pop()
        expected, wanted = (change.before, change.after) if forward else (change.after, change.before)
        now = self._read(change)
        if now != expected:
            return f"not {word}ne: {change.label} was changed elsewhere since; left as it is"
        self._write(change, wanted, word)
        target.append(change)
        return f"{word}ne: {change.label}"
