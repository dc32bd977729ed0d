"""SARIF 2.1.0 (GitHub code scanning and other SARIF viewers): one result per open finding.

Each result's rule is the finding kind and its level comes from the severity (critical ``error``,
major ``warning``, minor ``note``); it is located at the source evidence (or the target's when the
source has no part in it), the rest of its places are related locations, and its partial
fingerprint is the finding's content id, so a code-scanning alert follows the finding when lines move.
"""
from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from ..vocab import mqm
from .ci import Place, file_path, findings, kind_help, kinds, places, title, with_target
from .table import check, check_multi, finding_ids

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "major": "warning", "minor": "note"}


def artifact_uri(path: str) -> str:
    """A file path as a SARIF URI: relative paths stay relative (GitHub reads them from the
    repository root), absolute ones become ``file://`` URIs."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def _location(place: Place, index: int | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(place.path)}}
    if place.line is not None:
        physical["region"] = {"startLine": place.line, "startColumn": place.column,
                              "endLine": place.end_line, "endColumn": place.end_column}
        physical["region"] = {k: v for k, v in physical["region"].items() if v is not None}
    location: dict = {"physicalLocation": physical, "message": {"text": f"{place.side}: {place.label}"}}
    return location if index is None else {"id": index, **location}


def _rule(kind: str) -> dict:
    return {"id": kind, "shortDescription": {"text": kind_help(kind)},
            "properties": {"tags": ["translation", f"mqm:{mqm(kind)}"]}}


def _result(report: dict, finding: dict, rule_index: int) -> dict:
    found = places(report, finding)
    target = file_path(report["target"]["path"])
    return {
        "ruleId": finding["kind"],
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding["severity"], "note"),
        "message": {"text": with_target(report, finding, found)},
        "locations": [_location(found[0])],
        "relatedLocations": [_location(place, n) for n, place in enumerate(found[1:], 1)],
        "partialFingerprints": {"clausealignFinding/v1": f"{finding.get('id', title(finding))}:{target}"},
        "properties": {"severity": finding["severity"], "mqm": finding.get("mqm", mqm(finding["kind"])),
                       "segments": finding_ids(finding), "target": target},
    }


def _sarif(reports: list[dict]) -> str:
    rules = kinds(reports)
    tool = reports[0].get("tool", {})
    driver = {"name": tool.get("name", "clausealign"), "version": tool.get("version", ""),
              "rules": [_rule(kind) for kind in rules]}
    results = [_result(report, finding, rules.index(finding["kind"]))
               for report in reports for finding, _ in findings(report) if not finding.get("accepted")]
    log = {"$schema": SCHEMA_URI, "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def render_sarif(report: dict) -> str:
    """One report as a SARIF 2.1.0 log (valid against the OASIS schema)."""
    check(report)
    return _sarif([report])


def render_multi_sarif(multi: dict) -> str:
    """A multi-target run as one SARIF run holding the results of every target."""
    check_multi(multi)
    return _sarif(list(multi["reports"]))
