"""XLIFF 1.2: one trans-unit per bead, findings as notes, scores as ``ca:`` extension attributes.

Every unit has source text, as CAT tools expect: target text with no counterpart in the source
(an addition) joins the unit before it, after that unit's own target (at the very start: the first
unit, before its target), so a reviewer sees it, and deletes it, where it stands in the translation.
"""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from .table import Row, bcp47, beads, check, score_label
from .xmlutil import serialize, sub, utc

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
CA_NS = "https://clausealign.invalid/ns"
PRIORITY = {"critical": "1", "major": "2", "minor": "3"}


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def _ca(name: str) -> str:
    return f"{{{CA_NS}}}{name}"


def _state(bead: Row) -> str:
    if not bead.target:
        return "needs-translation"
    return "needs-review-translation" if bead.open_findings else "translated"


def units(rows: list[Row]) -> list[Row]:
    """The beads as XLIFF units: each bead without source joined to its neighbour (see above)."""
    out: list[Row] = []
    waiting: list[Row] = []  # additions before the first bead with source
    for row in rows:
        if not row.source:
            if out:
                out[-1] = _join(out[-1], [out[-1], row])
            else:
                waiting.append(row)
        else:
            out.append(_join(row, [*waiting, row]))
            waiting = []
    return out


def _join(host: Row, rows: list[Row]) -> Row:
    """``host`` with the target segments and findings of ``rows`` (in document order, host included)."""
    if len(rows) == 1:
        return host
    findings: dict[int, dict] = {}
    for row in rows:
        findings.update((id(f), f) for f in row.findings)
    return dataclasses.replace(host, target=tuple(s for row in rows for s in row.target),
                               findings=tuple(findings.values()))


def _unit(body: ET.Element, bead: Row) -> None:
    state = _state(bead)
    attrib = {"id": f"b{bead.index}"} if state == "translated" else {"id": f"b{bead.index}", "approved": "no"}
    attrib |= {_ca("source-ids"): " ".join(str(s["id"]) for s in bead.source),
              _ca("target-ids"): " ".join(str(s["id"]) for s in bead.target)}
    if bead.score is not None:
        attrib[_ca("score")] = score_label(bead.score)
    unit = sub(body, _x("trans-unit"), **attrib)
    sub(unit, _x("source"), bead.source_text)
    sub(unit, _x("target"), bead.target_text, state=state)
    for finding in bead.findings:
        text = (("accepted in baseline: " if finding.get("accepted") else "")
                + f"{finding['severity']} {finding['kind']} ({finding.get('mqm', '?')}): {finding.get('message', '')}")
        sub(unit, _x("note"), text, **{"from": "clausealign", "priority": PRIORITY.get(finding["severity"], "3")})


def render_xliff(report: dict) -> str:
    """Every bead as an XLIFF 1.2 trans-unit (additions joined to their neighbour); a dropped
    segment's unit has an empty ``<target/>`` in state ``needs-translation``."""
    check(report)
    tool = report.get("tool", {})
    ET.register_namespace("", XLIFF_NS)  # serialize XLIFF elements unprefixed
    ET.register_namespace("ca", CA_NS)
    root = ET.Element(_x("xliff"), version="1.2")
    file_attrib = {
        "original": report["source"].get("path", ""),
        "source-language": bcp47(report["source"]["lang"]),
        "target-language": bcp47(report["target"]["lang"]),
        "datatype": "plaintext",
        "tool-id": "clausealign",
    }
    created = utc(report.get("created", ""))
    if created:
        file_attrib["date"] = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    file = sub(root, _x("file"), **file_attrib)
    header = sub(file, _x("header"))
    sub(header, _x("tool"), **{"tool-id": "clausealign", "tool-name": tool.get("name", "clausealign"),
                               "tool-version": tool.get("version", "")})
    sub(header, _x("note"), f"target file: {report['target'].get('path', '')}; model: {report.get('model', '?')}",
        **{"from": "clausealign"})
    body = sub(file, _x("body"))
    for unit in units(beads(report)):
        _unit(body, unit)
    return serialize(root)
