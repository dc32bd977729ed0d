"""Where findings are in the files (align/render/ci.py): the places every CI format points at."""
from __future__ import annotations

import copy
import re

import pytest

from align.errors import FormatError
from align.render.ci import file_path, kind_help, kinds, places, position

from .conftest import ROOT


def file_text(path: str, line: int, column: int, end_column: int) -> str:
    """What a one-line span of a file holds (columns 1-based, end exclusive)."""
    return (ROOT / path).read_text(encoding="utf-8").splitlines()[line - 1][column - 1:end_column - 1]


def test_position_counts_on_through_the_segment():
    segment = {"text": "Title\r\nsecond line\nthird", "location": {"line": 4, "column": 3}}
    assert position(segment, 0) == (4, 3)
    assert position(segment, 5) == (4, 8)
    assert position(segment, 7) == (5, 1)
    assert position(segment, 10) == (5, 4)
    assert position(segment, 20) == (6, 2)
    assert position({"text": "x"}, 0) is None                       # no location (an older report)
    assert position({"text": "x", "location": {"paragraph": 3}}, 0) is None   # DOCX: no lines


def test_evidence_places_point_at_the_evidence_in_the_file(report):
    checked = 0
    for finding in report["divergences"]:
        evidence = iter(finding["evidence"])
        for place in places(report, finding):
            assert place.path.startswith("corpus/clicksend/") and place.line and place.end_line == place.line
            text = file_text(place.path, place.line, place.column, place.end_column)
            if re.fullmatch(r"segment \d+", place.label):  # a finding without evidence on this side
                segment = report[place.side]["segments"][int(place.label.split()[1])]
                assert text == segment["text"]
            else:
                ev = next(evidence)
                assert (place.side, text) == (ev["side"], ev["text"])
                checked += 1
    assert checked >= 10


def test_sydney_places(report):
    sydney = next(f for f in report["divergences"] if f["source"] == [23])
    found = places(report, sydney)
    assert [str(p) for p in found] == ["corpus/clicksend/privacy.en.txt:21:36", "corpus/clicksend/privacy.en.txt:21:63",
                                       "corpus/clicksend/privacy.en.txt:21:71", "corpus/clicksend/privacy.no.txt:19:1"]
    assert [p.label for p in found] == ["number 'two'", "entity 'Sydney'", "entity 'Australia'", "segment 22"]


def test_document_level_findings_point_at_the_files():
    report = {"source": {"path": "a.en.txt", "segments": []}, "target": {"path": "a.nb.txt", "segments": []}}
    found = places(report, {"kind": "untranslated", "source": [], "target": []})
    assert [(p.side, str(p)) for p in found] == [("target", "a.nb.txt:1:1"), ("source", "a.en.txt:1:1")]


def test_without_locations_places_name_the_file_only(report):
    data = copy.deepcopy(report)
    for side in ("source", "target"):
        for segment in data[side]["segments"]:
            del segment["location"]
    found = places(data, data["divergences"][1])
    assert found and all(p.line is None and str(p) == p.path for p in found)


def test_unknown_segment_is_a_format_error(report):
    finding = dict(report["divergences"][0], source=[999], evidence=[])
    with pytest.raises(FormatError, match="source segment 999"):
        places(report, finding)


@pytest.mark.parametrize("path, expected", [
    ("pairs.tsv#source", "pairs.tsv"), ("pairs.tsv#target", "pairs.tsv"), ("a#b.txt", "a#b.txt"), ("x.txt", "x.txt"),
])
def test_file_path(path, expected):
    assert file_path(path) == expected


def test_every_kind_is_described(report):
    assert kinds([report])[:3] == ["unrelated", "omission", "addition"]
    assert all(kind_help(kind).endswith(".") for kind in kinds([report]))
    assert "terminology" in kinds([{"divergences": [{"kind": "terminology"}]}])
    assert kind_help("terminology") == "A clausealign 'terminology' finding."
