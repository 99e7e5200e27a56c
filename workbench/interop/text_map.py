"""Offsets through an edit: where a position of the old text lands in the new one.

Used when an imported text is pseudonymised: every selection of the source is mapped through
the replacements, so codings stay on the same words. A position inside a replaced stretch
goes to the start of its replacement (for a start) or its end (for an end).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher


class EditMap:
    def __init__(self):
        self.blocks: list[tuple[int, int, int, int, bool]] = []  # old_a, old_b, new_a, new_b, equal

    @classmethod
    def identity(cls, n: int) -> "EditMap":
        m = cls()
        m.blocks.append((0, n, 0, n, True))
        return m

    def add(self, old: str, new: str) -> None:
        """Append the edit of one piece (``old`` became ``new``)."""
        oa = self.blocks[-1][1] if self.blocks else 0
        na = self.blocks[-1][3] if self.blocks else 0
        if old == new:
            if old:
                self.blocks.append((oa, oa + len(old), na, na + len(new), True))
            return
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            self.blocks.append((oa + i1, oa + i2, na + j1, na + j2, tag == "equal"))

    def map(self, k: int, *, end: bool) -> int:
        if not self.blocks:
            return 0
        starts = [b[0] for b in self.blocks]
        ends = [b[1] for b in self.blocks]
        if end:
            i = min(bisect_left(ends, k), len(self.blocks) - 1)
        else:
            i = max(min(bisect_right(starts, k) - 1, len(self.blocks) - 1), 0)
        oa, ob, na, nb, equal = self.blocks[i]
        if equal:
            return na + min(max(k - oa, 0), nb - na)
        return nb if end else na
