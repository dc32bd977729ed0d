"""One self-contained HTML page (inline CSS and JS, nothing fetched) for a report or a multi-target run.

All document text reaches the page through Jinja autoescaping: evidence highlighting is computed
here as a list of :class:`Run` pieces, never by splicing markup into text.
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..vocab import SEVERITIES, kind_order
from .table import (
    Cell,
    Row,
    bcp47,
    beads,
    check,
    coverage,
    finding_ids,
    finding_location,
    location_label,
    rank,
    ranked,
    score_label,
    unit_label,
)


def _asset(name: str) -> str:
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSS, JS = _asset("report.css"), _asset("report.js")
# Only the page's own style sheet and script run, pinned by hash: no 'unsafe-inline'.
CSP = f"default-src 'none'; style-src {_sha256(CSS)}; script-src {_sha256(JS)}; img-src data:"


class Run(NamedTuple):
    """A piece of segment text: marked pieces carry CSS classes and a tooltip."""

    text: str
    marked: bool
    classes: str
    title: str


@dataclass(frozen=True)
class SegmentView:
    """A segment as shown in a cell."""

    id: int
    kind: str
    runs: tuple[Run, ...]
    location: str


@dataclass(frozen=True)
class RowView:
    """A bead as shown in the side-by-side table."""

    bead: Row
    source: tuple[SegmentView, ...]
    target: tuple[SegmentView, ...]
    severities: str
    kinds: str
    findings: tuple[dict, ...]


Mark = tuple[int, int, dict, dict]  # start, end, finding, evidence


def _token(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", str(text).lower()).strip("-") or "other"


def runs(text: str, marks: list[Mark]) -> list[Run]:
    """Split ``text`` at evidence boundaries; a piece covered by evidence becomes a marked run.

    Offsets are clamped to the text; overlapping evidence takes the highest open severity.
    """
    spans = []
    for start, end, finding, ev in marks:
        start = max(0, min(int(start), len(text)))
        end = max(start, min(int(end), len(text)))
        if end > start:
            spans.append((start, end, finding, ev))
    cuts = sorted({0, len(text)} | {s for s, *_ in spans} | {e for _, e, *_ in spans})
    out: list[Run] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [(f, ev) for s, e, f, ev in spans if s <= a and b <= e]
        if not covering:
            out.append(Run(text[a:b], False, "", ""))
            continue
        open_ = [f["severity"] for f, _ in covering if not f.get("accepted")]
        classes = [f"sev-{min(open_, key=rank)}" if open_ else "accepted"]
        classes += sorted({f"ev-{_token(ev.get('what', ''))}" for _, ev in covering})
        title = "; ".join(dict.fromkeys(
            f"{ev.get('what', '')}: {f['severity']} {f['kind']}" + (" (accepted)" if f.get("accepted") else "")
            for f, ev in covering))
        out.append(Run(text[a:b], True, " ".join(classes), title))
    return out


def _segment_views(segments: tuple[dict, ...], side: str, findings: tuple[dict, ...]) -> tuple[SegmentView, ...]:
    views = []
    for seg in segments:
        marks = [(ev["start"], ev["end"], f, ev) for f in findings for ev in f.get("evidence", ())
                 if ev.get("side") == side and ev.get("segment") == seg["id"]]
        views.append(SegmentView(seg["id"], seg.get("kind", ""), tuple(runs(seg["text"], marks)),
                                 location_label(seg.get("location"))))
    return tuple(views)


def rows(report: dict) -> list[RowView]:
    """The beads of ``report`` ready for the template."""
    out = []
    for bead in beads(report):
        open_ = bead.open_findings
        out.append(RowView(
            bead=bead,
            source=_segment_views(bead.source, "source", bead.findings),
            target=_segment_views(bead.target, "target", bead.findings),
            severities=" ".join(s for s in SEVERITIES if any(f["severity"] == s for f in open_)),
            kinds=" ".join(kind_order({f["kind"] for f in open_})),
            findings=tuple(sorted(bead.findings, key=lambda f: (bool(f.get("accepted")), rank(f["severity"])))),
        ))
    return out


@lru_cache(maxsize=1)
def template_env() -> Environment:
    """The Jinja environment of the HTML pages (autoescaping, strict, with the inline CSS/JS and CSP)."""
    env = Environment(loader=PackageLoader("align.render"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(score=score_label, finding_ids=finding_ids, bcp47=bcp47, severities=SEVERITIES, csp=CSP,
                       css=Markup(CSS), js=Markup(JS))
    return env


def render_html(report: dict, *, show: str = "all") -> str:
    """The side-by-side report page; with ``show == 'findings'`` faithful pairs start hidden."""
    check(report)
    views = rows(report)
    findings = ranked(report, [v.bead for v in views])
    kinds = kind_order({f["kind"] for f, _ in findings if not f.get("accepted")})
    bead_of_target = {t["id"]: v.bead.index for v in views for t in v.bead.target}

    def moved_to(finding: dict) -> int | None:
        """The bead where a moved block stands in the target (the finding links both places)."""
        ids = finding.get("target") or [None]
        return bead_of_target.get(ids[0]) if finding["kind"] == "moved" else None

    return template_env().get_template("report.html.j2").render(
        page="report", report=report, rows=views, findings=findings, kinds=kinds, show_faithful=show == "all",
        moved_to=moved_to, where=lambda finding: finding_location(report, finding),
        unit=lambda ids: unit_label(report, ids))


def cell_view(cell: Cell) -> tuple[str, str, str]:
    """CSS class, label and tooltip of a coverage cell."""
    title = "; ".join(cell.messages)
    if cell.status == "ok":
        return "cell-ok", "✓", title
    if cell.status == "missing":
        return "cell-missing", "✗ missing", title
    return f"cell-changed sev-{_token(cell.severity or '')}", f"! {cell.severity} {cell.kind}", title


def render_multi_html(multi: dict) -> str:
    """The coverage-matrix page of a multi-target run, with each target's findings below it."""
    cov = coverage(multi)
    matrix = [(seg, all(c.status == "ok" for c in row), [cell_view(c) for c in row])
              for seg, row in zip(cov.segments, cov.rows)]
    return template_env().get_template("report.html.j2").render(
        page="multi", source=multi["source"], coverage=cov, matrix=matrix,
        targets=[(label, r, [f for f, _ in ranked(r, beads(r))]) for label, r in zip(cov.columns, cov.reports)])
