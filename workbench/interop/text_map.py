"""Offsets through an edit: where a position of the old text lands in the new one.

Used when an imported text is pseudonymised: every selection of the source is mapped through
the replacements, so codings stay on the same words. A position inside a replaced stretch
goes to the start of its replacement (for a start) or its end (for an end).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
import re
from difflib import SequenceMatcher
from itertools import accumulate


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
                self._index = None
            return
        # word-level diff (fast on long turns); equal runs of words are equal runs of characters
        a_tok, b_tok = _tokens(old), _tokens(new)
        a_pos, b_pos = _starts(a_tok), _starts(b_tok)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a_tok, b_tok, autojunk=False).get_opcodes():
            self.blocks.append((oa + a_pos[i1], oa + a_pos[i2], na + b_pos[j1], na + b_pos[j2], tag == "equal"))
        self._index = None

    def map(self, k: int, *, end: bool) -> int:
        if not self.blocks:
            return 0
        if getattr(self, "_index", None) is None:
            self._index = ([b[0] for b in self.blocks], [b[1] for b in self.blocks])
        starts, ends = self._index
        if end:
            i = min(bisect_left(ends, k), len(self.blocks) - 1)
        else:
            i = max(min(bisect_right(starts, k) - 1, len(self.blocks) - 1), 0)
        oa, ob, na, nb, equal = self.blocks[i]
        if equal:
            return na + min(max(k - oa, 0), nb - na)
        return nb if end else na


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|\s+|[^\w\s]", text)


def _starts(tokens: list[str]) -> list[int]:
    return list(accumulate((len(t) for t in tokens), initial=0))
