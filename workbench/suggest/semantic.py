"""Prototypes of each code and per-code aggregation of similarity matrices.

A *prototype* is one text that stands for a code: its label+definition, an inclusion rule,
an anchor example, an accepted segment (positive), or an exclusion rule or rejected segment
(negative evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

POSITIVE_KINDS = ("definition", "include", "example", "accepted")
NEGATIVE_KINDS = ("exclude", "rejected")
QUOTABLE_KINDS = ("example", "accepted")


@dataclass
class Prototypes:
    """Flat list of prototype texts with the code (column index) and kind of each."""

    texts: list[str] = field(default_factory=list)
    code: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)

    def add(self, text: str, code: int, kind: str) -> None:
        self.texts.append(text)
        self.code.append(code)
        self.kind.append(kind)

    def groups(self, n_codes: int, kinds: tuple[str, ...]) -> list[np.ndarray]:
        """Per code, the indices of its prototypes of the given kinds."""
        out: list[list[int]] = [[] for _ in range(n_codes)]
        for i, (c, k) in enumerate(zip(self.code, self.kind)):
            if k in kinds:
                out[c].append(i)
        return [np.asarray(g, dtype=np.int64) for g in out]


def topk_mean(sim: np.ndarray, groups: list[np.ndarray], k: int = 1, empty: float = 0.0):
    """``(scores, argmax)``: per row and group, mean of the ``k`` largest values and the best column.

    Groups without members give ``empty`` and argmax ``-1``.
    """
    n = sim.shape[0]
    scores = np.full((n, len(groups)), empty, dtype=np.float32)
    best = np.full((n, len(groups)), -1, dtype=np.int64)
    for c, idx in enumerate(groups):
        if idx.size == 0 or n == 0:
            continue
        block = sim[:, idx]
        pos = block.argmax(axis=1)
        best[:, c] = idx[pos]
        kk = min(k, idx.size)
        if kk == 1:
            scores[:, c] = block[np.arange(n), pos]
        else:
            scores[:, c] = -np.partition(-block, kk - 1, axis=1)[:, :kk].mean(axis=1)
    return scores, best
