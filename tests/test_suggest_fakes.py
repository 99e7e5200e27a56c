"""Shared fakes for the suggestion tests: a fast deterministic encoder and the fixture codebook."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import yaml

from workbench.codebook.model import Codebook

DATA = Path(__file__).parent / "data" / "suggest"
DIM = 256


def fake_encoder(texts: list[str]) -> np.ndarray:
    """Hashed character trigrams: similar wording gives similar vectors; no model needed."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        t = f"  {text.lower()}  "
        for j in range(len(t) - 2):
            out[i, zlib.crc32(t[j : j + 3].encode()) % DIM] += 1.0
    return out


class CountingEncoder:
    """fake_encoder that records every batch it is asked to encode."""

    model_key = "counting-fake"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        return fake_encoder(texts)


def fixture_codebook() -> Codebook:
    return Codebook.model_validate(yaml.safe_load((DATA / "codebook.yaml").read_text(encoding="utf-8")))


def test_fake_encoder_is_deterministic_and_similarity_follows_wording():
    a, b, c = fake_encoder(["ik wil werken", "ik wil werken", "de kat slaapt"])
    assert np.array_equal(a, b)
    cos = lambda x, y: float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))  # noqa: E731
    assert cos(a, fake_encoder(["ik wil graag werken"])[0]) > cos(a, c)
