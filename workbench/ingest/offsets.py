"""Offsets through an edit of the canonical text, and segments matched across two versions.

``OffsetMap`` takes the replacements made in a text (old start, old end, new string; sorted and
not overlapping) and maps an old offset to the new text, so that turns, segments and coded
spans still cut out the same words after more identifiers were tagged. ``match_segments``
pairs the segments of an old and a new version of a transcript whose text is unchanged.
"""

from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher


class OffsetMap:
    def __init__(self, edits: list[tuple[int, int, str]]):
        self.edits = sorted(edits)
        for (a1, b1, _), (a2, _, _) in zip(self.edits, self.edits[1:]):
            if a2 < b1:
                raise ValueError(f"overlapping edits at {a1}-{b1} and {a2}")
        self._starts = [a for a, _, _ in self.edits]
        self._new_starts = []
        self._deltas = []  # delta after each edit (cumulative)
        delta = 0
        for a, b, rep in self.edits:
            self._new_starts.append(a + delta)
            delta += len(rep) - (b - a)
            self._deltas.append(delta)

    def apply(self, text: str) -> str:
        out, pos = [], 0
        for a, b, rep in self.edits:
            out.append(text[pos:a])
            out.append(rep)
            pos = b
        out.append(text[pos:])
        return "".join(out)

    def _map(self, x: int, end_side: bool) -> int:
        i = bisect_right(self._starts, x) - 1  # last edit starting at or before x
        if i < 0:
            return x
        a, b, rep = self.edits[i]
        if a < x < b:  # inside a replaced string: the boundary moves to the tag's edge
            return self._new_starts[i] + (len(rep) if end_side else 0)
        if x == a:  # at the start of an edit: nothing of it lies before x
            return x + (self._deltas[i - 1] if i else 0)
        return x + self._deltas[i]

    def start(self, x: int) -> int:
        """The new offset of a span's start."""
        return self._map(x, end_side=False)

    def end(self, x: int) -> int:
        """The new offset of a span's end."""
        return self._map(x, end_side=True)

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.start(a), self.end(b)


def match_segments(old: list[str], new: list[str]) -> dict[int, int]:
    """Pairs (old index → new index) of segments with the same text, in order (a longest
    common subsequence, so a repeated "ja, klopt" is matched to its own place)."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    out: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            out[block.a + k] = block.b + k
    return out
