"""Leave-one-chunk-out: which clause of a source sentence did the translation leave out?

Remove one chunk (a parenthesis, a comma-delimited piece, a prepositional
phrase) from the source at a time and re-encode it. When the shortened source
matches the target clearly better than the whole source does, the target most
likely lacks that chunk. The signal is weak for short chunks (a few thousandths
of cosine), so the threshold is conservative and the lexical checks carry
names and numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..encoders.base import Encoder
from ..lang import word_list


@dataclass(frozen=True)
class Chunk:
    """A removable piece of a sentence, and how much removing it helps (cosine gain)."""

    start: int
    end: int
    text: str
    gain: float = 0.0


@lru_cache(maxsize=None)
def _preposition_re(lang: str) -> re.Pattern[str] | None:
    words = word_list("prepositions", lang)
    if not words:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


_DELIM = re.compile(r"[,;:]\s|\s[–—-]\s|[()]")


def candidate_chunks(text: str, lang: str) -> list[Chunk]:
    """Parentheses, delimited pieces and prepositional phrases of ``text``."""
    spans: set[tuple[int, int]] = set()
    for match in re.finditer(r"\([^()]{3,}\)", text):
        spans.add(match.span())
    bounds = [0] + [m.start() for m in _DELIM.finditer(text)] + [len(text)]
    pieces = list(zip(bounds, bounds[1:]))
    for start, end in pieces:
        spans.add((start, end))
    prep = _preposition_re(lang)
    if prep:
        for start, end in pieces:
            heads = [m.start() for m in prep.finditer(text, start, end)]
            for head, nxt in zip(heads, heads[1:] + [end]):
                spans.add((head, nxt))
    chunks = []
    for start, end in sorted(spans):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip(" ,;:–—-"))
        piece = piece.strip(" ,;:–—-.")
        words = re.findall(r"\w+", piece)
        if len(words) < 2 or len(piece) > 0.6 * len(text):
            continue
        chunks.append(Chunk(start + lead, start + lead + len(piece), piece))
    return list({(c.start, c.end): c for c in chunks}.values())


def _without(text: str, chunk: Chunk) -> str:
    return re.sub(r"\s{2,}", " ", (text[:chunk.start] + text[chunk.end:]).strip())


class ChunkProbe:
    """Finds the source chunks a target leaves out, with one encoder call per pair.

    Example::

        probe = ChunkProbe(load_encoder(), "en")
        probe.missing("Staff within Australia can access data.", "Ansatte har tilgang til data.")
        # [Chunk(start=6, end=22, text='within Australia', gain=0.03...)]
    """

    def __init__(self, encoder: Encoder, lang: str, threshold: float = 0.02) -> None:
        self.encoder = encoder
        self.lang = lang
        self.threshold = threshold

    def texts(self, source: str, target: str) -> list[str]:
        """What :meth:`gains` encodes for a pair: the target, the source and the source without each
        candidate chunk (nothing when there is no chunk)."""
        chunks = candidate_chunks(source, self.lang)
        return [target, source] + [_without(source, c) for c in chunks] if chunks else []

    def gains(self, source: str, target: str) -> list[Chunk]:
        """Every candidate chunk with its cosine gain when removed."""
        chunks = candidate_chunks(source, self.lang)
        if not chunks:
            return []
        vecs = self.encoder.encode(self.texts(source, target))
        sims = vecs[1:] @ vecs[0]
        return [Chunk(c.start, c.end, c.text, float(g)) for c, g in zip(chunks, sims[1:] - sims[0])]

    def missing(self, source: str, target: str) -> list[Chunk]:
        """Chunks whose removal raises the similarity by at least ``threshold``; no overlaps."""
        found = [c for c in self.gains(source, target) if c.gain >= self.threshold]
        kept: list[Chunk] = []
        for chunk in sorted(found, key=lambda c: -c.gain):
            if all(chunk.end <= k.start or chunk.start >= k.end for k in kept):
                kept.append(chunk)
        return sorted(kept, key=lambda c: c.start)

