"""Recall of a divergence report against gold divergences (``align eval divergences``).

A gold item names a key phrase on one side; it maps to the segments whose text
is (or contains) the phrase, and counts as found when a finding covers one of
them, with the right kind when one of those findings has the gold kind.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FormatError
from ..schemas import load_json
from ..vocab import REPORT_SCHEMA

SIDES = {"source": "source", "src": "source", "target": "target", "tgt": "target"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class DivergenceEvaluation:
    """Per gold item: found, kind right; and the findings that match no gold item."""

    items: list[dict] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of gold items covered by some finding."""
        return sum(i["found"] for i in self.items) / len(self.items) if self.items else 0.0

    @property
    def kind_recall(self) -> float:
        """Share of gold items covered by a finding of the gold kind."""
        return sum(i["kind_ok"] for i in self.items) / len(self.items) if self.items else 0.0

    def to_dict(self) -> dict:
        """JSON form."""
        return {"recall": round(self.recall, 4), "kind_recall": round(self.kind_recall, 4),
                "gold": len(self.items), "unmatched_findings": len(self.unmatched),
                "items": self.items, "unmatched": self.unmatched}


def evaluate_divergences(report: dict, gold: list[dict]) -> DivergenceEvaluation:
    """Match gold divergences to a report's findings."""
    try:
        segments = {side: report[side]["segments"] for side in ("source", "target")}
        findings = report.get("divergences", [])
    except (KeyError, TypeError):
        raise FormatError("not a clausealign report (no source/target segments)") from None
    result, covered = DivergenceEvaluation(), set()
    for item in gold:
        side = SIDES.get(item.get("side", ""), "source")
        key = _norm(item["key"])
        ids = {s["id"] for s in segments[side] if _norm(s["text"]).strip("#*• ") == key}
        ids = ids or {s["id"] for s in segments[side] if key in _norm(s["text"])}
        hits = [n for n, f in enumerate(findings) if ids & set(f.get(side, []))]
        covered.update(hits)
        kinds = sorted({findings[n]["kind"] for n in hits})
        result.items.append({"id": item.get("id", item["key"]), "kind": item["kind"], "found": bool(hits),
                             "kind_ok": item["kind"] in kinds, "found_kinds": kinds})
    result.unmatched = [f for n, f in enumerate(findings) if n not in covered]
    return result


def evaluate_report(report_path: str | Path, gold_path: str | Path) -> DivergenceEvaluation:
    """Load a JSON report and a gold divergences file (both schema-checked) and match them."""
    gold = load_json(str(gold_path), "gold-divergences")
    report = load_json(str(report_path), "report")
    if report.get("schema") != REPORT_SCHEMA:
        raise FormatError(f"{report_path}: a report with several targets; score one target's report (-f json)")
    items = gold["divergences"] if isinstance(gold, dict) else gold
    return evaluate_divergences(report, items)


def format_evaluation(result: DivergenceEvaluation, as_json: bool = False) -> str:
    """A table (or JSON) of per-item recall and unmatched findings."""
    if as_json:
        return json.dumps(result.to_dict(), ensure_ascii=False)
    lines = [f"{'gold item':32} {'kind':12} found  kind-ok  found kinds"]
    for i in result.items:
        lines.append(f"{i['id'][:32]:32} {i['kind']:12} {'yes' if i['found'] else 'NO ':5}  "
                     f"{'yes' if i['kind_ok'] else 'NO ':7}  {','.join(i['found_kinds'])}")
    lines.append(f"recall {result.recall:.3f} (right kind {result.kind_recall:.3f}) over {len(result.items)} "
                 f"gold items; {len(result.unmatched)} finding(s) match no gold item")
    for f in result.unmatched:
        lines.append(f"  unmatched: {f['severity']} {f['kind']} src {f['source']} tgt {f['target']}: "
                     f"{f['message'][:80]}")
    return "\n".join(lines)
