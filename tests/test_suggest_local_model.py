"""Any local sentence-transformers folder works, not only the packaged default.

The folder is a tiny randomly initialised BERT (one layer, 32 dimensions) built here with the
packaged model's tokenizer, so the real loading code runs offline on a model that differs from the
default in name, weights and vector size.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from typer.testing import CliRunner

from tests.helpers import make_project
from tests.test_suggest_fakes import DATA
from workbench.suggest.embed import Embedder, resolve_model

DIM = 32


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import BertConfig, BertModel

    try:  # sentence-transformers 6 moved the modules; older releases keep them in .models
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:
        from sentence_transformers.models import Pooling, Transformer

    default = resolve_model(None)
    root = tmp_path_factory.mktemp("models")
    bert = root / "tiny-bert"
    bert.mkdir()
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(default / name, bert / name)
    vocab = sum(1 for _ in (bert / "vocab.txt").open(encoding="utf-8"))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=vocab, hidden_size=DIM, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64)
    BertModel(config).save_pretrained(bert)
    folder = root / "tiny-nl"
    modules = [Transformer(str(bert), max_seq_length=128), Pooling(DIM, "mean")]
    SentenceTransformer(modules=modules, device="cpu").save(str(folder))
    return folder


def test_a_local_model_folder_encodes_with_its_own_size_and_cache_key(tiny_model):
    emb = Embedder(tiny_model)
    vectors = emb.encode(["Ik wil weer aan het werk.", "Mijn toeslagen gaan omlaag."])
    assert vectors.shape == (2, DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert emb.model_key.startswith("tiny-nl-") and emb.model_key != Embedder().model_key


def test_batch_suggest_runs_on_a_local_model_folder(tiny_model, tmp_path):
    from workbench.cli.main import app

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Ik ben bang dat mijn toeslag omlaag gaat."}\n'
                   '{"id": "b", "text": "Het traject paste niet bij mij."}\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["suggest", "--codebook", str(DATA / "codebook.yaml"), "--jsonl-in", str(src),
                                   "--jsonl-out", "-", "--model", str(tiny_model)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert all(line["suggestions"] and 0.0 <= s["score"] <= 1.0 for line in lines for s in line["suggestions"])


def test_project_setting_reads_a_relative_model_folder_from_the_project(tiny_model, project, tmp_path,
                                                                         monkeypatch):
    from workbench.store.project import Project
    from workbench.store.transcripts import list_segments
    from workbench.suggest.embed import text_hash
    from workbench.suggest.project import project_model, run_suggest, scored_texts

    make_project(project, tmp_path)
    assert project_model(project) == "default"
    shutil.copytree(tiny_model, project.root / "models" / "tiny-nl")
    config = project.root / "workbench.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('model = "default"', 'model = "models/tiny-nl"'),
                      encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the setting must not depend on the working directory
    reopened = Project.open(project.root)
    assert project_model(reopened) == str(project.root / "models" / "tiny-nl")
    assert run_suggest(reopened).segments == 4
    # the segments were encoded by the local model: its vectors are in the cache under its key
    key = Embedder(project.root / "models" / "tiny-nl").model_key
    segs = list_segments(reopened, codable_only=True)
    texts = scored_texts(reopened, [(s.id, s.text) for s in segs], "question")
    stored = reopened.embedding_cache().get_many(key, [text_hash(t) for t in texts])
    assert len(stored) == 4 and all(v.shape == (DIM,) for v in stored.values())
