"""The result objects: one :class:`Report` per document pair, rendered as text, JSON, HTML...

Example::

    report = compare("corpus/clicksend/privacy.en.txt", "corpus/clicksend/privacy.no.txt")
    print(report.render("text"))
    report.to_dict()["schema"]        # 'clausealign.report/1'
"""
from __future__ import annotations

import datetime as _dt
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ._version import __version__
from .aligner import Bead
from .divergence import Finding
from .document import Document
from .moves import Move
from .vocab import MULTI_SCHEMA, REPORT_SCHEMA, SEVERITIES, severity_rank


def _now() -> str:
    """ISO time of the run; ``SOURCE_DATE_EPOCH`` pins it for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch and epoch.isdigit()
            else _dt.datetime.now(_dt.timezone.utc))
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Report:
    """The alignment of one source and one target document, with its findings."""

    model: str
    source: Document
    target: Document
    beads: list[Bead]
    divergences: list[Finding] = field(default_factory=list)
    created: str = field(default_factory=_now)
    moves: list[Move] = field(default_factory=list)
    units: tuple[str, ...] = ()  # a bilingual file's unit ids: pair i is unit units[i]

    def open_findings(self, at_least: str = "minor") -> list[Finding]:
        """Findings not accepted by a baseline, with severity at or above ``at_least``."""
        rank = severity_rank(at_least)
        return [f for f in self.divergences if not f.accepted and severity_rank(f.severity) <= rank]

    def summary(self) -> dict:
        """Counts: segments, pairs, dropped, added, mean score, findings by severity and kind."""
        scored = [b.score for b in self.beads if b.source and b.target]
        open_ = [f for f in self.divergences if not f.accepted]
        return {
            "source_segments": len(self.source.segments),
            "target_segments": len(self.target.segments),
            "pairs": len(self.beads),
            "aligned": len(scored),
            "dropped": sum(len(b.source) for b in self.beads if not b.target),
            "added": sum(len(b.target) for b in self.beads if not b.source),
            "moved": sum(len(m.source) for m in self.moves),
            "mean_score": round(sum(scored) / len(scored), 4) if scored else 0.0,
            "findings": {s: sum(f.severity == s for f in open_) for s in SEVERITIES},
            "by_kind": dict(sorted(Counter(f.kind for f in open_).items())),
            "accepted": sum(f.accepted for f in self.divergences),
        }

    def to_dict(self) -> dict:
        """The JSON report (schema ``clausealign.report/1``, documented in the README); ``units``
        only when the report comes from a bilingual file."""
        data = {
            "schema": REPORT_SCHEMA,
            "tool": {"name": "clausealign", "version": __version__},
            "created": self.created,
            "model": self.model,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "pairs": [b.to_dict() for b in self.beads],
            "moves": [m.to_dict() for m in self.moves],
            "divergences": [f.to_dict() for f in self.divergences],
            "summary": self.summary(),
        }
        return data | ({"units": list(self.units)} if self.units else {})

    def render(self, fmt: str = "text", **options) -> str:
        """Render in one of :data:`align.vocab.FORMATS` (options as :func:`align.render.render` takes them)."""
        from .render import render

        return render(self.to_dict(), fmt, **options)


@dataclass
class MultiReport:
    """One source aligned with several translations."""

    reports: list[Report]

    def open_findings(self, at_least: str = "minor") -> list[Finding]:
        """Open findings of every target at or above ``at_least``."""
        return [f for r in self.reports for f in r.open_findings(at_least)]

    def to_dict(self) -> dict:
        """``{"schema": "clausealign.multi/1", "source": ..., "reports": [...]}``."""
        return {
            "schema": MULTI_SCHEMA,
            "source": self.reports[0].source.to_dict(),
            "reports": [r.to_dict() for r in self.reports],
        }

    def render(self, fmt: str = "text", **options) -> str:
        """Render in one of :data:`align.vocab.MULTI_FORMATS` (the coverage matrix in text and HTML)."""
        from .render import render_multi

        return render_multi(self.to_dict(), fmt, **options)


def load_report_dict(path: str) -> dict[str, Any]:
    """Read a saved JSON report (``clausealign.report/1`` or ``clausealign.multi/1``) as a dict."""
    from .schemas import load_json

    data: dict[str, Any] = load_json(path, "report")
    return data
