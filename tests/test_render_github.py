"""GitHub Actions annotation lines: one workflow command per open finding, escaped as Actions reads them."""
from __future__ import annotations

import copy
import re

from align.render import render, render_multi

from .helpers import accept

LINE = re.compile(r"::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)")


def test_one_line_per_open_finding(report):
    out = render(report, "github")
    assert out == render(report, "github") and out.endswith("\n")
    lines = out.splitlines()
    assert len(lines) == 9
    parsed = [LINE.fullmatch(line).groups() for line in lines]
    assert [p[0] for p in parsed] == ["error"] * 5 + ["warning"] * 2 + ["notice"] * 2
    assert lines[1] == ("::error file=corpus/clicksend/privacy.en.txt,line=21,col=36,title=critical partial "
                        "[23]%3A[22]::target leaves out 'Sydney', 'Australia'; number 'two' (2) has no counterpart "
                        "in the target (which says 'flere' there) (target: corpus/clicksend/privacy.no.txt:19:1)")
    assert parsed[5][1:4] == ("corpus/clicksend/privacy.no.txt", "19", "547")  # an addition: in the target
    assert len(render(accept(report, target=[58]), "github").splitlines()) == 8

def test_several_targets(multi):
    lines = render_multi(multi, "github").splitlines()
    assert len(lines) == sum(len(r["divergences"]) for r in multi["reports"])
    assert any("(target: tests/data/privacy.edited.no.txt" in line for line in lines)


def test_escaping(report):
    data = copy.deepcopy(report)
    data["target"]["path"] = "docs/a,b:c%.txt"
    finding = next(d for d in data["divergences"] if d["target"] == [30])
    finding["message"] = "50% off\nsecond line\r"
    line = next(line for line in render(data, "github").splitlines() if "[]%3A[30]" in line)
    assert line.startswith("::warning file=docs/a%2Cb%3Ac%25.txt,line=19,col=547,")
    assert line.endswith("::50%25 off%0Asecond line%0D (target: docs/a,b:c%25.txt:19:547)")
    assert "\n" not in line


def test_no_findings_no_lines(report):
    data = copy.deepcopy(report)
    data["divergences"] = []
    assert render(data, "github") == ""
