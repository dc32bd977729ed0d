"""The clause index of the five seed policies in ``corpus/``, with the real encoder: searches across
languages, a clause's counterparts and what they leave out, an update, and the commands."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from align.cli import main
from align.index import ClauseIndex
from align.index.layout import VECTORS
from align.scoring.alignment import parse_beads

from .conftest import CORPUS, GOLD

pytestmark = pytest.mark.model
EN, NB = "clicksend/privacy.en.txt", "clicksend/privacy.no.txt"


class Spy:
    """Passes texts to the real encoder and remembers them."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.seen: list[str] = []

    def encode(self, texts, progress=None):
        self.seen += texts
        return self.inner.encode(texts, progress)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture(scope="module")
def index(encoder, tmp_path_factory) -> ClauseIndex:
    return ClauseIndex.build(CORPUS, tmp_path_factory.mktemp("index") / "corpus.idx", encoder=encoder)


def ids(hits) -> list[str]:
    return [h.clause.id for h in hits]


def test_corpus_is_indexed(index):
    assert index.changes is not None and index.changes.summary().startswith("5 documents (5 new)")
    assert index.languages == ["en", "nb"]
    assert index.manifest.model == "e5-onnx" and index.manifest.kind == "flat"
    assert index.clause(f"{NB}#22").text.startswith("ClickSends servere er lokalisert")


def test_english_question_finds_the_norwegian_storage_clause(index):
    assert ids(index.search("In which country are the data centres located?", lang="nb", k=1)) == [f"{NB}#22"]
    top = ids(index.search("where is customer data stored", lang="nb", k=4))
    assert {f"{NB}#21", f"{NB}#22"} <= set(top)     # "Lagring og oppbevaring av data" and the servers


def test_searches_across_policies_and_languages(index):
    assert ids(index.search("Will my data be sold to third parties?", lang="nb", k=1)) == [f"{NB}#28"]
    assert ids(index.search("Will my data be sold to third parties?", lang="en", k=1)) == [f"{EN}#30"]
    sells = ids(index.search("Vi selger aldri dataene dine til andre.", lang="en", k=4))   # three English policies
    assert {"cleversender/privacy.en.txt#68", "clickatell/privacy.en.md#29", f"{EN}#30"} <= set(sells)
    assert ids(index.search("Hvor lagres dataene mine?", k=1)) == [f"{NB}#21"]


def test_every_english_clause_finds_its_norwegian_translation(index):
    beads = parse_beads((GOLD / "alignment.txt").read_text(encoding="utf-8"), "alignment.txt")
    pairs = [(b[0][0], b[1][0]) for b in beads if len(b[0]) == len(b[1]) == 1]
    right = sum(ids(index.search(index.clause(f"{EN}#{s}").text, lang="nb", k=1)) == [f"{NB}#{t}"]
                for s, t in pairs)
    assert right / len(pairs) >= 0.95, (right, len(pairs))


def test_compare_shows_what_the_translation_leaves_out(index):
    sydney = index.compare(f"{EN}#23")
    (part,) = sydney.counterparts
    assert part.status == "counterpart" and part.clause.id == f"{NB}#22" and part.margin > 1
    assert {(d.kind, d.text) for d in part.differences} == {("number", "two"), ("entity", "Sydney"),
                                                            ("entity", "Australia")}
    encrypted = index.compare(f"{EN}#24")                      # "All data is stored securely and encrypted."
    assert [c.status for c in encrypted.counterparts] == ["missing"]
    back = index.compare(f"{NB}#22")
    assert [(c.clause.path, c.status) for c in back.counterparts] == [
        ("cleversender/privacy.en.txt", "unrelated"), ("click2mail/privacy.en.md", "unrelated"),
        ("clickatell/privacy.en.md", "unrelated"), (EN, "counterpart")]


def test_update_re_encodes_only_the_changed_document(encoder, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    spy = Spy(encoder)
    index = ClauseIndex.build(corpus, tmp_path / "idx", encoder=spy)
    assert len(spy.seen) == len(index)
    policy = corpus / "cleversender/privacy.en.txt"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n\nAll backups are kept in Frankfurt, Germany.\n",
                      encoding="utf-8")
    spy.seen.clear()
    changes = index.update()
    assert changes.changed == ("cleversender/privacy.en.txt",) and len(changes.unchanged) == 4
    changed = index.store.document_clauses(index.store.by_path["cleversender/privacy.en.txt"])
    assert spy.seen == [c.text for c in changed]
    assert ids(index.search("Where are the backups kept?", k=1)) == [changed[-1].id]


def test_cli_build_search_compare(tmp_path):
    runner = CliRunner()
    out = tmp_path / "corpus.idx"
    result = runner.invoke(main, ["index", "build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 documents (5 new), " in result.stdout and "flat index" in result.stdout
    result = runner.invoke(main, ["index", "search", str(out), "In which country are the data centres located?",
                                  "--lang", "nb", "-k", "3", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "clausealign.index-search/1" and len(data["results"]) == 3
    first = data["results"][0]
    assert first["id"] == f"{NB}#22" and first["lang"] == "nb" and first["rank"] == 1
    text = (CORPUS / NB).read_text(encoding="utf-8")
    assert text[first["start"]:first["end"]] == first["text"]
    result = runner.invoke(main, ["index", "search", str(out), "where is customer data stored"])
    assert result.exit_code == 0 and result.stdout.startswith(" 1. 0.")
    result = runner.invoke(main, ["index", "compare", str(out), "--clause", f"{EN}#23"])
    assert result.exit_code == 0, result.output
    assert "city 'Sydney' does not appear in the target" in result.stdout
    result = runner.invoke(main, ["index", "build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0 and "(5 unchanged)" in result.stdout and "(0 encoded)" in result.stdout


def test_cli_refuses_another_model_and_a_damaged_index(index, tmp_path):
    runner = CliRunner()
    copy = tmp_path / "copy.idx"
    shutil.copytree(index.path, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["model"], manifest["fingerprint"] = "minilm-en", "sha256:0000"
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for args in (["index", "search", str(copy), "data", "--model", "e5-onnx"],
                 ["index", "build", str(CORPUS), "-o", str(copy)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.strip().splitlines()
        assert "built with model 'minilm-en', not 'e5-onnx'" in line
    with open(copy / VECTORS, "r+b") as handle:
        handle.seek(1000)
        handle.write(b"\xff\xff\xff\xff")
    result = runner.invoke(main, ["index", "search", str(copy), "data"])
    assert result.exit_code == 2
    assert "corrupt clause index (vectors.faiss is missing or does not match its checksum)" in result.stderr
