"""Findings inside one aligned pair: the lexical checks plus the leave-one-chunk-out probe.

:class:`PairContext` holds what every rule needs (both sides' joined texts and
languages, the checks' differences grouped by kind and side, the probe's chunks),
computed once per pair; :func:`examine_pair` turns it into findings with the
severities of :mod:`align.divergence.severity`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Document
from ..glossary import Term
from ..vocab import Severity, Side
from .checks import Difference, check_pair
from .checks.terminology import check_term
from .findings import Evidence, Finding
from .namelinks import reconcile_names
from .probe import Chunk, ChunkProbe
from .severity import pair_severity
from .wordcheck import WordChecker
from .wordevidence import add_word_findings


@dataclass(frozen=True)
class Joined:
    """The text of one side of a bead, and where each segment starts in it."""

    text: str
    ids: tuple[int, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, doc: Document, ids: tuple[int, ...]) -> Joined:
        """The segments ``ids`` of ``doc`` joined with single spaces."""
        starts, pos = [], 0
        for i in ids:
            starts.append(pos)
            pos += len(doc.segments[i].text) + 1
        return cls(" ".join(doc.segments[i].text for i in ids), ids, tuple(starts))

    def evidence(self, side: Side, start: int, end: int, what: str) -> Evidence:
        """Evidence for a span of the joined text, in the coordinates of its segment."""
        k = max(n for n, s in enumerate(self.starts) if s <= start)
        base = self.starts[k]
        return Evidence(side, self.ids[k], start - base, end - base, self.text[start:end], what)


@dataclass
class PairContext:
    """One aligned bead with everything the rules read, computed once."""

    source: Joined
    target: Joined
    source_lang: str
    target_lang: str
    differences: dict[tuple[str, Side], list[Difference]] = field(default_factory=dict)
    chunks: list[Chunk] = field(default_factory=list)

    @classmethod
    def build(cls, src_doc: Document, tgt_doc: Document, bead_source: tuple[int, ...],
              bead_target: tuple[int, ...], probe: ChunkProbe | None) -> PairContext:
        """Join both sides, run the checks and the probe."""
        src, tgt = Joined.of(src_doc, bead_source), Joined.of(tgt_doc, bead_target)
        grouped: dict[tuple[str, Side], list[Difference]] = {}
        for d in check_pair(src.text, src_doc.lang, tgt.text, tgt_doc.lang):
            grouped.setdefault((d.kind, d.side), []).append(d)
        chunks = probe.missing(src.text, tgt.text) if probe else []
        return cls(src, tgt, src_doc.lang, tgt_doc.lang, grouped, chunks)

    def take(self, kind: str, *sides: Side) -> list[Difference]:
        """Remove and return the differences of ``kind`` on ``sides`` (source first)."""
        return [d for side in sides for d in self.differences.pop((kind, side), [])]

    def evidence(self, d: Difference) -> Evidence:
        """The evidence a difference points at."""
        side = self.source if d.side == "source" else self.target
        return side.evidence(d.side, d.start, d.end, d.kind)


def _notes(diffs: list[Difference]) -> str:
    return "; ".join(d.note for d in diffs)


def examine_pair(ctx: PairContext, bead_source: tuple[int, ...],
                 bead_target: tuple[int, ...], words: WordChecker | None = None,
                 terms: Sequence[Term] = ()) -> list[Finding]:
    """The findings of one aligned bead (both sides non-empty), in a fixed order.

    ``words`` (a :class:`~align.divergence.wordcheck.WordChecker`) adds the word-level
    evidence: dropped or added phrases, words left untranslated, opposites; ``terms`` (a
    glossary's rules for the language pair) one ``terminology`` finding per rule broken.
    """
    key = f"{ctx.source.text}\x00{ctx.target.text}"
    found: list[Finding] = []

    def add(kind: str, message: str, diffs: list[Difference], **severity: bool) -> None:
        found.append(Finding(kind, pair_severity(kind, **severity), bead_source, bead_target, message,
                             [ctx.evidence(d) for d in diffs], key=key))

    meaning = ctx.take("meaning", "source", "target")
    if meaning:
        add("meaning", "meaning flip: " + _notes(meaning), meaning)
    untranslated = ctx.take("untranslated", "source", "target")
    if untranslated:
        add("untranslated", _notes(untranslated), untranslated)
    for kind in ("url", "email"):
        links = ctx.take(kind, "source", "target")
        if links:
            add(kind, _notes(links), links)

    src_entities, tgt_entities = ctx.take("entity", "source"), ctx.take("entity", "target")
    a = None
    if words is not None and (src_entities or tgt_entities):
        a = words.alignment(ctx.source.text, ctx.source_lang, ctx.target.text, ctx.target_lang)
        src_entities, tgt_entities = reconcile_names(a, src_entities, tgt_entities)
    if src_entities and tgt_entities:
        both = src_entities + tgt_entities
        add("entity", "name replaced: " + _notes(both), both, source_side=True)
        src_entities = []
    elif tgt_entities:
        add("entity", "name added: " + _notes(tgt_entities), tgt_entities, source_side=False)
    numbers = ctx.take("number", "source", "target")
    src_numbers = [d for d in numbers if d.side == "source"]
    names_dropped = bool(src_entities)
    chunks = ctx.chunks
    src_entities = [d for d in src_entities if not any(c.start <= d.start and d.end <= c.end for c in chunks)]
    if names_dropped or chunks:
        evidence = [ctx.evidence(d) for d in src_entities + numbers]
        evidence += [ctx.source.evidence("source", c.start, c.end, "clause") for c in chunks]
        evidence.sort(key=lambda e: (e.side != "source", e.segment, e.start))
        message = "target leaves out " + ", ".join(
            [f"'{d.text}'" for d in src_entities] + [f"'{c.text}'" for c in chunks])
        if numbers:
            message += "; " + _notes(numbers)
        found.append(Finding("partial", pair_severity("partial", carries_facts=names_dropped or bool(numbers)),
                             bead_source, bead_target, message, evidence, key=key))
    elif numbers:
        add("number", _notes(numbers), numbers, source_side=bool(src_numbers))
    if words is not None:
        def make(kind: str, severity: Severity, message: str, evidence: list[Evidence]) -> Finding:
            return Finding(kind, severity, bead_source, bead_target, message, evidence, key=key)

        add_word_findings(found, words.examine(ctx.source.text, ctx.source_lang, ctx.target.text,
                                               ctx.target_lang, a), ctx.source, ctx.target, make)
    for term in terms:
        diffs = check_term(term, ctx.source.text, ctx.target.text)
        if diffs:
            found.append(Finding("terminology", pair_severity("terminology"), bead_source, bead_target,
                                 diffs[0].note, [ctx.evidence(d) for d in diffs],
                                 key=f"{key}\x00{term.type}\x00{term.source}\x00{'|'.join(term.targets)}"))
    return found
