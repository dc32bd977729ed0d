"""One source, several translations: the coverage matrix (targets built by editing the seed)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from align.cli import main
from align.pipeline import compare_many
from align.render.table import coverage

from .conftest import CORPUS

EN = CORPUS / "clicksend/privacy.en.txt"
NO = CORPUS / "clicksend/privacy.no.txt"
DESTROY = "Data kan til enhver tid slettes på kundens forespørsel. "
NO_THIRD = "Ingen tredjepart har tilgang til dataene. "


@pytest.fixture(scope="module")
def targets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("targets")
    text = NO.read_text(encoding="utf-8")
    assert DESTROY in text and NO_THIRD in text and "opptil 7 år" in text
    edits = {
        "faithful.nb.txt": text,
        "dropped.nb.txt": text.replace(DESTROY, "").replace(NO_THIRD, ""),
        "numbers.nb.txt": text.replace("opptil 7 år", "opptil 3 år"),
    }
    paths = []
    for name, content in edits.items():
        (folder / name).write_text(content, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


@pytest.fixture(scope="module")
def multi(targets, encoder):
    return compare_many(str(EN), targets, src_lang="en", tgt_lang="nb", encoder=encoder)


def row_of(matrix, needle: str) -> tuple:
    (i,) = [n for n, seg in enumerate(matrix.segments) if needle in seg["text"]]
    return matrix.rows[i]


def test_matrix_marks_missing_and_changed(multi):
    matrix = coverage(multi.to_dict())
    assert len(matrix.columns) == 3 and len(set(matrix.columns)) == 3
    destroyed = row_of(matrix, "Data can be destroyed")
    assert [c.status for c in destroyed] == ["ok", "missing", "ok"]
    third = row_of(matrix, "No third party has access")
    assert [c.status for c in third] == ["ok", "missing", "ok"]
    years = row_of(matrix, "up to 7 years")
    assert [c.status for c in years] == ["ok", "ok", "changed"]
    assert years[2].kind == "number" and years[2].severity == "critical"
    encrypted = row_of(matrix, "All data is stored securely and encrypted")
    assert [c.status for c in encrypted] == ["missing"] * 3   # missing in the real translation too


@pytest.mark.model
def test_cli_several_targets(targets):
    result = CliRunner().invoke(main, ["compare", str(EN), *targets, "--src-lang", "en", "--tgt-lang", "nb"])
    assert result.exit_code == 0, result.stderr
    assert "dropped.nb.txt" in result.output and "numbers.nb.txt" in result.output
    result = CliRunner().invoke(main, ["compare", str(EN), *targets, "-f", "csv"])
    assert result.exit_code == 2 and "several targets" in result.stderr


def test_html_matrix(multi):
    html = multi.render("html")
    assert "<table" in html and "dropped.nb.txt" in html and "missing" in html
