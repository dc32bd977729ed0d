"""The whole pipeline on the ClickSend pair with the real default encoder and real FAISS."""
from __future__ import annotations

import json
from pathlib import Path

from align.scoring.alignment import read_beads, score_alignments

from .conftest import GOLD


def beads_of(report):
    return [(b.source, b.target) for b in report.beads]


def test_gold_segmentation_alignment(clicksend_gold_report):
    gold = read_beads(GOLD / "alignment.txt")
    pred = beads_of(clicksend_gold_report)
    scores = score_alignments([(gold, pred)])
    assert scores.strict_f1 >= 0.97, scores
    assert scores.lax_f1 == 1.0, scores
    for bead in [((2,), ()), ((24,), ()), ((), (30,)), ((), (38,)), ((), (58,)), ((), (61,))]:
        assert bead in pred, bead
    assert ((45, 46), (45, 46)) in pred and ((50,), (50, 51)) in pred


def test_pairs_cover_every_segment_once_in_order(clicksend_gold_report):
    report = clicksend_gold_report
    src = [i for s, _ in beads_of(report) for i in s]
    tgt = [j for _, t in beads_of(report) for j in t]
    assert src == list(range(len(report.source.segments)))
    assert tgt == list(range(len(report.target.segments)))


def test_raw_files_align_like_gold_segmentation(clicksend_raw_report, clicksend_gold_report):
    raw, gold = clicksend_raw_report, clicksend_gold_report
    assert [s.text for s in raw.source.segments] == [s.text for s in gold.source.segments]
    assert beads_of(raw) == beads_of(gold)


def test_json_report_schema(clicksend_raw_report):
    data = json.loads(clicksend_raw_report.render("json"))
    assert data["schema"] == "clausealign.report/1"
    assert set(data) == {"schema", "tool", "created", "model", "source", "target", "pairs", "moves", "divergences",
                         "summary"}
    seg = data["source"]["segments"][0]
    assert set(seg) == {"id", "text", "kind", "start", "end", "location"} and seg["location"]["line"] == 1
    text = Path(data["source"]["path"]).read_text(encoding="utf-8")
    lines = text.split("\n")
    for seg in data["source"]["segments"]:
        assert text[seg["start"]:seg["end"]] == seg["text"]
        where = seg["location"]
        assert lines[where["line"] - 1][where["column"] - 1:].startswith(seg["text"].split("\n")[0])
    assert set(data["pairs"][0]) == {"source", "target", "score", "margin"}
    assert data["source"]["lang"] == "en" and data["target"]["lang"] == "nb"
    finding = data["divergences"][0]
    assert set(finding) == {"id", "kind", "severity", "mqm", "source", "target", "message", "evidence", "accepted"}
    summary = data["summary"]
    assert summary["dropped"] == 2 and summary["added"] == 4 and summary["moved"] == 0 and data["moves"] == []


def test_deterministic(clicksend_raw_report, encoder):
    from align.pipeline import compare

    again = compare(clicksend_raw_report.source, clicksend_raw_report.target, encoder=encoder)
    a, b = clicksend_raw_report.to_dict(), again.to_dict()
    a.pop("created"), b.pop("created")
    assert a == b


def test_language_detection_when_not_given(encoder):
    from align.document import load_document

    from .conftest import CORPUS

    assert load_document(str(CORPUS / "clicksend/privacy.no.txt")).lang == "nb"
    assert load_document(str(CORPUS / "clickatell/privacy.en.md")).lang == "en"
