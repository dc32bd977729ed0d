"""The divergence stage: findings for an aligned document pair.

Each bead is examined by

* its shape: a source segment with no counterpart is an ``omission``, a target
  segment with none an ``addition``;
* the lexical checks of :mod:`align.divergence.checks` (numbers and dates by
  value, entities, negation, links, untranslated text), and with a glossary the
  terminology check;
* the leave-one-chunk-out probe of :mod:`align.divergence.probe`, which finds
  source clauses whose removal makes the source match the target better.

Severities follow :mod:`align.divergence.severity`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..aligner import Bead
from ..document import Document
from ..encoders.base import Encoder, Progress
from ..glossary import Glossary
from ..lang import word_list
from ..moves import Move, moved_ids
from ..vocab import SEVERITIES, Side
from .config import DivergenceConfig
from .document import document_findings
from .findings import Evidence, Finding
from .pair import Joined, PairContext, examine_pair
from .probe import ChunkProbe
from .severity import unpaired_severity
from .wordalign import token_vectors_of
from .wordcheck import word_checker

__all__ = ["DivergenceConfig", "Evidence", "Finding", "find_divergences", "is_boilerplate",
           "states_obligation_or_fact"]

PREFETCH = 128  # pairs checked ahead in one batch (their token vectors fit the memo of 512 texts)
_FACTS = re.compile(r"\d|https?://|\S@\S|\b[A-Z][a-z]+[A-Z]\w*")


def states_obligation_or_fact(text: str, lang: str) -> bool:
    """True when a segment carries an obligation, a negation, a quantity or a name."""
    if _FACTS.search(text):
        return True
    words = _obligation_words(lang)
    return any(w.lower() in words for w in re.findall(r"\w+", text))


@lru_cache(maxsize=None)
def _obligation_words(lang: str) -> frozenset[str]:
    return frozenset(word_list("obligation", lang))


def is_boilerplate(text: str, kind: str, config: DivergenceConfig = DivergenceConfig()) -> bool:
    """Headings and very short lines ("Questions?", "Contact") rank below content."""
    return kind == "heading" or len(re.findall(r"\w+", text)) <= config.boilerplate_words


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _unpaired(doc: Document, ids: tuple[int, ...], side: Side, config: DivergenceConfig) -> Finding:
    """An omission (source side) or an addition (target side)."""
    kind = "omission" if side == "source" else "addition"
    segs = [doc.segments[i] for i in ids]
    text = " ".join(s.text for s in segs)
    boilerplate = all(is_boilerplate(s.text, s.kind, config) for s in segs)
    severity = unpaired_severity(side, boilerplate=boilerplate, facts=bool(_FACTS.search(text)),
                                 obligation=states_obligation_or_fact(text, doc.lang))
    what = "heading" if boilerplate else "segment"
    verb = "has no translation" if side == "source" else "has no counterpart in the source"
    evidence = [Evidence(side, s.id, 0, len(s.text), s.text, what) for s in segs]
    return Finding(kind, severity, ids if side == "source" else (), ids if side == "target" else (),
                   f"{what} {verb}: '{_short(text, config.message_width)}'", evidence, key=f"{side}\x00{text}")


def _moved(source: Document, target: Document, move: Move) -> Finding:
    """One block moved elsewhere in the target: minor, evidence at both places."""
    src = [source.segments[i] for i in move.source]
    tgt = [target.segments[i] for i in move.target]
    evidence = ([Evidence("source", s.id, 0, len(s.text), s.text, "moved") for s in src]
                + [Evidence("target", t.id, 0, len(t.text), t.text, "moved") for t in tgt])
    where = (f"source {move.source[0]}" + (f"-{move.source[-1]}" if len(move.source) > 1 else "")
             + f" stands at target {move.target[0]}" + (f"-{move.target[-1]}" if len(move.target) > 1 else ""))
    n = len(move.source)
    message = (f"{n} segment{'s' if n > 1 else ''} moved: {where} (score {move.score:.3f}): "
               f"'{_short(' '.join(s.text for s in src), 70)}'")
    return Finding("moved", "minor", move.source, move.target, message, evidence,
                   key="moved\x00" + " ".join(s.text for s in src))


def _policy(findings: list[Finding], source: Document, target: Document, config: DivergenceConfig) -> list[Finding]:
    """The findings the project's policy reports: disabled kinds and findings naming a segment that
    matches an ignore pattern left out, severities overridden."""
    patterns = [re.compile(p) for p in config.ignore]
    kept = []
    for finding in findings:
        texts = [source.segments[i].text for i in finding.source] + [target.segments[i].text for i in finding.target]
        if finding.kind in config.disabled or any(p.search(t) for p in patterns for t in texts):
            continue
        finding.severity = config.severity.get(finding.kind, finding.severity)
        kept.append(finding)
    return kept


class _Prefetch:
    """Encodes what the pair checks will ask the encoder for, :data:`PREFETCH` pairs at a time in
    a few large batches instead of a few texts per pair (the encoder runs its batches in
    parallel): the probe's variants, which a pair's probe then finds in the embedding cache
    (skipped without the on-disk cache), and the word-level check of the whole block
    (:meth:`~align.divergence.wordcheck.WordChecker.prepare`)."""

    def __init__(self, source: Document, target: Document, pairs: Sequence[Bead | Move],
                 probe: ChunkProbe | None, words) -> None:
        self.source, self.target, self.pairs = source, target, pairs
        self.position = {id(p): n for n, p in enumerate(pairs)}
        self.probe = probe if probe is not None and hasattr(probe.encoder, "cache") else None
        self.words = words

    def __call__(self, pair: Bead | Move) -> None:
        n = self.position.get(id(pair))
        if n is None or n % PREFETCH or (self.probe is None and self.words is None):
            return
        texts = [(Joined.of(self.source, p.source).text, Joined.of(self.target, p.target).text)
                 for p in self.pairs[n:n + PREFETCH]]
        if self.probe is not None:
            self.probe.encoder.encode([t for s, g in texts for t in self.probe.texts(s, g)])
        if self.words is not None:
            token_vectors_of(self.words.vectors, [t for pair_texts in texts for t in pair_texts])
            self.words.prepare([(s, self.source.lang, g, self.target.lang) for s, g in texts])


def find_divergences(source: Document, target: Document, beads: Sequence[Bead],
                     encoder: Encoder | None = None,
                     config: DivergenceConfig = DivergenceConfig(),
                     progress: Progress | None = None, *, same_language: bool = False,
                     moves: Sequence[Move] = (), glossary: Glossary | None = None) -> list[Finding]:
    """All findings for an aligned pair of documents: most severe first, then in document order.

    ``encoder`` enables the leave-one-chunk-out probe for partial omissions and, when it
    can give token vectors, the word-level check (dropped, added, untranslated and opposite
    words); without it only the lexical checks run on aligned pairs. ``glossary`` adds the
    terminology check on every aligned pair; ``config``'s policy (severity overrides, disabled
    kinds, ignore patterns) applies last.
    """
    probe = ChunkProbe(encoder, source.lang, config.probe_threshold) if encoder is not None else None
    words = word_checker(encoder) if encoder is not None and config.word_level else None
    terms = glossary.terms_for(source.lang, target.lang) if glossary else ()
    whole = document_findings(source, target, beads, config, same_language=same_language)
    if any(f.kind == "unrelated" for f in whole):
        return _policy(whole, source, target, config)
    moved_source, moved_target = moved_ids(moves)
    findings: list[Finding] = []
    ahead = _Prefetch(source, target, list(moves) + [b for b in beads if b.source and b.target], probe, words)
    for move in moves:
        findings.append(_moved(source, target, move))
        ahead(move)
        ctx = PairContext.build(source, target, move.source, move.target, probe)
        findings.extend(examine_pair(ctx, move.source, move.target, words, terms))
    for bead in beads:
        if bead.source and not bead.target:
            ids = tuple(i for i in bead.source if i not in moved_source)
            if ids:
                findings.append(_unpaired(source, ids, "source", config))
        elif bead.target and not bead.source:
            ids = tuple(i for i in bead.target if i not in moved_target)
            if ids:
                findings.append(_unpaired(target, ids, "target", config))
        else:
            ahead(bead)
            ctx = PairContext.build(source, target, bead.source, bead.target, probe)
            findings.extend(examine_pair(ctx, bead.source, bead.target, words, terms))
        if progress:
            progress(1)
    if whole:  # the target is in the source's language: the pair findings compare like with like
        findings = [f for f in findings if f.kind in ("omission", "addition")]
    return _policy(whole, source, target, config) + sorted(_policy(findings, source, target, config),
                                                           key=lambda f: SEVERITIES.index(f.severity))
