"""Findings on the ClickSend pair (real encoder), severity rules and baselines."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from align.baseline import apply_baseline, write_baseline
from align.cli import main
from align.divergence import find_divergences
from align.document import document_from_text
from align.scoring.divergences import evaluate_divergences

from .conftest import CORPUS, GOLD


@pytest.fixture(scope="module")
def gold_divergences():
    return json.loads((GOLD / "divergences.json").read_text(encoding="utf-8"))["divergences"]


def test_every_gold_divergence_found_with_its_kind(clicksend_raw_report, gold_divergences):
    result = evaluate_divergences(clicksend_raw_report.to_dict(), gold_divergences)
    missed = [i for i in result.items if not i["kind_ok"]]
    assert not missed, missed
    assert len(result.unmatched) <= 2, [f["message"] for f in result.unmatched]


def test_sydney_evidence(clicksend_raw_report):
    partial = [f for f in clicksend_raw_report.divergences
               if f.kind == "partial" and "Sydney" in clicksend_raw_report.source.segments[f.source[0]].text]
    assert len(partial) == 1
    words = {e.text for e in partial[0].evidence}
    assert {"Sydney", "Australia", "two"} <= words
    assert partial[0].severity == "critical"
    assert "flere" in partial[0].message


def test_meaning_flip_is_critical(clicksend_raw_report):
    flips = [f for f in clicksend_raw_report.divergences if f.kind == "meaning"]
    assert len(flips) == 1 and flips[0].severity == "critical"
    assert flips[0].evidence[0].text == "deidentified"


def test_severity_of_unpaired_segments():
    from align.aligner import Bead

    src = document_from_text("Privacy\nAll data is stored securely and encrypted.\nWe like cookies very much indeed.",
                             "s", "en", presegmented=True)
    tgt = document_from_text("Personvern", "t", "nb", presegmented=True)
    beads = [Bead((0,), (0,), 0.9, 1.1), Bead((1,), ()), Bead((2,), ())]
    found = {f.source: f for f in find_divergences(src, tgt, beads)}
    assert found[(1,)].severity == "critical"      # a promise ("all", stored securely) is dropped
    assert found[(2,)].severity == "major"
    assert found[(1,)].kind == "omission" and found[(1,)].mqm == "omission"


def test_baseline_survives_edits_elsewhere(clicksend_raw_report, encoder, tmp_path):
    from align.pipeline import compare

    base = tmp_path / "accepted.json"
    write_baseline(base, [clicksend_raw_report])
    edited_text = clicksend_raw_report.target.text.rstrip() + "\n\nVi selger aldri dataene dine til 7 partnere.\n"
    edited = document_from_text(edited_text, "edited.no.txt", "nb")
    report = compare(clicksend_raw_report.source, edited, encoder=encoder)
    apply_baseline(report, base)
    open_ = report.open_findings()
    assert len(open_) == 1 and open_[0].kind == "addition"
    assert sum(f.accepted for f in report.divergences) == len(clicksend_raw_report.divergences)


@pytest.mark.model
def test_check_exit_codes_and_baseline(tmp_path):
    runner = CliRunner()
    en, no = str(CORPUS / "clicksend/privacy.en.txt"), str(CORPUS / "clicksend/privacy.no.txt")
    base = str(tmp_path / "accepted.json")
    result = runner.invoke(main, ["check", en, no, "--fail-on", "critical"])
    assert result.exit_code == 1, result.output
    assert "Sydney" in result.output
    result = runner.invoke(main, ["check", en, no, "--fail-on", "minor", "--baseline", base, "--update-baseline"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["check", en, no, "--fail-on", "minor", "--baseline", base])
    assert result.exit_code == 0
    result = runner.invoke(main, ["eval", "divergences", "--gold", str(GOLD / "divergences.json"), base])
    assert result.exit_code == 2 and "not a clausealign report" in result.stderr
