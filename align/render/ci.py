"""What the CI formats (SARIF, JUnit XML, GitHub annotations) share: where a finding is in the
files, in file, line and column, and a one-line description of each finding kind.

A segment's ``location`` (``line``/``column`` of its first character, 1-based) comes from the
report; a place inside a segment is counted on from there through the segment's text, which for
plain text is the file's own text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import FormatError
from ..vocab import SIDES, kind_order
from .table import beads, finding_ids, is_document_level, ranked

KIND_HELP = {
    "unrelated": "The two documents are not translations of each other.",
    "untranslated": "Text is left in the source language.",
    "omission": "A source segment has no translation.",
    "addition": "A target segment has no counterpart in the source.",
    "partial": "A clause of the source is left out of its translation.",
    "meaning": "The translation says the opposite (a negation or negative affix differs).",
    "number": "A number, date or amount differs or is missing.",
    "entity": "A name differs or is missing.",
    "url": "A link differs or is missing.",
    "email": "An e-mail address differs or is missing.",
    "moved": "A block of segments is moved elsewhere in the translation.",
}
_NEWLINE = re.compile(r"\r\n|\r|\n")
_SIDE_SUFFIXES = tuple(f"#{side}" for side in SIDES)


def kind_help(kind: str) -> str:
    """One sentence on what a finding kind means."""
    return KIND_HELP.get(kind, f"A clausealign '{kind}' finding.")


def kinds(reports: list[dict]) -> list[str]:
    """Every known kind, then any other kind the reports use, in the canonical order."""
    return kind_order(set(KIND_HELP) | {f["kind"] for r in reports for f in r.get("divergences", ())})


@dataclass(frozen=True)
class Place:
    """A span of one file that a finding points at; ``line`` is None when the report does not say
    (no ``location``, or one without lines such as a DOCX paragraph)."""

    side: str
    path: str
    label: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        """``path:line:column`` (the form editors and CI logs link), or the path alone."""
        return self.path if self.line is None else f"{self.path}:{self.line}:{self.column}"


def file_path(path: str) -> str:
    """The file a report side names: a bilingual file's ``#source``/``#target`` suffix removed."""
    return path.rpartition("#")[0] if path.endswith(_SIDE_SUFFIXES) else path


def position(segment: dict, offset: int) -> tuple[int, int] | None:
    """1-based (line, column) of ``offset`` inside a segment's text, or None without a line."""
    where = segment.get("location") or {}
    if "line" not in where:
        return None
    ends = list(_NEWLINE.finditer(segment["text"], 0, offset))
    if not ends:
        return where["line"], where.get("column", 1) + offset
    return where["line"] + len(ends), offset - ends[-1].end() + 1


def _span(side: str, path: str, segment: dict, start: int, end: int, label: str) -> Place:
    first, last = position(segment, start), position(segment, end)
    if first is None or last is None:
        return Place(side, path, label)
    return Place(side, path, label, *first, *last)


def places(report: dict, finding: dict) -> list[Place]:
    """Where ``finding`` is: its source-side evidence (or its source segments when it has none),
    then the same on the target side; a document-level finding: the start of the target file,
    then of the source file."""
    if is_document_level(finding):
        return [Place(side, file_path(report[side]["path"]), "document", 1, 1) for side in ("target", "source")]
    out = []
    for side in SIDES:
        path = file_path(report[side]["path"])
        segments = {s["id"]: s for s in report[side]["segments"]}
        evidence = [ev for ev in finding.get("evidence", ()) if ev["side"] == side]
        for i in [ev["segment"] for ev in evidence] + list(finding.get(side, ())):
            if i not in segments:
                raise FormatError(f"a finding names {side} segment {i}, which the report does not have")
        if evidence:
            out += [_span(side, path, segments[ev["segment"]], ev["start"], ev["end"],
                          f"{ev.get('what', 'evidence')} '{ev.get('text', '')}'") for ev in evidence]
        else:
            out += [_span(side, path, segments[i], 0, len(segments[i]["text"]), f"segment {i}")
                    for i in finding.get(side, ())]
    return out


def findings(report: dict) -> list[tuple[dict, int | None]]:
    """The report's findings in report order (document level, severity, place), each with the
    index of the first bead it touches (None at document level)."""
    return ranked(report, beads(report))


def title(finding: dict) -> str:
    """``critical partial [23]:[22]``."""
    return f"{finding['severity']} {finding['kind']} {finding_ids(finding)}"


def with_target(report: dict, finding: dict, found: list[Place]) -> str:
    """The finding's message and where in the target it is: ``... (target: path:line:column)``."""
    target = next((p for p in found if p.side == "target"), None)
    return f"{finding['message']} (target: {target or file_path(report['target']['path'])})"
