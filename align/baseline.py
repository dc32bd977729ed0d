"""Accepted findings: a reviewer's baseline, keyed by content (not by line number).

A finding's id hashes its kind and the texts involved, so an edit elsewhere in
the documents leaves accepted findings accepted.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .document import Document
from .errors import InputError
from .io import write_atomic
from .report import Report
from .schemas import load_json
from .vocab import BASELINE_SCHEMA as SCHEMA


def _entries(path: str | Path) -> list[dict]:
    if not Path(path).exists():
        raise InputError(f"{path}: no such baseline file (create it with --update-baseline)")
    entries: list[dict] = load_json(str(path), "baseline")["accepted"]
    return entries


def read_baseline(path: str | Path) -> set[str]:
    """The ids of the accepted findings in a baseline file."""
    return {entry["id"] for entry in _entries(path)}


def _text(document: Document, ids: Sequence[int]) -> str:
    return " ".join(document.segments[i].text for i in ids)


def write_baseline(path: str | Path, reports: Sequence[Report], reason: str | None = None) -> None:
    """Accept every current finding of ``reports`` (the file is replaced atomically).

    Each entry keeps the finding's kind, severity, target file and message, and the source and
    target text it is about, so a reviewer sees what was accepted. A finding the file already
    accepts keeps its entry (and its reason); ``reason`` goes with the newly accepted ones.
    Findings no longer reported are dropped.
    """
    known = {entry["id"]: entry for entry in _entries(path)} if Path(path).exists() else {}
    accepted: dict[str, dict] = {}
    for report in reports:
        for finding in report.divergences:
            entry = {"id": finding.id, "kind": finding.kind, "severity": finding.severity,
                     "target_file": report.target.path, "message": finding.message}
            for side, document, ids in (("source", report.source, finding.source),
                                        ("target", report.target, finding.target)):
                if ids:
                    entry[f"{side}_text"] = _text(document, ids)
            why = known[finding.id].get("reason") if finding.id in known else reason
            if why is not None:
                entry["reason"] = why
            accepted.setdefault(finding.id, entry)
    data = {"schema": SCHEMA, "accepted": sorted(accepted.values(), key=lambda e: e["id"])}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def apply_baseline(report: Report, path: str | Path) -> None:
    """Mark the findings of ``report`` that the baseline accepts."""
    accepted = read_baseline(path)
    for finding in report.divergences:
        finding.accepted = finding.id in accepted
