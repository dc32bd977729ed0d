"""Findings inside aligned pairs: lexical checks plus the leave-one-chunk-out probe."""
from __future__ import annotations

from dataclasses import dataclass

from .aligner import Bead
from .checks import Difference, check_pair
from .document import Document
from .evaluate import Evidence, Finding
from .probe import ChunkProbe


@dataclass(frozen=True)
class _Joined:
    """The text of one side of a bead, and where each segment starts in it."""

    text: str
    ids: tuple[int, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, doc: Document, ids: tuple[int, ...]) -> "_Joined":
        starts, pos = [], 0
        for i in ids:
            starts.append(pos)
            pos += len(doc.segments[i].text) + 1
        return cls(" ".join(doc.segments[i].text for i in ids), ids, tuple(starts))

    def evidence(self, side: str, start: int, end: int, what: str) -> Evidence:
        """Evidence for a span of the joined text, in the coordinates of its segment."""
        k = max(n for n, s in enumerate(self.starts) if s <= start)
        base = self.starts[k]
        return Evidence(side, self.ids[k], start - base, end - base, self.text[start:end], what)


def _notes(diffs: list[Difference]) -> str:
    return "; ".join(d.note for d in diffs)


class PairExaminer:
    """Examines aligned beads of one document pair."""

    def __init__(self, source: Document, target: Document, encoder=None) -> None:
        self.source, self.target = source, target
        self.probe = ChunkProbe(encoder, source.lang) if encoder is not None else None
        self.words = _word_checker(encoder)

    def examine(self, bead: Bead) -> list[Finding]:
        """The findings of one aligned bead (both sides non-empty)."""
        src = _Joined.of(self.source, bead.source)
        tgt = _Joined.of(self.target, bead.target)
        diffs = check_pair(src.text, self.source.lang, tgt.text, self.target.lang)
        key = f"{src.text}\x00{tgt.text}"

        def ev(d: Difference) -> Evidence:
            side = src if d.side == "source" else tgt
            return side.evidence(d.side, d.start, d.end, d.kind)

        def finding(kind: str, severity: str, message: str, evidence: list[Evidence]) -> Finding:
            return Finding(kind, severity, bead.source, bead.target, message, evidence, key=key)

        found: list[Finding] = []
        by_kind: dict[tuple[str, str], list[Difference]] = {}
        for d in diffs:
            by_kind.setdefault((d.kind, d.side), []).append(d)

        def take(kind: str, side: str) -> list[Difference]:
            return by_kind.pop((kind, side), [])

        meaning = take("meaning", "source") + take("meaning", "target")
        if meaning:
            found.append(finding("meaning", "critical", "meaning flip: " + _notes(meaning), [ev(d) for d in meaning]))
        untranslated = take("untranslated", "source") + take("untranslated", "target")
        if untranslated:
            found.append(finding("untranslated", "major", _notes(untranslated), [ev(d) for d in untranslated]))
        for kind in ("url", "email"):
            links = take(kind, "source") + take(kind, "target")
            if links:
                found.append(finding(kind, "major", _notes(links), [ev(d) for d in links]))

        src_entities, tgt_entities = take("entity", "source"), take("entity", "target")
        if src_entities and tgt_entities:
            both = src_entities + tgt_entities
            found.append(finding("entity", "critical", "name replaced: " + _notes(both), [ev(d) for d in both]))
            src_entities = []
        elif tgt_entities:
            found.append(finding("entity", "major", "name added: " + _notes(tgt_entities),
                                 [ev(d) for d in tgt_entities]))
        src_numbers, tgt_numbers = take("number", "source"), take("number", "target")
        chunks = self.probe.missing(src.text, tgt.text) if self.probe else []
        names_dropped = bool(src_entities)
        src_entities = [d for d in src_entities if not any(c.start <= d.start and d.end <= c.end for c in chunks)]
        if names_dropped or chunks:
            evidence = [ev(d) for d in src_entities + src_numbers + tgt_numbers]
            evidence += [src.evidence("source", c.start, c.end, "clause") for c in chunks]
            evidence.sort(key=lambda e: (e.side != "source", e.segment, e.start))
            parts = [f"'{c.text}'" for c in chunks]
            message = "target leaves out " + ", ".join(
                [f"'{d.text}'" for d in src_entities] + parts)
            if src_numbers or tgt_numbers:
                message += "; " + _notes(src_numbers + tgt_numbers)
            severity = "critical" if names_dropped or src_numbers or tgt_numbers else "major"
            found.append(finding("partial", severity, message, evidence))
        elif src_numbers or tgt_numbers:
            nums = src_numbers + tgt_numbers
            severity = "critical" if src_numbers else "major"
            found.append(finding("number", severity, _notes(nums), [ev(d) for d in nums]))
        if self.words is not None:
            from .wordevidence import add_word_findings

            add_word_findings(found, self.words.examine(src.text, self.source.lang, tgt.text, self.target.lang),
                              src, tgt, finding)
        return found


def _word_checker(encoder):
    """The word-level checker (align/wordcheck.py) when the encoder can give token vectors."""
    if encoder is None:
        return None
    from .wordcheck import WordChecker

    try:
        return WordChecker(encoder)
    except (TypeError, FileNotFoundError):
        return None
