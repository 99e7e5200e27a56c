"""SQL-backed embedding cache keyed by (model, sha1 of text); implements ``EmbeddingCache``."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from workbench.store.schema import EmbeddingRow

_CHUNK = 500


class SqlEmbeddingCache:
    def __init__(self, project):
        self.project = project

    def get_many(self, model_key: str, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        wanted = list(dict.fromkeys(hashes))
        with self.project.session() as s:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i : i + _CHUNK]
                rows = s.execute(
                    select(EmbeddingRow.text_hash, EmbeddingRow.vector).where(
                        EmbeddingRow.model == model_key, EmbeddingRow.text_hash.in_(chunk)
                    )
                )
                for h, blob in rows:
                    out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, model_key: str, items: dict[str, np.ndarray]) -> None:
        if not items:
            return
        rows = [
            {"model": model_key, "text_hash": h, "dim": int(v.shape[-1]),
             "vector": np.asarray(v, dtype=np.float32).tobytes()}
            for h, v in items.items()
        ]
        from workbench.store.codings import _insert

        def work(s):  # short transactions; a vector another process cached meanwhile is kept
            for i in range(0, len(rows), _CHUNK):
                stmt = _insert(s)(EmbeddingRow).values(rows[i : i + _CHUNK])
                s.execute(stmt.on_conflict_do_nothing())

        self.project.write(work)
