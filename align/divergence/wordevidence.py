"""Merging word-level findings (align/divergence/wordcheck.py) into the findings of one aligned bead.

Kept apart from :mod:`align.divergence.pair` so the pair examiner only calls :func:`add_word_findings`.
A kind that already has a finding on the bead (a ``partial`` from names or the probe, a
``meaning`` flip from negation, an ``untranslated`` segment) gets the word-level spans added to
its evidence and message; otherwise a new finding is made: ``partial`` (major: a plain clause
left out), ``addition`` (major), ``untranslated`` (major), ``meaning`` (critical), ``entity`` (critical:
a name left out and another added in its place; major: an added span that holds a name).
"""
from __future__ import annotations

from .findings import Finding
from .severity import pair_severity

WHAT = {"partial": "words", "addition": "words", "untranslated": "untranslated", "meaning": "opposite",
        "entity": "name"}


def add_word_findings(found: list[Finding], word_findings, src, tgt, make) -> None:
    """Add ``word_findings`` (WordFinding list) to ``found`` (the bead's findings), in place.

    ``src``/``tgt`` are the bead's joined sides (``.evidence(side, start, end, what)``) and
    ``make(kind, severity, message, evidence)`` builds a finding for the bead; a new finding's
    severity comes from :func:`~align.divergence.severity.pair_severity`.
    """
    by_kind: dict[str, list] = {}
    for wf in word_findings:
        by_kind.setdefault(wf.kind, []).append(wf)
    for kind, items in by_kind.items():
        evidence, notes = [], []
        existing = next((f for f in found if f.kind == kind), None)
        for wf in items:
            side = src if wf.side == "source" else tgt
            ev = side.evidence(wf.side, wf.start, wf.end, WHAT[kind])
            # a span overlapping one the bead's finding names (a name inside a dropped phrase) adds nothing new
            if existing and any(e.side == ev.side and e.segment == ev.segment and e.start < ev.end
                                and ev.start < e.end for e in existing.evidence):
                continue
            evidence.append(ev)
            if wf.counterpart is not None:
                other = tgt if wf.side == "source" else src
                other_side = "target" if wf.side == "source" else "source"
                s, e, _ = wf.counterpart
                evidence.append(other.evidence(other_side, s, e, WHAT[kind]))
            notes.append(wf)
        if not notes:
            continue
        if kind == "partial":
            message = "target leaves out " + ", ".join(f"'{wf.text}'" for wf in notes)
        elif kind == "addition":
            message = "target adds " + ", ".join(f"'{wf.text}'" for wf in notes) + ", which the source does not say"
        elif kind == "untranslated":
            message = "left in the source language: " + ", ".join(f"'{wf.text}'" for wf in notes)
        else:
            message = "; ".join(wf.note for wf in notes)
        if existing is None:
            # an entity without a dropped counterpart is a name only the target has
            source_side = kind != "entity" or any(wf.counterpart is not None for wf in notes)
            found.append(make(kind, pair_severity(kind, source_side=source_side), message, evidence))
            continue
        existing.evidence.extend(evidence)
        existing.evidence.sort(key=lambda e: (e.side != "source", e.segment, e.start))
        if kind == "partial" and existing.message.startswith("target leaves out "):
            head, sep, tail = existing.message.partition("; ")
            extra = ", ".join(f"'{wf.text}'" for wf in notes)
            existing.message = f"{head}, {extra}{sep}{tail}"
        else:
            existing.message += "; " + message
