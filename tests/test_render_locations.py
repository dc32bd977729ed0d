"""Segment locations in the reports: labels, the text report's findings and table, the HTML page."""
from __future__ import annotations

import copy

import pytest

from align.render import render
from align.render.table import finding_location, location_label
from align.schemas import validate


@pytest.mark.parametrize("location, label", [
    ({"line": 21, "column": 1, "end_line": 21, "end_column": 120}, "line 21:1"),
    ({"paragraph": 11}, "paragraph 11"),
    ({"table": 1, "row": 2, "cell": 3, "paragraph": 1}, "table 1 row 2 cell 3"),
    ({"table": 1, "row": 2, "cell": 3, "paragraph": 2}, "table 1 row 2 cell 3 paragraph 2"),
    ({"page": 2, "line": 4, "column": 7, "end_line": 4, "end_column": 30}, "page 2 line 4:7"),
    (None, ""),
])
def test_location_label(location, label):
    assert location_label(location) == label


def test_the_report_fixture_carries_locations(report):
    validate(report, "report", "clicksend-report.json")
    sydney = next(f for f in report["divergences"] if f["source"] == [23])
    assert finding_location(report, sydney) == "source line 21:1, target line 19:1"
    dropped = next(f for f in report["divergences"] if f["source"] == [2])
    assert finding_location(report, dropped) == "source line 5:1"


def test_text_and_html_show_locations(report):
    text = render(report, "text")
    assert "CRITICAL partial [23]:[22] mqm omission\n  at source line 21:1, target line 19:1\n" in text
    assert ("\n  line 5:1                             │\n"
            "  Last updated: September 2015         │ ✗ not in target\n") in text
    page = render(report, "html")
    assert '<span class="loc">source line 21:1, target line 19:1</span>' in page
    assert 'title="segment id; line 21:1">23</span>' in page


def test_reports_without_locations_render_as_before(report):
    bare = copy.deepcopy(report)
    for side in ("source", "target"):
        for segment in bare[side]["segments"]:
            segment.pop("location")
    text = render(bare, "text")
    assert "  at " not in text and "line 5:1" not in text
    assert "\n[2]:[]  0.00  DROPPED  ! critical omission\n  Last updated: September 2015" in text
    assert 'class="loc"' not in render(bare, "html")
