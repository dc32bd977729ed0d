"""The tabular view of a report that every renderer builds on, and the TSV/CSV renderers.

A report's ``pairs`` become :class:`Row` rows (segments resolved, findings attached);
a multi-target run becomes a :class:`Coverage` matrix.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..errors import FormatError
from ..vocab import MULTI_SCHEMA, REPORT_SCHEMA, bead_label
from ..vocab import severity_rank as rank

COLUMNS = ("source_ids", "target_ids", "source_text", "target_text", "score", "severity", "kind", "findings")
BOM = "\ufeff"  # what Excel needs to read a CSV as UTF-8

_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def score_label(score: float | None) -> str:
    """A score with two decimals, or '' when there is none."""
    return "" if score is None else f"{score:.2f}"


def bcp47(tag: str) -> str:
    """A language tag in BCP-47 letter case: ``EN`` -> ``en``, ``pt_br`` -> ``pt-BR``, ``zh-hant`` -> ``zh-Hant``."""
    parts = [p for p in re.split(r"[-_]", tag.strip()) if p]
    out = [parts[0].lower()] if parts else []
    for part in parts[1:]:
        if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


@dataclass(frozen=True)
class Row:
    """One row of the report: an alignment bead, its segments, its score and the findings that touch it."""

    index: int
    source: tuple[dict, ...]
    target: tuple[dict, ...]
    score: float | None
    findings: tuple[dict, ...]

    @property
    def label(self) -> str:
        """``[45,46]:[45,46]``."""
        return bead_label([s["id"] for s in self.source], [s["id"] for s in self.target])

    @property
    def state(self) -> str:
        """``dropped`` (no target), ``added`` (no source) or ``pair``."""
        if not self.target:
            return "dropped"
        return "added" if not self.source else "pair"

    @property
    def source_text(self) -> str:
        """The source segments joined with a space."""
        return " ".join(s["text"] for s in self.source)

    @property
    def target_text(self) -> str:
        """The target segments joined with a space."""
        return " ".join(s["text"] for s in self.target)

    @property
    def source_location(self) -> str:
        """Where the bead's source text starts in its file ('' when unknown or none)."""
        return location_label(self.source[0].get("location")) if self.source else ""

    @property
    def target_location(self) -> str:
        """Where the bead's target text starts in its file ('' when unknown or none)."""
        return location_label(self.target[0].get("location")) if self.target else ""

    @property
    def open_findings(self) -> tuple[dict, ...]:
        """Findings not accepted by a baseline."""
        return tuple(f for f in self.findings if not f.get("accepted"))

    @property
    def severity(self) -> str | None:
        """The highest severity among the open findings, or None."""
        return min((f["severity"] for f in self.open_findings), key=rank, default=None)


def check(report: dict) -> None:
    """Raise FormatError unless ``report`` is a ``clausealign.report/1`` dict."""
    if not isinstance(report, dict) or report.get("schema") != REPORT_SCHEMA:
        raise FormatError(f"not a {REPORT_SCHEMA} report")


def check_multi(multi: dict) -> None:
    """Raise FormatError unless ``multi`` is a ``clausealign.multi/1`` dict with at least one report."""
    if not isinstance(multi, dict) or multi.get("schema") != MULTI_SCHEMA or not multi.get("reports"):
        raise FormatError(f"not a {MULTI_SCHEMA} run with at least one report")
    for report in multi["reports"]:
        check(report)


def _segments(by_id: dict[int, dict], side: str, ids: list[int]) -> tuple[dict, ...]:
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise FormatError(f"the report names {side} segment {missing[0]}, which it does not have")
    return tuple(by_id[i] for i in ids)


def beads(report: dict) -> list[Row]:
    """The report's pairs as beads, in report order, each with the findings touching its segments."""
    by_id = {side: {s["id"]: s for s in report[side]["segments"]} for side in ("source", "target")}
    divergences = list(report.get("divergences", ()))
    touching: dict[tuple[str, int], list[int]] = {}
    for n, finding in enumerate(divergences):
        for side in ("source", "target"):
            for i in finding.get(side, ()):
                touching.setdefault((side, i), []).append(n)
    out = []
    for index, pair in enumerate(report["pairs"]):
        hits = {n for side in ("source", "target") for i in pair[side] for n in touching.get((side, i), ())}
        out.append(Row(
            index=index,
            source=_segments(by_id["source"], "source", pair["source"]),
            target=_segments(by_id["target"], "target", pair["target"]),
            score=pair.get("score"),
            findings=tuple(divergences[n] for n in sorted(hits)),
        ))
    return out


def ranked(report: dict, rows: list[Row]) -> list[tuple[dict, int | None]]:
    """The report's findings: document-level ones first, then most severe first, then in document
    order; each with the first bead it touches (None for a document-level finding)."""
    first: dict[int, int] = {}
    for bead in rows:
        for finding in bead.findings:
            first.setdefault(id(finding), bead.index)
    found = [(f, first.get(id(f))) for f in report.get("divergences", ())]
    return sorted(found, key=lambda pair: (not is_document_level(pair[0]), rank(pair[0]["severity"]),
                                           len(rows) if pair[1] is None else pair[1]))


def is_document_level(finding: dict) -> bool:
    """A finding about the whole document pair (no segment ids)."""
    return not finding.get("source") and not finding.get("target")


def location_label(location: dict | None) -> str:
    """A segment's place in its file: ``line 25:1``, ``page 2 line 4:1``, ``paragraph 12``,
    ``table 1 row 2 cell 3`` (``paragraph 2`` after it when the cell has several); '' when unknown."""
    if not location:
        return ""
    parts = [f"page {location['page']}"] if "page" in location else []
    if "line" in location:
        parts.append(f"line {location['line']}:{location.get('column', 1)}")
    if "table" in location:
        parts.append(f"table {location['table']} row {location.get('row', 1)} cell {location.get('cell', 1)}")
    if "paragraph" in location and ("table" not in location or location["paragraph"] > 1):
        parts.append(f"paragraph {location['paragraph']}")
    return " ".join(parts)


def finding_location(report: dict, finding: dict) -> str:
    """Where a finding is: ``source line 25:1, target line 23:1`` (the first segment it names on
    each side); '' when the report has no locations."""
    places = []
    for side in ("source", "target"):
        segments = report[side]["segments"]
        for i in finding.get(side, ())[:1]:
            segment = segments[i] if 0 <= i < len(segments) and segments[i]["id"] == i else \
                next((s for s in segments if s["id"] == i), {})
            label = location_label(segment.get("location"))
            if label:
                places.append(f"{side} {label}")
    return ", ".join(places)


def unit_label(report: dict, ids: list[int]) -> str:
    """The unit ids of source segments ``ids`` when the report comes from a bilingual file
    (``unit t1``), else ''."""
    units = report.get("units") or ()
    names = [units[i] for i in ids if i < len(units)]
    return ("unit " if len(names) == 1 else "units ") + ", ".join(names) if names else ""


def finding_ids(finding: dict) -> str:
    """The segment ids a finding names, as a bead (``[23]:[22]``), or ``document``."""
    if is_document_level(finding):
        return "document"
    return bead_label(finding.get("source", []), finding.get("target", []))


@dataclass(frozen=True)
class Cell:
    """One coverage cell: ``ok``, ``missing`` or ``changed`` (with the highest severity and its kind)."""

    status: str
    severity: str | None = None
    kind: str | None = None
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """One row per source segment, one column per target."""

    columns: tuple[str, ...]
    reports: tuple[dict, ...]
    segments: tuple[dict, ...]
    rows: tuple[tuple[Cell, ...], ...]


def column_labels(reports: list[dict]) -> list[str]:
    """One label per target: its language, plus its file name (or path) when a language repeats."""
    langs = [bcp47(r["target"]["lang"]) for r in reports]
    labels = [lang if langs.count(lang) == 1 else f"{lang} ({PurePosixPath(r['target']['path']).name})"
              for lang, r in zip(langs, reports)]
    labels = [label if labels.count(label) == 1 else f"{lang} ({r['target']['path']})"
              for label, lang, r in zip(labels, langs, reports)]
    return [label if labels.count(label) == 1 else f"{label} #{n}" for n, label in enumerate(labels, 1)]


def _cells(report: dict, segments: tuple[dict, ...]) -> list[Cell]:
    """One column of the matrix: the state of every source segment in one target."""
    targets: dict[int, list[list[int]]] = {}
    for pair in report["pairs"]:
        for i in pair["source"]:
            targets.setdefault(i, []).append(pair["target"])
    findings: dict[int, list[dict]] = {}
    for finding in report.get("divergences", ()):
        if not finding.get("accepted"):
            for i in finding.get("source", ()):
                findings.setdefault(i, []).append(finding)
    column = []
    for seg in segments:
        found = findings.get(seg["id"], [])
        messages = tuple(f["message"] for f in found)
        paired = targets.get(seg["id"], [])
        if any(f["kind"] == "omission" for f in found) or not paired or not all(paired):
            column.append(Cell("missing", messages=messages))
        elif found:
            worst = min(found, key=lambda f: rank(f["severity"]))
            column.append(Cell("changed", worst["severity"], worst["kind"], messages))
        else:
            column.append(Cell("ok"))
    return column


def coverage(multi: dict) -> Coverage:
    """The coverage matrix of a ``clausealign.multi/1`` run."""
    check_multi(multi)
    reports = tuple(multi["reports"])
    segments = tuple(multi["source"]["segments"])
    columns = [_cells(r, segments) for r in reports]
    rows = tuple(tuple(column[i] for column in columns) for i in range(len(segments)))
    return Coverage(tuple(column_labels(list(reports))), reports, segments, rows)


def _findings_cell(bead: Row) -> str:
    return "; ".join(
        f"{f['severity']} {f['kind']}: {f['message']}" + (" (accepted)" if f.get("accepted") else "")
        for f in bead.findings)


def _kinds_cell(bead: Row) -> str:
    """The kinds of the open findings, most severe first, each once."""
    ordered = sorted(bead.open_findings, key=lambda f: rank(f["severity"]))
    return " ".join(dict.fromkeys(f["kind"] for f in ordered))


def _records(report: dict, show: str) -> list[tuple[str, ...]]:
    check(report)
    rows = [b for b in beads(report) if show == "all" or b.open_findings]
    return [(" ".join(str(s["id"]) for s in b.source), " ".join(str(s["id"]) for s in b.target),
             b.source_text, b.target_text, score_label(b.score), b.severity or "", _kinds_cell(b),
             _findings_cell(b)) for b in rows]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection): a leading
    ``= + - @`` tab or CR gets a ``'`` in front.

    >>> print(spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-5 %"), spreadsheet_safe("ok"))
    '=HYPERLINK(1) '-5 % ok
    """
    return "'" + cell if cell.startswith(_FORMULA) else cell


def render_csv(report: dict, *, show: str = "all", bom: bool = False) -> str:
    """CSV (RFC 4180 via the csv module), one row per bead under a header row: its ids, texts and
    score, the highest severity and the kinds of its open findings, and every finding's text;
    cells that a spreadsheet would read as a formula are neutralised (:func:`spreadsheet_safe`);
    ``bom`` starts it with a byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(tuple(spreadsheet_safe(c) for c in record) for record in _records(report, show))
    return (BOM if bom else "") + out.getvalue()


def render_tsv(report: dict, *, show: str = "all", bom: bool = False) -> str:
    """TSV, the columns of CSV, one row per bead under a header row; backslash, tab, CR and LF
    escaped as ``\\\\ \\t \\r \\n``, formula-like cells neutralised as in CSV; ``bom`` as in CSV."""
    lines = [(BOM if bom else "") + "\t".join(COLUMNS)]
    lines += ["\t".join(spreadsheet_safe(field.translate(_TSV_ESCAPES)) for field in record)
              for record in _records(report, show)]
    return "\n".join(lines) + "\n"
