"""JUnit XML output: valid against the Jenkins junit-10.xsd (vendored from pytest's sdist; see
tests/data/README.md), one test case per bead plus ``document``, failures at ``fail_on``."""
from __future__ import annotations

import copy
from functools import lru_cache

import pytest
from lxml import etree

from align.render import render, render_multi

from .helpers import DATA, accept
from .helpers import parse_xml as parse


@lru_cache(maxsize=None)
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "junit-10.xsd")))


def junit(text: str) -> etree._Element:
    root = parse(text)
    assert xsd().validate(root), xsd().error_log.filter_from_errors()
    return root


def failed(root: etree._Element) -> list[str]:
    return [case.get("name").split()[0] for case in root.iter("testcase") if case.find("failure") is not None]


def test_valid_and_deterministic(report, multi):
    out = render(report, "junit")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n') and out == render(report, "junit")
    root = junit(out)
    suite = root.find("testsuite")
    assert suite.get("name") == "clausealign corpus/clicksend/privacy.en.txt -> corpus/clicksend/privacy.no.txt"
    assert suite.get("timestamp") == "2026-11-22T10:00:00Z"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["target-language"] == "nb" and props["fail-on"] == "major"
    junit(render_multi(multi, "junit"))


def test_one_case_per_bead_and_failures_at_fail_on(report):
    root = junit(render(report, "junit"))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(report["pairs"]) + 1 and cases[0].get("name") == "document"
    assert all(c.get("classname") == "corpus/clicksend/privacy.no.txt" for c in cases)
    assert failed(root) == ["[2]:[]", "[23]:[22]", "[24]:[]", "[25]:[23]", "[29]:[27]", "[]:[30]", "[]:[61]"]
    assert root.get("tests") == root.find("testsuite").get("tests") == str(len(cases))
    assert root.get("failures") == root.find("testsuite").get("failures") == "7"
    assert failed(junit(render(report, "junit", fail_on="critical"))) == [
        "[2]:[]", "[23]:[22]", "[24]:[]", "[25]:[23]", "[29]:[27]"]
    assert len(failed(junit(render(report, "junit", fail_on="minor")))) == 9


def test_failure_names_file_line_and_column(report):
    root = junit(render(report, "junit"))
    case = next(c for c in root.iter("testcase") if c.get("name").startswith("[23]:[22] "))
    assert case.get("name") == "[23]:[22] ClickSend’s servers are located in two secure data centres …"
    failure = case.find("failure")
    assert failure.get("type") == "partial"
    assert failure.get("message").startswith("critical partial: target leaves out 'Sydney'")
    assert failure.text.splitlines() == [
        "critical partial [23]:[22] (mqm omission)",
        "target leaves out 'Sydney', 'Australia'; number 'two' (2) has no counterpart in the target (which says "
        "'flere' there)",
        "corpus/clicksend/privacy.en.txt:21:36: source number 'two'",
        "corpus/clicksend/privacy.en.txt:21:63: source entity 'Sydney'",
        "corpus/clicksend/privacy.en.txt:21:71: source entity 'Australia'",
        "corpus/clicksend/privacy.no.txt:19:1: target segment 22"]


def test_findings_below_the_threshold_and_accepted_ones_pass(report):
    root = junit(render(accept(report, source=[29]), "junit"))
    assert "[29]:[27]" not in failed(root)
    cases = {c.get("name").split()[0]: c for c in root.iter("testcase")}
    assert cases["[29]:[27]"].findtext("system-out").startswith("accepted in baseline: critical meaning")
    assert cases["[]:[38]"].findtext("system-out").startswith("below --fail-on major: minor addition")
    assert cases["[0]:[0]"].find("system-out") is None


def test_document_level_finding(report):
    data = copy.deepcopy(report)
    data["divergences"].insert(0, {"id": "0123456789ab", "kind": "unrelated", "severity": "critical", "mqm": "other",
                                   "source": [], "target": [], "evidence": [], "message": "not translations"})
    root = junit(render(data, "junit"))
    assert failed(root)[0] == "document"
    assert "corpus/clicksend/privacy.no.txt:1:1: target document" in root.find("testsuite/testcase/failure").text


@pytest.mark.parametrize("fail_on", ["critical", "minor"])
def test_several_targets_one_suite_each(multi, fail_on):
    root = junit(render_multi(multi, "junit", fail_on=fail_on))
    suites = root.findall("testsuite")
    assert [s.find("properties/property[@name='target']").get("value") for s in suites] == [
        "corpus/clicksend/privacy.no.txt", "tests/data/privacy.edited.no.txt"]
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites))
    assert root.get("failures") == str(sum(int(s.get("failures")) for s in suites))
