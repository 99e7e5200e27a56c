"""Offline hybrid code suggestions (see docs/quality.md and docs/performance.md).

Public API: :class:`workbench.suggest.engine.SuggestEngine`, ``Decision``, ``Suggestion``,
``DEFAULT_THRESHOLD``; :class:`workbench.suggest.embed.Embedder`, ``MemoryCache``,
``EmbeddingCache``, ``resolve_model``; :func:`workbench.suggest.batch.run_batch`;
:func:`workbench.suggest.evaluate.evaluate`. Submodules are imported on use (they pull in
scikit-learn and, lazily, sentence-transformers).
"""
