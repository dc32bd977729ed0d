"""Terminal output, readable in 80 columns, optionally coloured with ANSI codes."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import click
from wcwidth import wcwidth

from .table import (
    Cell,
    Row,
    bcp47,
    beads,
    check,
    coverage,
    finding_ids,
    finding_location,
    ranked,
    score_label,
    unit_label,
)

WIDTH = 80
COL = 36  # two text columns: 2 + 36 + 3 + 36 = 77
_SEVERITY_STYLE: dict[str, dict[str, Any]] = {
    "critical": {"fg": "red", "bold": True},
    "major": {"fg": "yellow", "bold": True},
    "minor": {"fg": "cyan"},
}
_CELL_TEXT = {"ok": "✓", "missing": "✗ missing"}
_SEVERITY_MARK = {"critical": "!", "major": "!", "minor": "·"}

Style = Callable[..., str]


def _styler(color: bool) -> Style:
    return click.style if color else (lambda text, **_: text)


def _clean(text: str) -> str:
    """Replace control characters (escape codes in document text) so they cannot drive the terminal."""
    return "".join(c if c in "\t\n" or unicodedata.category(c) != "Cc" else "\ufffd" for c in str(text))


def _cwidth(c: str) -> int:
    return max(0, wcwidth(c))


def width(text: str) -> int:
    """Display width of ``text`` in a terminal (wide CJK characters count 2, combining marks 0)."""
    return sum(_cwidth(c) for c in text)


def _cut(text: str, limit: int) -> tuple[str, str]:
    used = 0
    for i, c in enumerate(text):
        used += _cwidth(c)
        if used > limit:
            return text[:i], text[i:]
    return text, ""


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` columns with an ellipsis when too long."""
    text = " ".join(_clean(text).split())
    return text if width(text) <= limit else _cut(text, limit - 1)[0] + "…"


def wrap(text: str, limit: int) -> list[str]:
    """Word-wrap ``text`` to ``limit`` display columns; words longer than a line are broken."""
    lines: list[str] = []
    line, used = "", 0
    for word in _clean(text).split():
        while width(word) > limit:
            if line:
                lines.append(line)
                line, used = "", 0
            head, word = _cut(word, limit)
            lines.append(head)
        w = width(word)
        if line and used + 1 + w > limit:
            lines.append(line)
            line, used = word, w
        elif line:
            line, used = f"{line} {word}", used + 1 + w
        else:
            line, used = word, w
    if line:
        lines.append(line)
    return lines or [""]


def _pad(text: str, limit: int) -> str:
    return text + " " * (limit - width(text))


def _header(report: dict, style: Style) -> list[str]:
    summary = report.get("summary", {})
    found = summary.get("findings", {})
    accepted = sum(1 for f in report.get("divergences", ()) if f.get("accepted"))
    tool = report.get("tool", {})
    counts = ", ".join(style(f"{found.get(s, 0)} {s}", **_SEVERITY_STYLE[s]) if found.get(s) else f"0 {s}"
                       for s in _SEVERITY_STYLE)
    lines = [style(clip(f"{tool.get('name', 'clausealign')} {tool.get('version', '')} · {report.get('created', '')}",
                        WIDTH), bold=True)]
    for side in ("source", "target"):
        doc = report[side]
        tail = f"  [{doc.get('lang', '?')}, {len(doc['segments'])} segments]"
        lines.append(f"{side:<9}" + clip(doc.get("path", ""), WIDTH - 9 - len(tail)) + tail)
    lines.append("model    " + clip(report.get("model", "?"), WIDTH - 9))
    beads_line = (f"{summary.get('pairs', len(report['pairs']))}, {summary.get('dropped', 0)} dropped, "
                  f"{summary.get('added', 0)} added, mean score {summary.get('mean_score', 0):.2f}"
                  + (f" ({summary['seconds']} s)" if "seconds" in summary else ""))
    lines.append("beads    " + clip(beads_line, WIDTH - 9))
    lines.append(f"findings {counts}" + (f"; {accepted} accepted" if accepted else ""))
    return lines


def _evidence(ev: dict) -> str:
    return clip(f"{ev['side']} {ev['segment']} @{ev['start']}-{ev['end']} {ev.get('what', '')}: {ev.get('text', '')}",
                WIDTH - 4)


def _finding(report: dict, finding: dict, style: Style) -> list[str]:
    accepted = bool(finding.get("accepted"))
    sev = finding["severity"]
    head = style(f"{sev.upper():<9}", **_SEVERITY_STYLE.get(sev, {})) if not accepted else f"{'accepted':<9}"
    ids = f"{finding_ids(finding)} {unit_label(report, finding.get('source', []))}".rstrip()
    title = clip(f"{finding['kind']} {ids}  mqm {finding.get('mqm', '?')}", WIDTH - 9)
    where = finding_location(report, finding)
    lines = [head + title] + (["  " + clip(f"at {where}", WIDTH - 2)] if where else [])
    lines += ["  " + line for line in wrap(finding.get("message", ""), WIDTH - 2)]
    lines += ["    " + _evidence(ev) for ev in finding.get("evidence", ())]
    return [style(line, dim=True) for line in lines] if accepted else lines


def _findings(report: dict, rows: list[Row], style: Style) -> list[str]:
    ordered = [f for f, _ in ranked(report, rows)]
    open_ = [f for f in ordered if not f.get("accepted")]
    accepted = [f for f in ordered if f.get("accepted")]
    lines = ["", style(f"FINDINGS ({len(open_)})", bold=True)]
    lines += [line for f in open_ for line in _finding(report, f, style)] or ["  none"]
    if accepted:
        lines += ["", style(f"ACCEPTED IN BASELINE ({len(accepted)})", bold=True)]
        lines += [line for f in accepted for line in _finding(report, f, style)]
    return lines


def _bead(bead: Row, style: Style, unit: str = "") -> list[str]:
    label = f"{bead.label} {unit}".rstrip() + f"  {score_label(bead.score)}".rstrip()
    if bead.state == "dropped":
        label += "  " + style("DROPPED", fg="magenta", bold=True)
    elif bead.state == "added":
        label += "  " + style("ADDED", fg="magenta", bold=True)
    sev = bead.severity
    if sev:
        kinds = " ".join(sorted({f["kind"] for f in bead.open_findings if f["severity"] == sev}))
        tag = clip(f"{_SEVERITY_MARK[sev]} {sev} {kinds}", WIDTH - 2 - width(click.unstyle(label)))
        label += "  " + style(tag, **_SEVERITY_STYLE[sev])
    left = ([_pad(line, COL) for line in wrap(bead.source_text, COL)] if bead.source
            else [style(_pad("+ not in source", COL), fg="magenta")])
    right = wrap(bead.target_text, COL) if bead.target else [style("✗ not in target", fg="magenta")]
    if bead.source_location or bead.target_location:   # where each side starts in its file
        left.insert(0, style(_pad(clip(bead.source_location, COL), COL), dim=True))
        right.insert(0, style(clip(bead.target_location, COL), dim=True) if bead.target_location else "")
    rows = max(len(left), len(right))
    left += [" " * COL] * (rows - len(left))
    right += [""] * (rows - len(right))
    lines = [style(label, bold=True) if not sev else label]
    return lines + [("  " + l_text + " │ " + r_text).rstrip() for l_text, r_text in zip(left, right)]


def _table(report: dict, rows: list[Row], style: Style) -> list[str]:
    src, tgt = report["source"].get("lang", "?"), report["target"].get("lang", "?")
    lines = ["", style(f"ALIGNMENT ({len(rows)} beads)", bold=True),
              style("  " + _pad(clip(f"source ({src})", COL), COL) + " │ " + clip(f"target ({tgt})", COL), dim=True)]
    for bead in rows:
        lines += _bead(bead, style, unit_label(report, [s["id"] for s in bead.source]))
    return lines


def render_text(report: dict, *, color: bool = False, show: str = "all") -> str:
    """Header, findings (most severe first), then — when ``show == 'all'`` — the side-by-side table."""
    check(report)
    style = _styler(color)
    rows = beads(report)
    lines = _header(report, style) + _findings(report, rows, style)
    if show == "all":
        lines += _table(report, rows, style)
    return "\n".join(lines) + "\n"


def cell_text(cell: Cell) -> str:
    """``✓``, ``✗ missing`` or ``! critical`` / ``! major`` / ``· minor``."""
    if cell.status == "changed" and cell.severity:
        return f"{_SEVERITY_MARK.get(cell.severity, '!')} {cell.severity}"
    return _CELL_TEXT.get(cell.status, "?")


def _cell_style(cell: Cell) -> dict[str, Any]:
    if cell.status == "ok":
        return {"fg": "green"}
    if cell.status == "missing":
        return {"fg": "red", "bold": True}
    return _SEVERITY_STYLE.get(cell.severity or "", {})


def render_multi_text(multi: dict, *, color: bool = False) -> str:
    """The coverage matrix (one row per source segment, one column per target), then each target's findings."""
    cov = coverage(multi)
    style = _styler(color)
    source = multi["source"]
    cell_w = 12
    text_w = max(12, WIDTH - 5 - (cell_w + 1) * len(cov.columns))
    lines = [style(clip(f"COVERAGE of {source.get('path', '')} [{source.get('lang', '?')}] "
                        f"in {len(cov.columns)} targets", WIDTH), bold=True)]
    for n, (label, report) in enumerate(zip(cov.columns, cov.reports), 1):
        found = report.get("summary", {}).get("findings", {})
        counts = ", ".join(f"{found.get(s, 0)} {s}" for s in _SEVERITY_STYLE)
        lines.append(clip(f"{n:>2}. {label}", WIDTH))
        path = report["target"].get("path", "")
        lines.append("    " + clip(counts if path in label else f"{path} · {counts}", WIDTH - 4))
    heads = [clip(f"{n} {bcp47(r['target'].get('lang', '?'))}", cell_w) for n, r in enumerate(cov.reports, 1)]
    lines += ["", "  id " + _pad("source", text_w) + "".join(" " + _pad(h, cell_w) for h in heads).rstrip()]
    for seg, row in zip(cov.segments, cov.rows):
        line = f"{seg['id']:>4} " + _pad(clip(seg["text"], text_w), text_w)
        line += "".join(" " + style(cell_text(c), **_cell_style(c)) + " " * (cell_w - width(cell_text(c)))
                        for c in row)
        lines.append(line.rstrip())
    for n, (label, report) in enumerate(zip(cov.columns, cov.reports), 1):
        lines += ["", style(clip(f"== {n}. {label} ==", WIDTH), bold=True)]
        lines += _findings(report, beads(report), style)[1:]
    return "\n".join(lines) + "\n"
