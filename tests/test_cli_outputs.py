"""The output side of the CLI: CI formats, per-target XLIFF, TMX/CSV options, the baseline's
text and reasons, and check's verdict line (passing or failing)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

import align.encoders
from align.cli import main

from .conftest import CORPUS, GOLD
from .helpers import MULTI_JSON, REPORT_JSON
from .test_render_sarif import sarif

EN = str(CORPUS / "clicksend/privacy.en.txt")
NO = str(CORPUS / "clicksend/privacy.no.txt")
GOLD_EN, GOLD_NO = str(GOLD / "en.lines"), str(GOLD / "no.lines")
LINES = ("--presegmented", "--src-lang", "en", "--tgt-lang", "nb")


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("align: error: "), result.stderr
    return lines[0]


@pytest.fixture
def shared_encoder(monkeypatch, encoder):
    """The CLI runs on the session's encoder instead of loading its own."""
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *_args, **_kwargs: encoder)


# -------------------------------------------------------------------------- align render (no model)

def test_render_sarif_and_junit(tmp_path):
    out = tmp_path / "results.sarif"
    assert run("render", REPORT_JSON, "-f", "sarif", "-o", out).exit_code == 0
    assert len(sarif(out.read_text(encoding="utf-8"))["runs"][0]["results"]) == 9
    result = run("render", REPORT_JSON, "-f", "junit", "--fail-on", "critical")
    assert result.exit_code == 0 and result.stdout.count("<failure ") == 5


def test_render_options(tmp_path):
    out = tmp_path / "r.csv"
    assert run("render", REPORT_JSON, "-f", "csv", "--bom", "-o", out).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsource_ids,")
    result = run("render", REPORT_JSON, "-f", "tmx", "--clean-only", "--clean-severity", "minor")
    assert result.exit_code == 0 and '<prop type="x-clean">minor</prop>' in result.stdout


@pytest.mark.parametrize("args, message", [
    (["-f", "json", "--bom"], "--bom applies to --format csv or tsv"),
    (["-f", "xliff", "--clean-only"], "--clean-only applies to --format tmx"),
])
def test_options_a_format_does_not_take(tmp_path, args, message):
    out = tmp_path / "out"
    assert message in one_line_error(run("render", REPORT_JSON, *args, "-o", out))
    assert not out.exists()


def test_render_xliff_one_file_per_target(tmp_path):
    result = run("render", MULTI_JSON, "-f", "xliff", "-o", tmp_path / "{name}.xlf")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["privacy.edited.no.xlf", "privacy.no.xlf"]
    assert result.stderr == f"align: wrote {tmp_path}/privacy.no.xlf, {tmp_path}/privacy.edited.no.xlf\n"
    assert 'target-language="nb"' in (tmp_path / "privacy.no.xlf").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, message", [
    ("review.xlf", "put {lang} or {name} in its file name"),
    ("review.{lang}.xlf", "/review.nb.xlf for two targets"),   # both targets are Norwegian
])
def test_render_xliff_paths_refused(tmp_path, name, message):
    line = one_line_error(run("render", MULTI_JSON, "-f", "xliff", "-o", tmp_path / name))
    assert message in line and not list(tmp_path.iterdir())


def test_render_multilingual_tmx_needs_one_language_per_target(tmp_path):
    line = one_line_error(run("render", MULTI_JSON, "-f", "tmx", "-o", tmp_path / "tm.tmx"))
    assert "one target per language" in line and not list(tmp_path.iterdir())


# -------------------------------------------------------------------------- compare/check, refused before the model

@pytest.mark.parametrize("args, message", [
    (["compare", EN, NO, NO, "-f", "xliff"], "put {lang} or {name} in its file name"),
    (["compare", EN, NO, NO, "-f", "tmx", "--tgt-lang", "nb"], "one target per language"),
    (["compare", EN, NO, NO, "-f", "csv"], "does not support several targets"),
    (["check", EN, NO, "--reason", "fine"], "--reason goes with --update-baseline"),
    (["check", EN, NO, "-f", "sarif", "--bom"], "--bom applies to"),
])
def test_refused_before_the_model(no_model, args, message):
    assert message in one_line_error(run(*args))


# -------------------------------------------------------------------------- with the model

def test_check_sarif_verdict_and_baseline_reasons(shared_encoder, tmp_path):
    out, base = tmp_path / "results.sarif", tmp_path / "accepted.json"
    result = run("check", GOLD_EN, GOLD_NO, *LINES, "-f", "sarif", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("align: ") and "at or above major" in result.stderr
    results = sarif(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert results and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)

    result = run("check", GOLD_EN, GOLD_NO, *LINES, "--baseline", base, "--update-baseline", "--reason", "signed off")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "align: no findings at or above major\n"
    entries = json.loads(base.read_text(encoding="utf-8"))["accepted"]
    assert len(entries) == len(results) and all(e["reason"] == "signed off" for e in entries)
    sydney = next(e for e in entries if "Sydney" in e.get("source_text", ""))
    assert sydney["target_text"].startswith("ClickSends servere")
    dropped = next(e for e in entries if e["kind"] == "omission")
    assert "target_text" not in dropped

    # a new finding later: accepted with its own reason, the old ones keep theirs
    edited = tmp_path / "no.lines"
    edited.write_text((GOLD / "no.lines").read_text(encoding="utf-8").replace("opptil 7 år", "opptil 3 år"),
                      encoding="utf-8")
    result = run("check", GOLD_EN, edited, *LINES, "--baseline", base)
    assert result.exit_code == 1 and result.stderr == "align: 1 finding at or above major: 1 critical\n"
    result = run("check", GOLD_EN, edited, *LINES, "--baseline", base, "--update-baseline", "--reason", "new")
    assert result.exit_code == 0
    reasons = [e["reason"] for e in json.loads(base.read_text(encoding="utf-8"))["accepted"]]
    assert sorted(set(reasons)) == ["new", "signed off"] and reasons.count("new") == 1


def test_check_passing_names_what_is_below_the_threshold(shared_encoder, tmp_path):
    result = run("check", GOLD_EN, GOLD_NO, *LINES, "--fail-on", "critical", "-f", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["divergences"]
    base = tmp_path / "criticals.json"
    base.write_text(json.dumps({"schema": "clausealign.baseline/1", "accepted": [
        {"id": f["id"]} for f in found if f["severity"] == "critical"]}), encoding="utf-8")  # an old-style baseline
    result = run("check", GOLD_EN, GOLD_NO, *LINES, "--fail-on", "critical", "--baseline", base)
    below = {s: sum(f["severity"] == s for f in found) for s in ("major", "minor")}
    assert result.exit_code == 0
    assert result.stderr == (f"align: no findings at or above critical ({below['major']} major, {below['minor']} minor "
                             "below it)\n")
    result = run("compare", GOLD_EN, GOLD_EN, "--presegmented", "--src-lang", "en", "--tgt-lang", "en",
                 "--fail-on", "minor", "-f", "github")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "align: no findings at or above minor\n"


def test_compare_xliff_per_target(shared_encoder, tmp_path):
    other = tmp_path / "other.no.lines"
    shutil.copy(GOLD_NO, other)
    result = run("compare", GOLD_EN, GOLD_NO, other, *LINES, "-f", "xliff", "-o", tmp_path / "{name}.{lang}.xlf")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.xlf")) == ["no.nb.xlf", "other.no.nb.xlf"]


def test_update_of_a_malformed_baseline_is_refused_before_the_model(no_model, tmp_path):
    base = tmp_path / "b.json"
    base.write_text('{"schema": "clausealign.baseline/1", "accepted": 5}', encoding="utf-8")
    assert str(base) in one_line_error(run("check", EN, NO, "--baseline", base, "--update-baseline"))
