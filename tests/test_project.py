"""Projects: clausealign.toml read and checked, its policy applied (severity overrides, disabled kinds,
ignore patterns), found in the current folder or given with --config, overridden by options."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import align.encoders
from align.aligner import Bead
from align.bilingual import Unit, paired_documents
from align.cli import main
from align.divergence import DivergenceConfig, find_divergences
from align.errors import InputError
from align.glossary import Glossary, Term
from align.pipeline import check_pairs
from align.project import find_project, load_project

FULL = """src-lang = "en"
tgt-lang = "NO"
fail-on = "critical"
baseline = "qa/accepted.json"
glossary = "qa/terms.csv"
ignore = ["^Copyright", "Pty Ltd"]

[checks.number]
severity = "major"

[checks.moved]
enabled = false
"""
TERMS = "source,target,type\ndata centre,datasenter|datasentre,required\nClickSend,,dnt\n"
XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="p" source-language="en-US" target-language="nb-NO" datatype="plaintext"><body>
    <trans-unit id="dc"><source>Our servers are located in a secure data centre in Sydney.</source>
      <target>Serverne våre er plassert i en sikker datasentral i Sydney.</target></trans-unit>
    <trans-unit id="brand"><source>ClickSend adheres strictly to permission-based email policy.</source>
      <target>ClickSend følger strenge retningslinjer for tillatelsesbasert e-post.</target></trans-unit>
    <trans-unit id="years"><source>Data is only retained for billing and accounting purposes for up to 7 years or as
      required by law.</source><target>Data lagres bare for fakturerings- og regnskapsmessige formål i opptil 7 år eller
      som loven krever.</target></trans-unit>
  </body></file>
</xliff>
"""


def _project(tmp_path, text: str = FULL, terms: str = TERMS) -> str:
    (tmp_path / "qa").mkdir(exist_ok=True)
    (tmp_path / "qa" / "terms.csv").write_text(terms, encoding="utf-8")
    path = tmp_path / "clausealign.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_load_project(tmp_path):
    project = load_project(_project(tmp_path))
    assert (project.src_lang, project.tgt_lang, project.fail_on) == ("en", "nb", "critical")
    assert project.baseline == str(tmp_path / "qa" / "accepted.json")
    assert project.divergence == DivergenceConfig(severity={"number": "major"}, disabled=frozenset({"moved"}),
                                                  ignore=("^Copyright", "Pty Ltd"))
    assert project.glossary is not None
    assert [(t.type, t.source) for t in project.glossary.terms] == [("required", "data centre"), ("dnt", "ClickSend")]


def test_an_empty_project_is_the_defaults(tmp_path):
    project = load_project(_project(tmp_path, ""))
    assert (project.src_lang, project.fail_on, project.baseline, project.glossary) == (None, None, None, None)
    assert project.divergence == DivergenceConfig()


def test_found_in_the_folder(tmp_path):
    assert find_project(str(tmp_path)) is None
    _project(tmp_path, "")
    assert find_project(str(tmp_path)) == str(tmp_path / "clausealign.toml")


@pytest.mark.parametrize(("text", "message"), [
    ("fail_on = 'major'", "unknown key 'fail_on' (expected src-lang, tgt-lang, fail-on, baseline, glossary, "
                          "ignore, checks)"),
    ("src-lang = en", "not valid TOML (Invalid value (at line 1, column 12))"),
    ("fail-on = 'serious'", "fail-on must be one of critical, major, minor, never, not 'serious'"),
    ("tgt-lang = 'xx-nope-nope'", "tgt-lang: unknown language code 'xx-nope-nope'"),
    ("tgt-lang = 5", "tgt-lang must be a string, not int"),
    ("[checks.numbers]\nseverity = 'major'", "unknown finding kind 'numbers' (expected one of unrelated, omission"),
    ("[checks.number]\nseverity = 'high'", "severity of number must be one of critical, major, minor, not 'high'"),
    ("[checks.number]\nenabled = 'no'", "[checks.number] enabled must be true or false"),
    ("[checks.number]\nlevel = 'major'", "[checks.number] takes enabled = true|false and severity ="),
    ("ignore = ['(unclosed']", "ignore pattern '(unclosed' is not a valid regular expression"),
    ("ignore = 'one'\nglossary = 3", "glossary must be a string or a list of strings"),
    ("glossary = 'qa/missing.csv'", "qa/missing.csv: no such file"),
])
def test_bad_project_is_one_line(tmp_path, text, message):
    with pytest.raises(InputError, match=re.escape(message)) as info:
        load_project(_project(tmp_path, text))
    assert str(info.value).startswith(str(tmp_path)) and "\n" not in str(info.value)


def test_bad_glossary_row_names_the_glossary(tmp_path):
    with pytest.raises(InputError, match=re.escape(f"{tmp_path}/qa/terms.csv: row 4: unknown type 'sometimes'")):
        load_project(_project(tmp_path, "glossary = ['qa/terms.csv']", TERMS + "a,b,sometimes\n"))


# -------------------------------------------------------------------------------------------- the policy

def _findings(config: DivergenceConfig, glossary: Glossary | None = None) -> list[tuple[str, str, int]]:
    pairs = [("We keep data for 7 years.", "Vi lagrer data i 5 år."),
             ("Copyright 2020 ClickSend Pty Ltd.", "Copyright 2021 ClickSend Pty Ltd."),
             ("Our data centre is safe.", "Vårt serverrom er trygt.")]
    docs = paired_documents("t", [Unit(str(i), s, t) for i, (s, t) in enumerate(pairs)], "en", "nb")
    beads = [Bead((i,), (i,), 0.9) for i in range(len(pairs))]
    found = find_divergences(docs.source, docs.target, beads, config=config, glossary=glossary)
    return [(f.kind, f.severity, f.source[0]) for f in found]


def test_policy_overrides_disables_and_ignores():
    assert _findings(DivergenceConfig()) == [("number", "critical", 0), ("number", "critical", 1)]
    assert _findings(DivergenceConfig(severity={"number": "minor"})) == [("number", "minor", 0), ("number", "minor", 1)]
    assert _findings(DivergenceConfig(ignore=("^Copyright",))) == [("number", "critical", 0)]
    assert _findings(DivergenceConfig(disabled=frozenset({"number"}))) == []
    glossary = Glossary((Term("required", "data centre", ("datasenter",)),))
    assert _findings(DivergenceConfig(severity={"terminology": "critical"}, ignore=("5 år",)), glossary) == [
        ("number", "critical", 1), ("terminology", "critical", 2)]


# -------------------------------------------------------------------------------------------- the CLI

def test_cli_reads_the_folders_project_before_anything_else(tmp_path, monkeypatch):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: pytest.fail("model loaded"))
    _project(tmp_path, FULL, TERMS + "x,,forbidden\n")
    (tmp_path / "in.xlf").write_text(XLIFF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "in.xlf", "-f", "json", "-o", "out.json"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["align: error: qa/terms.csv: row 4: a forbidden term needs a target"]
    assert not (tmp_path / "out.json").exists()


def test_cli_config_must_exist(tmp_path):
    result = CliRunner().invoke(main, ["check", "a.xlf", "--config", str(tmp_path / "none.toml")])
    assert result.exit_code == 2 and "none.toml: no such file" in result.stderr


@pytest.mark.model
def test_cli_project_glossary_fail_on_and_overrides(tmp_path, monkeypatch, encoder):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: encoder)
    config = _project(tmp_path, 'tgt-lang = "nb"\nfail-on = "critical"\nglossary = "qa/terms.csv"\n')
    source = tmp_path / "in.xlf"
    source.write_text(XLIFF, encoding="utf-8")
    out = tmp_path / "r.json"

    def run(*args: str) -> tuple[int, dict]:
        result = CliRunner().invoke(main, ["check", str(source), "--config", config, "-f", "json", "-o", str(out),
                                           *args])
        return result.exit_code, json.loads(out.read_text(encoding="utf-8"))

    code, report = run()
    assert code == 0  # one major terminology finding, below the project's fail-on
    assert (report["source"]["lang"], report["target"]["lang"]) == ("en-US", "nb")  # the project's over the file's
    assert [(d["kind"], d["severity"], report["units"][d["source"][0]], d["message"]) for d in report["divergences"]] \
        == [("terminology", "major", "dc", f"'data centre' needs 'datasenter' or 'datasentre' in the target "
                                           f"(glossary {tmp_path / 'qa' / 'terms.csv'} row 2)")]
    assert run("--fail-on", "major")[0] == 1  # the option overrides the project
    assert run("--tgt-lang", "nn")[1]["target"]["lang"] == "nn"
    (tmp_path / "clausealign.toml").write_text('fail-on = "critical"\nglossary = "qa/terms.csv"\n'
                                               '[checks.terminology]\nseverity = "critical"\n', encoding="utf-8")
    assert run()[0] == 1


@pytest.mark.model
def test_check_pairs_takes_a_project(tmp_path, encoder):
    source = tmp_path / "in.xlf"
    source.write_text(XLIFF, encoding="utf-8")
    project = load_project(_project(tmp_path, 'glossary = "qa/terms.csv"\nignore = ["Sydney"]\n'))
    assert check_pairs(str(source), encoder=encoder, project=project).divergences == []
    explicit = check_pairs(str(source), encoder=encoder, project=project, divergence=DivergenceConfig())
    assert [f.kind for f in explicit.divergences] == ["terminology"]  # an explicit setting wins over the project
