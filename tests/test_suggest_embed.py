"""Embedder: model resolution, caching, normalisation (fake encoder except one real-model test)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from test_suggest_fakes import DATA, CountingEncoder, fixture_codebook
from workbench.errors import InputError
from workbench.suggest.embed import Embedder, MemoryCache, resolve_model, text_hash
from workbench.suggest.engine import SuggestEngine


def test_resolve_minilm_is_packaged_folder():
    path = resolve_model(None)
    assert (path / "modules.json").is_file()
    assert resolve_model("minilm") == path == resolve_model("sentence-transformers")


def test_non_model_folder_is_input_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(InputError) as exc:
        resolve_model(tmp_path)
    msg = str(exc.value)
    assert str(tmp_path) in msg and "local model folder" in msg and "nothing is downloaded" in msg
    with pytest.raises(InputError):
        resolve_model(tmp_path / "missing")


def test_cli_model_option_rejects_non_model_folder(tmp_path):
    from workbench.cli.main import app

    seg = tmp_path / "in.jsonl"
    seg.write_text('{"id": "1", "text": "hallo"}\n')
    result = CliRunner().invoke(
        app,
        ["suggest", "--codebook", str(DATA / "codebook.yaml"), "--jsonl-in", str(seg), "--model", str(tmp_path)],
    )
    assert result.exit_code != 0
    assert result.stderr.startswith("error: ") and "nothing is downloaded" in result.stderr
    assert result.stdout == ""


def test_text_hash_is_sha1_of_exact_text():
    assert text_hash("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d"
    assert text_hash("abc ") != text_hash("abc")


def test_encode_normalises_and_caches_misses_only():
    enc = CountingEncoder()
    cache = MemoryCache()
    e = Embedder(encoder=enc, cache=cache)
    v = e.encode(["ik wil werken", "de coach", "ik wil werken"])
    assert v.dtype == np.float32 and v.shape == (3, 256)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert np.array_equal(v[0], v[2])
    assert e.encode_calls == 1 and e.texts_encoded == 2  # duplicates encoded once
    e.encode(["de coach", "nieuw segment"])
    assert e.texts_encoded == 3 and enc.batches[-1] == ["nieuw segment"]
    # A second embedder on the same cache encodes nothing.
    e2 = Embedder(encoder=enc, cache=cache)
    e2.encode(["ik wil werken", "nieuw segment"])
    assert e2.encode_calls == 0
    assert e.encode([]).shape[0] == 0


def test_progress_reports_done_and_total():
    seen = []
    e = Embedder(encoder=CountingEncoder(), batch_size=1)
    e.encode([f"tekst {i}" for i in range(40)], progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 40) and seen[-1] == (40, 40)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_codebook_edit_reencodes_only_changed_code_texts():
    enc = CountingEncoder()
    emb = Embedder(encoder=enc)
    segments = [f"Segment nummer {i} over werk en geld." for i in range(30)]
    cb = fixture_codebook()
    SuggestEngine(cb, emb).suggest(segments)
    before = emb.texts_encoded
    edited = cb.model_copy(deep=True)
    edited.codes[1].examples.append("Een nieuw ankervoorbeeld over het traject.")
    SuggestEngine(edited, emb).suggest(segments)
    assert emb.texts_encoded - before == 1
    assert enc.batches[-1] == ["Een nieuw ankervoorbeeld over het traject."]


def test_real_minilm_model_encodes_offline(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    e = Embedder("minilm")
    v = e.encode(["Ik wil weer aan het werk.", "Ik wil graag weer werken.", "De kat zit op de mat."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2]
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"
