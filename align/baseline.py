"""Accepted findings: a reviewer's baseline, keyed by content (not by line number).

A finding's id hashes its kind and the texts involved, so an edit elsewhere in
the documents leaves accepted findings accepted.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError
from .io import write_atomic
from .report import Report
from .schemas import load_json
from .vocab import BASELINE_SCHEMA as SCHEMA


def read_baseline(path: str | Path) -> set[str]:
    """The ids of the accepted findings in a baseline file."""
    if not Path(path).exists():
        raise InputError(f"{path}: no such baseline file (create it with --update-baseline)")
    data = load_json(str(path), "baseline")
    return {entry["id"] for entry in data["accepted"]}


def write_baseline(path: str | Path, reports: Sequence[Report]) -> None:
    """Accept every current finding of ``reports`` (the file is replaced atomically)."""
    accepted = {}
    for report in reports:
        for finding in report.divergences:
            accepted[finding.id] = {"id": finding.id, "kind": finding.kind, "severity": finding.severity,
                                    "target_file": report.target.path, "message": finding.message}
    data = {"schema": SCHEMA, "accepted": sorted(accepted.values(), key=lambda e: e["id"])}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def apply_baseline(report: Report, path: str | Path) -> None:
    """Mark the findings of ``report`` that the baseline accepts."""
    accepted = read_baseline(path)
    for finding in report.divergences:
        finding.accepted = finding.id in accepted
