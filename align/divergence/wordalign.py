"""Word alignment inside an aligned pair, from contextual token vectors (SimAlign-style).

The aligner needs only a *token vector source*: anything with

    token_vectors(text) -> (list of (start, end) character spans of its tokens in text,
                            np.ndarray of shape (len(spans), dim))

so the backend can be swapped (ONNX Runtime or a sentence-transformers model, both through
the encoder's ``hidden_states``).
:class:`TokenVectors` reads a middle layer of the bundled encoder's transformer
(multilingual-e5-small has 12 layers; middle layers align words best, as SimAlign found for
mBERT and XLM-R).

Tokens are grouped into words (a run of letters/digits, or one token of a script written without
spaces); a word's vector is the mean of its tokens'. Words are aligned by *itermax* (Jalili
Sabet et al., 2020): mutual best matches first, then, for up to two more rounds, mutual best
matches among the words still unaligned on one side, and the best match of a word that is still
unaligned on both.

    >>> from align.encoders import load_encoder
    >>> tv = TokenVectors(load_encoder())
    >>> a = align_words("Staff in Sydney can read it.", "Ansatte kan lese det.", tv)
    >>> [w.text for w in a.unaligned("source")]
    ['in', 'Sydney']
"""
from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import regex

from ..encoders.base import device_key

if TYPE_CHECKING:
    from ..encoders.cache import EmbeddingCache

Span = tuple[int, int]


class TokenVectorSource(Protocol):
    """A backend that gives contextual vectors of the tokens of a text."""

    def token_vectors(self, text: str) -> tuple[list[Span], np.ndarray]:
        """Character spans of the tokens of ``text`` and one vector per token."""
        ...


def _scriptio_continua(ch: str) -> bool:
    """Scripts written without spaces between words (Han, kana, Thai...): each token is a word."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0x3040 <= code <= 0x30FF or 0x0E00 <= code <= 0x0EFF or 0x1000 <= code <= 0x109F
            or 0x20000 <= code <= 0x2FFFF)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _token_spans(text: str, skip: int, offsets: Sequence[tuple[int, int]]) -> tuple[list[Span], list[int]]:
    """Spans in ``text`` of the tokens whose offsets (in ``prefix + text``, ``skip`` = the
    prefix's length) fall in it, leading spaces trimmed, and their row numbers."""
    spans, rows = [], []
    for i, (start, end) in enumerate(offsets):
        start, end = max(start - skip, 0), end - skip
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            spans.append((start, end))
            rows.append(i)
    return spans, rows


class TokenVectors:
    """Token vectors from one hidden layer of the encoder (any backend with ``hidden_states``).

    The text is encoded with the encoder's prefix (``query: ``) as when it embeds sentences;
    the prefix's and the special tokens are dropped. Results are kept for the last few hundred
    texts (the same source sentence is looked at more than once) and, when the encoder has the
    on-disk embedding cache, there too.
    """

    def __init__(self, encoder, layer: int = 8, max_tokens: int = 256, keep: int = 512) -> None:
        inner = getattr(encoder, "inner", encoder)
        if not callable(getattr(inner, "hidden_states", None)):
            raise TypeError(f"encoder {getattr(inner, 'name', inner)!r} gives no token vectors")
        self.inner = inner
        self.prefix = getattr(inner, "prefix", "")
        self.layer = layer
        self.max_tokens = max_tokens
        self.keep = keep
        self._memo: OrderedDict[str, tuple[list[Span], np.ndarray]] = OrderedDict()
        self.cache: EmbeddingCache | None = getattr(encoder, "cache", None) if encoder is not inner else None
        model_id = getattr(inner, "cache_id", getattr(inner, "name", ""))
        self.cache_id = f"tokens|{model_id}|layer{layer}{device_key(inner)}"

    def token_vectors(self, text: str) -> tuple[list[Span], np.ndarray]:
        """Spans and vectors of the tokens of ``text`` (special and prefix tokens left out)."""
        return self.token_vectors_many([text])[0]

    def token_vectors_many(self, texts: Sequence[str]) -> list[tuple[list[Span], np.ndarray]]:
        """:meth:`token_vectors` of several texts in one batch."""
        # what this call returns is kept here: the memo may drop an entry while the rest is computed
        got = {t: self._memo[t] for t in dict.fromkeys(texts) if t in self._memo}
        todo = [t for t in dict.fromkeys(texts) if t not in got]
        if todo and self.cache is not None:
            todo = self._from_cache(self.cache, todo, got)
        if todo:
            states = self.inner.hidden_states(todo, self.layer, self.max_tokens)
            for text, (offsets, hidden) in zip(todo, states):
                spans, rows = _token_spans(text, len(self.prefix), offsets)
                vecs = hidden[rows] if rows else np.zeros((0, hidden.shape[-1]), dtype=np.float32)
                got[text] = self._remember(text, spans, vecs.astype(np.float32))
            if self.cache is not None:
                self._to_cache(self.cache, {t: got[t] for t in todo})
        return [got[t] for t in texts]

    def _remember(self, text: str, spans: list[Span], vecs: np.ndarray) -> tuple[list[Span], np.ndarray]:
        self._memo[text] = (spans, vecs)
        self._memo.move_to_end(text)
        if len(self._memo) > self.keep:
            self._memo.popitem(last=False)
        return spans, vecs

    def _key(self, text: str) -> bytes:
        from ..encoders.cache import _key

        return _key(self.cache_id, text)

    def _from_cache(self, cache: EmbeddingCache, texts: list[str],
                    got: dict[str, tuple[list[Span], np.ndarray]]) -> list[str]:
        """Load what the embedding cache has into ``got`` (layout: n, n spans as start/end, n
        vectors); return the rest."""
        found = cache.get([self._key(t) for t in texts], None)
        rest = []
        for text in texts:
            flat = found.get(self._key(text))
            if flat is None:
                rest.append(text)
                continue
            n = int(flat[0])
            spans = [(int(flat[1 + 2 * k]), int(flat[2 + 2 * k])) for k in range(n)]
            vecs = flat[1 + 2 * n:].reshape(n, -1) if n else np.zeros((0, 0), dtype=np.float32)
            got[text] = self._remember(text, spans, np.array(vecs, dtype=np.float32))
        return rest

    def _to_cache(self, cache: EmbeddingCache, computed: dict[str, tuple[list[Span], np.ndarray]]) -> None:
        items = {}
        for text, (spans, vecs) in computed.items():
            head = np.array([len(spans)] + [x for sp in spans for x in sp], dtype=np.float32)
            items[self._key(text)] = np.concatenate([head, vecs.reshape(-1)])
        cache.put(self.cache_id, items, ragged=True)


@dataclass(frozen=True)
class Word:
    """A word of one side: its character span, text, index and (unit) vector."""

    index: int
    start: int
    end: int
    text: str

    @property
    def is_punct(self) -> bool:
        return not any(_is_word_char(ch) for ch in self.text)


_REGION = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*")


def group_words(text: str, spans: list[Span], vecs: np.ndarray) -> tuple[list[Word], np.ndarray]:
    """Group tokens into words and average their vectors (unit length).

    A word is a run of letters, marks and digits (hyphens and apostrophes inside it allowed:
    ``24-year-old``, ``don't``); in scripts written without spaces each token is a word;
    punctuation tokens are words of their own (``is_punct``).
    """
    region_of = np.full(len(text) + 1, -1, dtype=np.int64)
    for n, m in enumerate(_REGION.finditer(text)):
        region_of[m.start():m.end()] = n
    groups: list[list[int]] = []
    bounds: list[list[int]] = []
    last_region = -2
    for i, (start, end) in enumerate(spans):
        region = int(region_of[start])
        continua = any(_scriptio_continua(ch) for ch in text[start:end])
        if region >= 0 and region == last_region and not continua and groups:
            groups[-1].append(i)
            bounds[-1][1] = max(bounds[-1][1], end)
        else:
            groups.append([i])
            bounds.append([start, end])
        last_region = -3 if continua or region < 0 else region
    words = [Word(n, s, e, text[s:e]) for n, (s, e) in enumerate(bounds)]
    if not groups:
        return words, np.zeros((0, vecs.shape[1] if vecs.ndim == 2 else 0), dtype=np.float32)
    out = np.stack([vecs[g].mean(axis=0) for g in groups])
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return words, out.astype(np.float32)


def itermax(sim: np.ndarray, rounds: int = 2, floor_ratio: float = 0.9) -> set[tuple[int, int]]:
    """SimAlign's itermax: mutual argmax, then extra rounds over the still-unaligned words."""
    n, m = sim.shape
    if n == 0 or m == 0:
        return set()
    fwd = sim.argmax(axis=1)
    bwd = sim.argmax(axis=0)
    links = {(i, int(fwd[i])) for i in range(n) if bwd[fwd[i]] == i}
    # later rounds link a leftover word only when it matches about as well as the mutual best
    # matches do (plain itermax links every leftover word somewhere, which hides omissions)
    floor = floor_ratio * float(np.median([sim[i, j] for i, j in links])) if links else np.inf
    for _ in range(rounds):
        src_done = {i for i, _ in links}
        tgt_done = {j for _, j in links}
        masked = sim.copy()
        # a pair may be added if at least one of its words is still unaligned
        for i in src_done:
            masked[i, list(tgt_done)] = -np.inf
        new = set()
        f = masked.argmax(axis=1)
        b = masked.argmax(axis=0)
        for i in range(n):
            j = int(f[i])
            if np.isfinite(masked[i, j]) and b[j] == i and (i not in src_done or j not in tgt_done) \
                    and masked[i, j] >= floor:
                new.add((i, j))
        if not new:
            break
        links |= new
    return links


@dataclass
class WordAlignment:
    """The words of both sides, their similarity matrix and the links between them."""

    source_text: str
    target_text: str
    source: list[Word]
    target: list[Word]
    sim: np.ndarray
    links: set[tuple[int, int]]
    source_vectors: np.ndarray  # one unit vector a word, as grouped from the token vectors
    target_vectors: np.ndarray

    def partners(self, side: str, index: int) -> list[int]:
        """Indexes of the other side's words linked to word ``index`` of ``side``."""
        if side == "source":
            return sorted(j for i, j in self.links if i == index)
        return sorted(i for i, j in self.links if j == index)

    def unaligned(self, side: str) -> list[Word]:
        """Words (not punctuation) of ``side`` with no link."""
        words = self.source if side == "source" else self.target
        linked = {i for i, _ in self.links} if side == "source" else {j for _, j in self.links}
        return [w for w in words if w.index not in linked and not w.is_punct]

    def words_in(self, side: str, start: int, end: int) -> list[int]:
        """Indexes of the words of ``side`` that overlap the characters ``[start, end)``."""
        return [w.index for w in (self.source if side == "source" else self.target) if w.start < end and start < w.end]

    def link_strength(self, side: str, start: int, end: int, *, to_names: bool = False) -> float:
        """The highest similarity of a link from a word of ``side`` in ``[start, end)`` (0: no link);
        ``to_names``: only links to words that do not start with a lower-case letter (a name, an
        acronym, a word of a script without case), not to a common word."""
        partners = self.target if side == "source" else self.source
        inside = set(self.words_in(side, start, end))
        sims = [float(self.sim[i, j]) for i, j in self.links if (i if side == "source" else j) in inside
                and not (to_names and partners[j if side == "source" else i].text[:1].islower())]
        return max(sims, default=0.0)

    def best(self, side: str) -> np.ndarray:
        """For each word of ``side``: its highest similarity to any word of the other side."""
        if self.sim.size == 0:
            return np.zeros(len(self.source if side == "source" else self.target), dtype=np.float32)
        return self.sim.max(axis=1) if side == "source" else self.sim.max(axis=0)


def words_of(text: str, vectors: TokenVectorSource) -> tuple[list[Word], np.ndarray]:
    spans, vecs = vectors.token_vectors(text)
    return group_words(text, spans, vecs)


def token_vectors_of(vectors: TokenVectorSource, texts: Sequence[str]) -> list[tuple[list[Span], np.ndarray]]:
    """The token vectors of ``texts``: in one batch when the source can (``token_vectors_many``)."""
    many = getattr(vectors, "token_vectors_many", None)
    return many(texts) if many else [vectors.token_vectors(t) for t in texts]


def align_words(source: str, target: str, vectors: TokenVectorSource, rounds: int = 2) -> WordAlignment:
    """Align the words of ``source`` and ``target`` (see the module docstring)."""
    pairs = token_vectors_of(vectors, [source, target])
    sw, sv = group_words(source, *pairs[0])
    tw, tv = group_words(target, *pairs[1])
    sim = sv @ tv.T if len(sw) and len(tw) else np.zeros((len(sw), len(tw)), dtype=np.float32)
    # punctuation does not take part in the alignment
    keep_s = [w.index for w in sw if not w.is_punct]
    keep_t = [w.index for w in tw if not w.is_punct]
    links: set[tuple[int, int]] = set()
    if keep_s and keep_t:
        sub = sim[np.ix_(keep_s, keep_t)]
        links = {(keep_s[i], keep_t[j]) for i, j in itermax(sub, rounds)}
    return WordAlignment(source, target, sw, tw, sim, links, sv, tv)


def runs(words: list[Word], text: str, max_gap_chars: int = 3) -> list[list[Word]]:
    """Consecutive words grouped into runs (words separated by at most a little punctuation)."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.start):
        if out and w.index == out[-1][-1].index + 1 and w.start - out[-1][-1].end <= max_gap_chars \
                and not re.search(r"[.;:!?()]", text[out[-1][-1].end:w.start]):
            out[-1].append(w)
        else:
            out.append([w])
    return out
