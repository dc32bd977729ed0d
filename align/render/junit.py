"""JUnit XML (Jenkins, GitLab, Azure and the test-report actions): one test case per bead.

A bead whose open findings reach ``fail_on`` fails, with one ``<failure>`` per such finding
naming file, line and column of every place it points at; findings below the threshold and
accepted ones are listed in ``<system-out>``. Document-level findings make a ``document`` test
case. Several targets: one ``<testsuite>`` each. Valid against the Jenkins ``junit-10.xsd``.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..vocab import severity_rank as rank
from .ci import file_path, findings, places, title
from .table import beads, check, check_multi
from .text import clip
from .xmlutil import serialize, sub

NAME_WIDTH = 60


def _details(report: dict, finding: dict) -> str:
    lines = [f"{title(finding)} (mqm {finding.get('mqm', '?')})", finding["message"]]
    return "\n".join(lines + [f"{place}: {place.side} {place.label}" for place in places(report, finding)])


def _case(suite: ET.Element, name: str, classname: str, report: dict, found: list[dict], fail_on: str) -> bool:
    case = sub(suite, "testcase", name=name, classname=classname)
    failing = [f for f in found if not f.get("accepted") and rank(f["severity"]) <= rank(fail_on)]
    for finding in failing:
        sub(case, "failure", _details(report, finding), type=finding["kind"],
            message=f"{finding['severity']} {finding['kind']}: {finding['message']}")
    passing = [("accepted in baseline: " if f.get("accepted") else f"below --fail-on {fail_on}: ")
               + _details(report, f) for f in found if f not in failing]
    if passing:
        sub(case, "system-out", "\n\n".join(passing))
    return bool(failing)


def _suite(root: ET.Element, report: dict, fail_on: str) -> tuple[int, int]:
    source, target = file_path(report["source"]["path"]), file_path(report["target"]["path"])
    suite = sub(root, "testsuite", name=f"clausealign {source} -> {target}", tests="0", failures="0", errors="0",
                skipped="0", timestamp=report.get("created", ""))
    props = sub(suite, "properties")
    for name, value in (("source", source), ("target", target), ("source-language", report["source"]["lang"]),
                        ("target-language", report["target"]["lang"]), ("model", report.get("model", "?")),
                        ("fail-on", fail_on)):
        sub(props, "property", name=name, value=value)
    by_bead: dict[int | None, list[dict]] = {}
    for finding, bead in findings(report):
        by_bead.setdefault(bead, []).append(finding)
    failed = int(_case(suite, "document", target, report, by_bead.get(None, []), fail_on))
    rows = beads(report)
    for row in rows:
        name = f"{row.label} {clip(row.source_text or row.target_text, NAME_WIDTH)}"
        failed += _case(suite, name, target, report, by_bead.get(row.index, []), fail_on)
    suite.set("tests", str(len(rows) + 1))
    suite.set("failures", str(failed))
    return len(rows) + 1, failed


def _junit(reports: list[dict], fail_on: str) -> str:
    root = ET.Element("testsuites", name="clausealign")
    counts = [_suite(root, report, fail_on) for report in reports]
    root.set("tests", str(sum(tests for tests, _ in counts)))
    root.set("failures", str(sum(failed for _, failed in counts)))
    root.set("errors", "0")
    return serialize(root)


def render_junit(report: dict, *, fail_on: str = "major") -> str:
    """One report as JUnit XML; beads with open findings at or above ``fail_on`` fail."""
    check(report)
    return _junit([report], fail_on)


def render_multi_junit(multi: dict, *, fail_on: str = "major") -> str:
    """A multi-target run as JUnit XML, one test suite per target."""
    check_multi(multi)
    return _junit(list(multi["reports"]), fail_on)
