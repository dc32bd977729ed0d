"""Baselines: entries keep the accepted text and an optional reason, still keyed by content id;
baselines written before (ids only, or without texts) still read."""
from __future__ import annotations

import json

import pytest

from align.aligner import Bead
from align.baseline import apply_baseline, read_baseline, write_baseline
from align.divergence import Finding
from align.document import document_from_text
from align.errors import FormatError, InputError
from align.report import Report
from align.schemas import validate


def report(*findings: Finding) -> Report:
    src = document_from_text("Title\nAll data is encrypted.\nWe keep it for 7 years.", "p.en.txt", "en",
                             presegmented=True)
    tgt = document_from_text("Tittel\nVi lagrer dem i 3 år.\nEkstra.", "p.nb.txt", "nb", presegmented=True)
    beads = [Bead((0,), (0,), 0.9), Bead((1,), ()), Bead((2,), (1,), 0.8), Bead((), (2,))]
    return Report("test", src, tgt, beads, list(findings))


OMISSION = Finding("omission", "critical", (1,), (), "segment has no translation", key="o")
NUMBER = Finding("number", "critical", (2,), (1,), "7 became 3", key="n")
ADDITION = Finding("addition", "minor", (), (2,), "added", key="a")


def entries(path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    validate(data, "baseline", str(path))
    return {e["kind"]: e for e in data["accepted"]}


def test_entries_keep_the_text_and_the_reason(tmp_path):
    base = tmp_path / "b.json"
    write_baseline(base, [report(OMISSION, NUMBER)], "reviewed by legal")
    found = entries(base)
    assert found["number"] == {"id": NUMBER.id, "kind": "number", "severity": "critical", "target_file": "p.nb.txt",
                               "message": "7 became 3", "source_text": "We keep it for 7 years.",
                               "target_text": "Vi lagrer dem i 3 år.", "reason": "reviewed by legal"}
    assert "target_text" not in found["omission"] and found["omission"]["source_text"] == "All data is encrypted."
    assert read_baseline(base) == {OMISSION.id, NUMBER.id}


def test_update_keeps_old_reasons_and_drops_what_is_gone(tmp_path):
    base = tmp_path / "b.json"
    write_baseline(base, [report(OMISSION, NUMBER)])
    assert "reason" not in entries(base)["number"]
    write_baseline(base, [report(NUMBER, ADDITION)], "heading added on purpose")
    found = entries(base)
    assert set(found) == {"number", "addition"}
    assert "reason" not in found["number"] and found["addition"]["reason"] == "heading added on purpose"
    write_baseline(base, [report(NUMBER, ADDITION)], "another")
    assert entries(base)["addition"]["reason"] == "heading added on purpose"


def test_old_baselines_still_read(tmp_path):
    base = tmp_path / "old.json"
    base.write_text(json.dumps({"schema": "clausealign.baseline/1", "accepted": [
        {"id": NUMBER.id}, {"id": OMISSION.id, "kind": "omission", "severity": "critical",
                            "target_file": "p.nb.txt", "message": "m"}]}), encoding="utf-8")
    r = report(Finding("number", "critical", (2,), (1,), "7 became 3", key="n"), ADDITION)
    apply_baseline(r, base)
    assert [f.accepted for f in r.divergences] == [True, False]
    write_baseline(base, [r], "now with text")
    assert entries(base)["number"]["source_text"] == "We keep it for 7 years."


def test_bad_baselines(tmp_path):
    with pytest.raises(InputError, match="no such baseline file"):
        read_baseline(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "clausealign.baseline/1", "accepted": [{"id": "x", "reason": 5}]}', encoding="utf-8")
    with pytest.raises(FormatError):
        write_baseline(bad, [report(NUMBER)])
