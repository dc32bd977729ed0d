"""The clause index without the real model: layout, incremental updates, refusals, damage, vectors.

A bag-of-words encoder stands in for the model (same words, same direction); it records every
text it is asked to encode, so the tests see exactly what an update re-encodes. The real model
is in ``tests/test_index_corpus.py``.
"""
from __future__ import annotations

import json
import re
import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import align.index.store
import align.index.vectors
from align.cli import main
from align.errors import InputError
from align.index import ClauseIndex, build_index
from align.index.layout import MANIFEST, STORE, VECTORS
from align.index.vectors import build_vectors

from .conftest import CORPUS


class WordEncoder:
    """Unit vectors of hashed word counts; ``seen`` lists every text encoded."""

    def __init__(self, name: str = "words", fingerprint: str = "words|1") -> None:
        self.name = name
        self.fingerprint = fingerprint
        self.seen: list[str] = []

    def encode(self, texts, progress=None) -> np.ndarray:
        self.seen += texts
        vecs = np.full((len(texts), 64), 0.01, dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vecs[row, zlib.crc32(word.encode()) % 64] += 1
        if progress:
            progress(len(texts))
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Three policies in two languages (copies: the tests change them)."""
    root = tmp_path / "corpus"
    for rel in ("clicksend/privacy.en.txt", "clicksend/privacy.no.txt", "cleversender/privacy.en.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / rel, root / rel)
    (root / "notes.json").write_text("{}", encoding="utf-8")     # not a document
    (root / ".hidden.txt").write_text("Hidden text.", encoding="utf-8")
    return root


@pytest.fixture
def built(corpus, tmp_path) -> tuple[Path, WordEncoder]:
    encoder = WordEncoder()
    build_index(corpus, tmp_path / "idx", encoder=encoder)
    return tmp_path / "idx", encoder


def test_build_stores_every_segment_with_its_location(built, corpus):
    path, encoder = built
    index = ClauseIndex(path, encoder)
    assert sorted(d.path for d in index.documents) == ["cleversender/privacy.en.txt", "clicksend/privacy.en.txt",
                                                       "clicksend/privacy.no.txt"]
    assert index.languages == ["en", "nb"]
    assert len(index) == len(encoder.seen) == index.vectors.count
    for document in index.documents:
        text = (corpus / document.path).read_text(encoding="utf-8")
        for clause in index.store.document_clauses(document):
            assert text[clause.start:clause.end] == clause.text
            assert clause.lang == document.lang
    assert [d.lang for d in index.documents] == ["en", "en", "nb"]     # one language = one range of rows
    assert sorted(p.name for p in path.iterdir()) == [STORE, MANIFEST, VECTORS]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_search_returns_nearest_clauses_with_locations(built):
    path, encoder = built
    index = ClauseIndex(path, encoder)
    hits = index.search("Your data will never be sold, rented or loaned to third parties.", k=3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].clause.id == "clicksend/privacy.en.txt#30" and hits[0].score == pytest.approx(1.0)
    assert hits[0].score >= hits[1].score >= hits[2].score
    only_nb = index.search("data", lang="no", k=500)
    assert {h.clause.lang for h in only_nb} == {"nb"} and len(only_nb) == index.documents[2].segments
    with pytest.raises(InputError, match=r"no clauses in language 'de'.*en, nb"):
        index.search("data", lang="de")


def test_update_encodes_only_changed_documents(built, corpus):
    path, encoder = built
    (corpus / "clicksend/privacy.no.txt").touch()                     # same content: nothing to do
    encoder.seen.clear()
    changes = build_index(corpus, path, encoder=encoder)
    assert encoder.seen == [] and changes.unchanged and not changes.changed

    changed = corpus / "cleversender/privacy.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nWe store backups in Oslo.\n", encoding="utf-8")
    (corpus / "clicksend/privacy.en.txt").unlink()
    shutil.copy(CORPUS / "clickatell/privacy.en.md", corpus / "clickatell.md")
    index = ClauseIndex(path, encoder)
    before = index.changes
    changes = index.update()
    assert before is None and index.changes == changes
    assert changes.changed == ("cleversender/privacy.en.txt",)
    assert changes.added == ("clickatell.md",)
    assert changes.removed == ("clicksend/privacy.en.txt",)
    assert changes.unchanged == ("clicksend/privacy.no.txt",)
    new = index.store.document_clauses(index.store.by_path["cleversender/privacy.en.txt"]) + \
        index.store.document_clauses(index.store.by_path["clickatell.md"])
    assert encoder.seen == [c.text for c in new] and changes.encoded == len(new)
    assert index.search("We store backups in Oslo.", k=1)[0].clause.text == "We store backups in Oslo."

    fresh = path.parent / "fresh"                        # an update gives the index a fresh build gives
    build_index(corpus, fresh, encoder=WordEncoder())
    assert json.loads((fresh / MANIFEST).read_text())["files"] == json.loads((path / MANIFEST).read_text())["files"]


def test_other_settings_re_segment_everything(built, corpus):
    path, encoder = built
    encoder.seen.clear()
    changes = build_index(corpus, path, encoder=encoder, presegmented=True)
    assert len(changes.changed) == 3 and changes.encoded == len(encoder.seen) > 0


def test_another_model_is_refused(built, corpus):
    path, _ = built
    other = WordEncoder("other-model", "other|1")
    with pytest.raises(InputError, match="built with model 'words', not 'other-model'"):
        ClauseIndex(path, other)
    with pytest.raises(InputError, match="built with model 'words'"):
        build_index(corpus, path, encoder=other)
    with pytest.raises(InputError, match="another version of model 'words'"):
        ClauseIndex(path, WordEncoder("words", "words|2"))
    assert other.seen == []
    build_index(corpus, path, encoder=other, rebuild=True)
    assert ClauseIndex(path, other).manifest.model == "other-model"


@pytest.mark.parametrize("damage", ["vectors", "store", "truncate", "manifest", "missing"])
def test_a_damaged_index_is_one_clear_error(built, damage):
    path, encoder = built
    if damage == "vectors":
        data = bytearray((path / VECTORS).read_bytes())
        data[len(data) // 2] ^= 0xFF
        (path / VECTORS).write_bytes(bytes(data))
    elif damage == "store":
        (path / STORE).write_bytes(b"not a database" * 100)
    elif damage == "truncate":
        (path / VECTORS).write_bytes((path / VECTORS).read_bytes()[:100])
    elif damage == "manifest":
        (path / MANIFEST).write_text("{", encoding="utf-8")
    else:
        (path / STORE).unlink()
    with pytest.raises(InputError, match="corrupt clause index") as info:
        ClauseIndex(path, encoder)
    assert "\n" not in str(info.value)


def test_a_damaged_index_is_replaced_only_when_asked(built, corpus):
    path, encoder = built
    (path / MANIFEST).write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match=r"corrupt clause index.*'align index build --rebuild'"):
        build_index(corpus, path, encoder=encoder)
    build_index(corpus, path, encoder=encoder, rebuild=True)
    assert len(ClauseIndex(path, encoder)) > 0


def test_vector_file_damage_behind_a_valid_manifest(built):
    """Checksums aside, FAISS itself refuses a truncated file with one line."""
    path, _ = built
    (path / VECTORS).write_bytes(b"\x00" * 10)
    with pytest.raises(InputError, match="corrupt clause index"):
        align.index.vectors.read_vectors(path / VECTORS, "flat")


def test_refuses_to_replace_what_is_not_an_index(corpus, tmp_path):
    folder = tmp_path / "important"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a clause index; refusing to replace it"):
        build_index(corpus, folder, encoder=WordEncoder())
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(InputError, match="not a clause index"):
        ClauseIndex(folder)
    with pytest.raises(InputError, match="no such clause index"):
        ClauseIndex(tmp_path / "nowhere")
    with pytest.raises(InputError, match="not a folder"):
        build_index(corpus / "notes.json", tmp_path / "x", encoder=WordEncoder())
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no documents found"):
        build_index(empty, tmp_path / "x", encoder=WordEncoder())


def test_a_failed_build_leaves_the_old_index(built, corpus, monkeypatch):
    path, encoder = built
    manifest = (path / MANIFEST).read_bytes()
    (corpus / "cleversender/privacy.en.txt").write_text("Something else entirely.\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(align.index.store.sqlite3, "connect", broken)
    with pytest.raises(OSError):
        build_index(corpus, path, encoder=encoder)
    monkeypatch.undo()
    assert (path / MANIFEST).read_bytes() == manifest
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    ClauseIndex(path, encoder)


def test_unreadable_documents_are_skipped_and_named(corpus, tmp_path):
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    (corpus / "empty.md").write_text("  \n", encoding="utf-8")
    changes = build_index(corpus, tmp_path / "idx", encoder=WordEncoder())
    assert [p for p, _ in changes.skipped] == ["broken.txt", "empty.md"]
    assert "unsupported format (binary data)" in changes.skipped[0][1]
    assert "2 skipped" in changes.summary()


def test_compare_lists_other_languages_only(built):
    path, encoder = built
    comparison = ClauseIndex(path, encoder).compare("clicksend/privacy.no.txt#22")
    assert [c.clause.lang for c in comparison.counterparts] == ["en", "en"]
    assert {c.status for c in comparison.counterparts} <= {"counterpart", "missing", "unrelated"}
    with pytest.raises(InputError, match=r"no clause 'clicksend/privacy\.no\.txt#999'"):
        ClauseIndex(path).compare("clicksend/privacy.no.txt#999")


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
@pytest.mark.parametrize("flat_max", [200_000, 100])     # 100: a language range is searched in the graph
def test_vector_kinds_search_and_give_back_their_vectors(kind, flat_max, monkeypatch, tmp_path):
    monkeypatch.setattr(align.index.vectors, "FLAT_MAX", flat_max)
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((20, 32)).astype(np.float32)
    vecs = centres[rng.integers(0, 20, 4000)] + 0.3 * rng.standard_normal((4000, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    index, exact = build_vectors(vecs, kind), build_vectors(vecs, "flat")
    assert index.kind == kind
    np.testing.assert_array_equal(index.reconstruct(100, 200), vecs[100:200])
    _, ids = index.search(vecs[:50], 10)
    _, truth = exact.search(vecs[:50], 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, truth)])
    assert recall >= 0.95
    scores, rows = index.search(vecs[7], 5, rows=(1000, 1500))
    assert ((rows >= 1000) & (rows < 1500)).all() and len(rows) == 5
    assert list(scores) == sorted(scores, reverse=True)
    _, in_range = exact.search(vecs[7], 5, rows=(1000, 1500))
    assert len(set(rows) & set(in_range)) >= 4
    index.write(tmp_path / "a.faiss")                         # the same vectors give the same index
    build_vectors(vecs, kind).write(tmp_path / "b.faiss")
    assert (tmp_path / "a.faiss").read_bytes() == (tmp_path / "b.faiss").read_bytes()


def test_exact_range_search_matches_brute_force():
    rng = np.random.default_rng(1)
    vecs = rng.standard_normal((300, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    scores, rows = build_vectors(vecs).search(vecs[:3], 4, rows=(50, 120))
    brute = vecs[50:120] @ vecs[:3].T
    for q in range(3):
        assert list(rows[q]) == list(50 + np.argsort(-brute[:, q], kind="stable")[:4])
        np.testing.assert_allclose(scores[q], np.sort(brute[:, q])[::-1][:4], rtol=1e-5)


# --- the CLI (the commands that need no model) ----------------------------------------------------

def _one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_cli_compare_and_errors(built, tmp_path):
    path, _ = built
    runner = CliRunner()
    result = runner.invoke(main, ["index", "compare", str(path), "--clause", "clicksend/privacy.en.txt#23",
                                  "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "clausealign.index-compare/1" and data["clause"]["id"] == "clicksend/privacy.en.txt#23"
    assert [c["clause"]["lang"] for c in data["counterparts"]] == ["nb"]

    (path / VECTORS).write_bytes(b"garbage")
    for args in (["index", "compare", str(path), "--clause", "x#1"], ["index", "search", str(path), "data"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2
        assert "corrupt clause index" in _one_line(result)
    result = runner.invoke(main, ["index", "build", str(tmp_path / "missing"), "-o", str(tmp_path / "i")])
    assert result.exit_code == 2 and "not a folder" in _one_line(result)
    result = runner.invoke(main, ["index", "build", str(tmp_path), "-o", str(tmp_path / "new"), "--lang", "xx-no"])
    assert result.exit_code == 2 and "unknown language code" in _one_line(result)
    result = runner.invoke(main, ["index", "search", str(path), "q", "-k", "0"])
    assert result.exit_code == 2


def test_cli_help_shows_examples():
    runner = CliRunner()
    for args in (["index"], ["index", "build"], ["index", "search"], ["index", "compare"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, args
