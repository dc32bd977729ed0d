"""The ClickSend pair as HTML, Markdown and DOCX through the real pipeline: the same findings as the
plain text (9 of 9 gold divergences, nothing else), and locations in the original files."""
from __future__ import annotations

import json

import pytest

from align.pipeline import compare
from align.render import render
from align.schemas import validate
from align.scoring.divergences import evaluate_divergences

from .conftest import GOLD
from .helpers import DATA

FORMATS_DATA = DATA / "formats"
GOLD_ITEMS = json.loads((GOLD / "divergences.json").read_text(encoding="utf-8"))["divergences"]


def findings(report) -> set[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return {(f.kind, tuple(f.source), tuple(f.target)) for f in report.divergences}


@pytest.fixture(scope="module", params=["html", "md", "docx"])
def format_report(request, encoder):
    suffix = request.param
    return suffix, compare(str(FORMATS_DATA / f"privacy.en.{suffix}"), str(FORMATS_DATA / f"privacy.no.{suffix}"),
                           src_lang="en", tgt_lang="nb", encoder=encoder)


def test_same_findings_as_the_plain_text(format_report, clicksend_raw_report):
    suffix, report = format_report
    assert findings(report) == findings(clicksend_raw_report), suffix
    assert [b.source for b in report.beads] == [b.source for b in clicksend_raw_report.beads]
    assert [b.target for b in report.beads] == [b.target for b in clicksend_raw_report.beads]
    result = evaluate_divergences(report.to_dict(), GOLD_ITEMS)
    assert (sum(i["found"] for i in result.items), sum(i["kind_ok"] for i in result.items)) == (9, 9), suffix
    assert result.unmatched == [], suffix


def test_reports_show_where_the_findings_are(format_report):
    suffix, report = format_report
    data = report.to_dict()
    validate(data, "report", f"privacy.{suffix}.json")
    sydney = next(f for f in report.divergences if f.kind == "partial" and "Sydney" in f.message)
    located = data["source"]["segments"][sydney.source[0]]["location"]
    if suffix == "docx":
        assert located == {"paragraph": 11}          # title, heading, date, heading, 2 paragraphs, heading ...
        expected = "at source paragraph 11, target paragraph 10"
    else:
        lines = (FORMATS_DATA / f"privacy.en.{suffix}").read_text(encoding="utf-8").splitlines()
        assert lines[located["line"] - 1][located["column"] - 1:].startswith("ClickSend")
        expected = f"at source line {located['line']}:{located['column']}, target line "
    assert expected in render(data, "text", show="findings")
    assert expected.removeprefix("at ") in render(data, "html")
