"""TSV, CSV, alignment and JSON output, and the coverage matrix model."""
from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import pytest

from align.errors import FormatError
from align.render import render, render_multi
from align.render.table import COLUMNS, column_labels, coverage
from align.vocab import FORMATS

DATA = Path(__file__).parent / "data"
GOLD = Path(__file__).parent.parent / "eval" / "gold" / "clicksend-en-no"
TRICKY = ['He said "no, never", then left.', "a\tb\tc", "line one\nline two\r\nline three", "back\\slash \\t",
          "=SUM(A1:A2)", ""]


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads((DATA / "clicksend-report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tricky(report) -> dict:
    data = copy.deepcopy(report)
    for i, text in enumerate(TRICKY):
        data["source"]["segments"][i + 3]["text"] = text
        data["target"]["segments"][i + 2]["text"] = text[::-1]
    return data


def segment_texts(report: dict, pair: dict) -> tuple[str, str]:
    src = {s["id"]: s["text"] for s in report["source"]["segments"]}
    tgt = {s["id"]: s["text"] for s in report["target"]["segments"]}
    return " ".join(src[i] for i in pair["source"]), " ".join(tgt[i] for i in pair["target"])


def test_formats():
    assert FORMATS == ("text", "json", "alignment", "tsv", "csv", "html", "tmx", "xliff")


def test_csv_round_trips(tricky):
    out = render(tricky, "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == len(tricky["pairs"]) + 1
    for row, pair in zip(rows[1:], tricky["pairs"]):
        assert row[0] == " ".join(map(str, pair["source"]))
        assert row[1] == " ".join(map(str, pair["target"]))
        assert (row[2], row[3]) == segment_texts(tricky, pair)
        assert row[4] == f"{pair['score']:.2f}"
    assert rows[4][2] == TRICKY[0] and rows[6][2] == TRICKY[2]


def test_tsv_escapes_tabs_and_newlines(tricky):
    lines = render(tricky, "tsv").split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert lines[0].split("\t") == list(COLUMNS)
    assert len(lines) == len(tricky["pairs"]) + 1
    unescape = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
    for line, pair in zip(lines[1:], tricky["pairs"]):
        fields = line.split("\t")
        assert len(fields) == len(COLUMNS)
        decoded = [re.sub(r"\\[\\tnr]", lambda m: unescape[m.group()], f) for f in fields]
        assert (decoded[2], decoded[3]) == segment_texts(tricky, pair)


def test_multi_segment_beads_and_findings(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"), newline="")))
    many = next(r for r in rows if r["source_ids"] == "45 46")
    assert many["target_ids"] == "45 46"
    assert many["source_text"].startswith("On rare occasions") and " For instance," in many["source_text"]
    sydney = next(r for r in rows if r["source_ids"] == "23")
    assert sydney["findings"].startswith("critical partial: target leaves out 'in Sydney")
    accepted = next(r for r in rows if r["target_ids"] == "58")
    assert accepted["findings"].endswith("(accepted)")
    dropped = next(r for r in rows if r["source_ids"] == "2")
    assert dropped["target_ids"] == "" and dropped["target_text"] == ""


def test_show_findings_keeps_beads_with_open_findings(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", show="findings"), newline="")))
    assert [(r["source_ids"], r["target_ids"]) for r in rows] == [
        ("2", ""), ("23", "22"), ("24", ""), ("25", "23"), ("29", "27"), ("", "30"), ("", "38"), ("", "61")]
    assert len(render(report, "tsv", show="findings").splitlines()) == 9


def test_alignment_matches_gold(report):
    assert render(report, "alignment") == (GOLD / "alignment.txt").read_text(encoding="utf-8")


def test_json(report):
    out = render(report, "json")
    assert out.endswith("}\n") and json.loads(out) == report
    assert "Spørsmål?" in out  # not ASCII-escaped


def test_unknown_segment_is_a_format_error(report):
    data = copy.deepcopy(report)
    data["pairs"][0]["source"] = [999]
    with pytest.raises(FormatError, match="source segment 999"):
        render(data, "csv")
    with pytest.raises(FormatError):
        render({"schema": "something/else"}, "text")


@pytest.mark.parametrize("targets, labels", [
    ([("nb", "a/privacy.no.txt"), ("de", "a/privacy.de.txt")], ["nb", "de"]),
    ([("nb", "a/p.no.txt"), ("NB", "a/p.no-2020.txt"), ("de", "a/p.de.txt")],
     ["nb (p.no.txt)", "nb (p.no-2020.txt)", "de"]),
    ([("nb", "a/p.txt"), ("nb", "b/p.txt")], ["nb (a/p.txt)", "nb (b/p.txt)"]),
    ([("nb", "a/p.txt"), ("nb", "a/p.txt")], ["nb (a/p.txt) #1", "nb (a/p.txt) #2"]),
])
def test_column_labels(targets, labels):
    assert column_labels([{"target": {"lang": lang, "path": path}} for lang, path in targets]) == labels


def test_coverage_cells():
    multi = json.loads((DATA / "clicksend-multi.json").read_text(encoding="utf-8"))
    cov = coverage(multi)
    assert len(cov.rows) == 59 and all(len(row) == 2 for row in cov.rows)
    statuses = [(row[0].status, row[1].status) for row in cov.rows]
    assert statuses[0] == ("ok", "ok")
    assert statuses[2] == statuses[24] == ("missing", "missing")
    first, second = cov.rows[23]
    assert (first.status, first.severity, first.kind) == ("changed", "critical", "partial")
    assert "Sydney" in first.messages[0] and second.status == "ok"
    assert (cov.rows[29][0].severity, cov.rows[29][1].status) == ("critical", "ok")  # accepted in the second
    assert sum(s != ("ok", "ok") for s in statuses) == 5


def test_render_multi_json():
    multi = json.loads((DATA / "clicksend-multi.json").read_text(encoding="utf-8"))
    assert json.loads(render_multi(multi, "json")) == multi
