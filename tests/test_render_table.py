"""TSV, CSV, alignment and JSON output, and the coverage matrix model."""
from __future__ import annotations

import copy
import csv
import io
import json
import re

import pytest

from align.errors import FormatError
from align.render import render, render_multi
from align.render.table import COLUMNS, column_labels, coverage
from align.vocab import FORMATS

from .conftest import GOLD
from .helpers import accept, segment_text

TRICKY = ['He said "no, never", then left.', "a\tb\tc", "line one\nline two\r\nline three", "back\\slash \\t",
          "=SUM(A1:A2)", ""]
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run: such cells get a ' in front


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA) else text


@pytest.fixture(scope="module")
def tricky(report) -> dict:
    data = copy.deepcopy(report)
    for i, text in enumerate(TRICKY):
        data["source"]["segments"][i + 3]["text"] = text
        data["target"]["segments"][i + 2]["text"] = text[::-1]
    return data


def segment_texts(report: dict, pair: dict) -> tuple[str, str]:
    """The bead's two texts as a spreadsheet cell shows them."""
    return (neutralised(segment_text(report, "source", pair["source"])),
            neutralised(segment_text(report, "target", pair["target"])))


def test_formats():
    assert FORMATS == ("text", "json", "alignment", "tsv", "csv", "html", "tmx", "xliff", "sarif", "junit", "github")


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
    assert rows[8][2] == "'=SUM(A1:A2)" and rows[8][3] == ")2A:1A(MUS="  # a formula is not run


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
    assert many["target_text"].startswith("I sjeldne tilfeller") and ". Da kan vi" in many["target_text"]
    assert next(r for r in rows if r["source_ids"] == "50")["target_ids"] == "50 51"
    sydney = next(r for r in rows if r["source_ids"] == "23")
    assert sydney["findings"] == ("critical partial: target leaves out 'Sydney', 'Australia'; number 'two' (2) "
                                  "has no counterpart in the target (which says 'flere' there)")
    omitted = next(r for r in rows if r["source_ids"] == "24")
    assert omitted["findings"] == ("critical omission: segment has no translation: 'All data is stored securely "
                                   "and encrypted.'")
    assert next(r for r in rows if r["source_ids"] == "29")["findings"].startswith("critical meaning: meaning flip")
    dropped = next(r for r in rows if r["source_ids"] == "2")
    assert dropped["target_ids"] == "" and dropped["target_text"] == ""
    rows = list(csv.DictReader(io.StringIO(render(accept(report, target=[58]), "csv"), newline="")))
    accepted = next(r for r in rows if r["target_ids"] == "58")
    assert accepted["findings"] == "minor addition: heading has no counterpart in the source: 'Spørsmål?' (accepted)"


def test_severity_and_kind_columns(report):
    data = copy.deepcopy(report)  # a second, major finding on the Sydney bead
    data["divergences"].append({"id": "0123456789ab", "kind": "url", "severity": "major", "mqm": "mistranslation",
                                "source": [23], "target": [22], "message": "link differs", "evidence": []})
    rows = {r["source_ids"]: r for r in csv.DictReader(io.StringIO(render(data, "csv"), newline=""))}
    assert (rows["23"]["severity"], rows["23"]["kind"]) == ("critical", "partial url")
    assert (rows["24"]["severity"], rows["24"]["kind"]) == ("critical", "omission")
    assert (rows["0"]["severity"], rows["0"]["kind"]) == ("", "")
    accepted = {r["target_ids"]: r for r in csv.DictReader(io.StringIO(render(accept(report, target=[58]), "csv"),
                                                                         newline=""))}
    assert (accepted["58"]["severity"], accepted["58"]["kind"]) == ("", "")  # accepted: not open
    header = render(report, "tsv").split("\n")[0].split("\t")
    assert header == list(COLUMNS) and header[5:7] == ["severity", "kind"]


def test_bom_for_excel(report):
    plain, marked = render(report, "csv"), render(report, "csv", bom=True)
    assert not plain.startswith("\ufeff") and marked == "\ufeff" + plain
    assert marked.encode("utf-8").startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(marked.encode("utf-8").decode("utf-8-sig"), newline="")))
    assert rows[0]["source_ids"] == "0"
    assert render(report, "tsv", bom=True) == "\ufeff" + render(report, "tsv")


def test_show_findings_keeps_beads_with_open_findings(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", show="findings"), newline="")))
    assert [(r["source_ids"], r["target_ids"]) for r in rows] == [
        ("2", ""), ("23", "22"), ("24", ""), ("25", "23"), ("29", "27"), ("", "30"), ("", "38"), ("", "58"),
        ("", "61")]
    assert len(render(report, "tsv", show="findings").splitlines()) == 10
    # a bead whose only finding is accepted is left out
    baseline = accept(report, target=[58])
    rows = list(csv.DictReader(io.StringIO(render(baseline, "csv", show="findings"), newline="")))
    assert [(r["source_ids"], r["target_ids"]) for r in rows] == [
        ("2", ""), ("23", "22"), ("24", ""), ("25", "23"), ("29", "27"), ("", "30"), ("", "38"), ("", "61")]
    assert len(render(baseline, "tsv", show="findings").splitlines()) == 9


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


def test_coverage_cells(multi):
    cov = coverage(multi)
    assert len(cov.rows) == 59 and all(len(row) == 2 for row in cov.rows)
    statuses = [(row[0].status, row[1].status) for row in cov.rows]
    assert statuses[0] == ("ok", "ok")
    assert statuses[24] == ("missing", "missing")
    # the edited translation: sentences 26 and 28 dropped, 'opptil 7 år' became 'opptil 3 år'
    assert statuses[26] == statuses[28] == ("ok", "missing")
    changed = cov.rows[27][1]
    assert (changed.status, changed.severity, changed.kind) == ("changed", "critical", "number")
    assert changed.messages == ("number '7' (7) has no counterpart in the target; number '3' (3) has no "
                                "counterpart in the source",)
    # "Last updated: September 2015" is missing from both translations
    assert statuses[2] == ("missing", "missing")
    first, second = cov.rows[23]
    assert (first.status, first.severity, first.kind) == ("changed", "critical", "partial")
    assert "Sydney" in first.messages[0] and second == first
    assert sum(s != ("ok", "ok") for s in statuses) == 8
    # a finding accepted in one target's baseline leaves that cell ok
    baseline = dict(multi, reports=[multi["reports"][0], accept(multi["reports"][1], source=[29])])
    row = coverage(baseline).rows[29]
    assert (row[0].severity, row[0].kind, row[1].status) == ("critical", "meaning", "ok")


def test_render_multi_json(multi):
    assert json.loads(render_multi(multi, "json")) == multi
