"""The alignment stage: a monotonic dynamic program over beads, in a band around anchors.

1. Anchors: the heaviest strictly monotonic chain of FAISS candidate pairs whose
   ratio margin clears the threshold (a weighted longest-increasing-subsequence,
   ``O(P log P)`` for ``P`` candidates).
2. Band: each source prefix may only meet target prefixes between its
   neighbouring anchors, widened by ``window``. Time and memory grow with
   document length times band width, i.e. linearly.
3. Beads: 1-0, 0-1, 1-1 and every ``a``-``b`` with ``a + b <= max_align`` and
   sides up to ``max_side``, scored on the embeddings of the joined segments:

       gain(a, b) = margin - threshold - length_weight * length_mismatch**2
       gain(1, 0) = gain(0, 1) = -skip

   ``margin`` is the ratio margin of the joined runs (a run's neighbourhood is
   the mean of its segments'), ``length_mismatch`` the log ratio of the two
   sides' character lengths less the document's own ratio. The gain is per
   bead, not per segment (as in Bertalign), so merging two good 1-1 beads into
   one 2-2 bead only pays when the joined texts match clearly better.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .candidates import candidate_pairs, neighbourhood, ratio_margin
from .errors import InputError

NEG = -1e18


@dataclass(frozen=True)
class AlignConfig:
    """Knobs of the aligner; the defaults were chosen on the Text+Berg dev document.

    ``max_align``: the largest bead (source + target segments); ``max_side``: the most
    segments on one side of a bead (``max_align - 1`` when not given).

    >>> AlignConfig(max_align=3).max_side
    2
    """

    max_align: int = 5
    max_side: int | None = None
    k: int = 3
    window: int = 8
    anchor_threshold: float = 1.0
    threshold: float = 0.90
    skip: float = 0.0
    length_weight: float = 0.15

    def __post_init__(self) -> None:
        if self.max_side is None:
            object.__setattr__(self, "max_side", self.max_align - 1)
        problems = []
        if self.max_align < 2:
            problems.append(f"max_align must be at least 2, not {self.max_align}")
        if not 1 <= self.side <= self.max_align - 1:
            problems.append(f"max_side must be between 1 and max_align - 1 = {self.max_align - 1}, not {self.max_side}")
        if self.k < 1 or self.window < 0:
            problems.append("k must be at least 1 and window at least 0")
        if self.skip < 0 or self.length_weight < 0:
            problems.append("skip and length_weight must not be negative")
        if problems:
            raise InputError("; ".join(problems))

    @property
    def side(self) -> int:
        """``max_side`` as an int (always set after construction)."""
        return int(self.max_side if self.max_side is not None else self.max_align - 1)


@dataclass(frozen=True)
class Bead:
    """One aligned unit: source ids, target ids (either may be empty), cosine and margin."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float = 0.0
    margin: float = 0.0

    def to_dict(self) -> dict:
        """JSON form: ``{"source": [..], "target": [..], "score": .., "margin": ..}``."""
        return {
            "source": list(self.source),
            "target": list(self.target),
            "score": round(self.score, 4),
            "margin": round(self.margin, 4),
        }


@dataclass
class _Side:
    runs: dict[int, np.ndarray]          # run size -> vectors
    lengths: np.ndarray                  # characters per segment
    nbr: dict[int, np.ndarray] = field(default_factory=dict)  # run size -> neighbourhood means
    cum: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.cum = np.concatenate([[0], np.cumsum(self.lengths)]).astype(np.float64)

    def run_length(self, start: np.ndarray | int, size: int) -> np.ndarray:
        start = np.asarray(start)
        return self.cum[start + size] - self.cum[start] + (size - 1)


def bead_shapes(config: AlignConfig) -> list[tuple[int, int]]:
    """Every bead shape the aligner considers, 1-1 first."""
    shapes = [(1, 1), (1, 0), (0, 1)]
    for a in range(1, config.side + 1):
        for b in range(1, config.side + 1):
            if (a, b) != (1, 1) and a + b <= config.max_align:
                shapes.append((a, b))
    return shapes


def anchors(src: np.ndarray, tgt: np.ndarray, config: AlignConfig) -> list[tuple[int, int]]:
    """The heaviest strictly increasing chain of candidate pairs with margin > threshold."""
    cand = candidate_pairs(src, tgt, config.k)
    keep = cand.margin > config.anchor_threshold
    si, ti = cand.source[keep], cand.target[keep]
    weight = (cand.margin[keep] - config.anchor_threshold).astype(np.float64)
    order = np.lexsort((ti, si))
    si, ti, weight = si[order], ti[order], weight[order]
    m = len(tgt)
    tree_val = np.zeros(m + 1)              # Fenwick prefix-max over target ids
    tree_arg = np.full(m + 1, -1, dtype=np.int64)
    best = np.zeros(len(si))
    prev = np.full(len(si), -1, dtype=np.int64)
    start = 0
    while start < len(si):
        stop = start
        while stop < len(si) and si[stop] == si[start]:
            stop += 1
        for p in range(start, stop):        # query all of one source row first: strict in i
            q, val, arg = int(ti[p]), 0.0, -1
            while q > 0:
                if tree_val[q] > val:
                    val, arg = tree_val[q], tree_arg[q]
                q -= q & -q
            best[p], prev[p] = val + weight[p], arg
        for p in range(start, stop):
            q = int(ti[p]) + 1
            while q <= m:
                if best[p] > tree_val[q]:
                    tree_val[q], tree_arg[q] = best[p], p
                q += q & -q
        start = stop
    if not len(best):
        return []
    chain, p = [], int(np.argmax(best))
    while p >= 0:
        chain.append((int(si[p]), int(ti[p])))
        p = int(prev[p])
    return chain[::-1]


def band(n: int, m: int, chain: list[tuple[int, int]], window: int) -> tuple[np.ndarray, np.ndarray]:
    """For each source prefix ``0..n``, the inclusive range of target prefixes allowed."""
    xs = np.array([0.0] + [i + 0.5 for i, _ in chain] + [float(n)])
    ys = np.array([0.0] + [j + 0.5 for _, j in chain] + [float(m)])
    rows = np.arange(n + 1)
    before = np.searchsorted(xs, rows, side="right") - 1
    after = np.minimum(np.searchsorted(xs, rows, side="left"), len(xs) - 1)
    lo = np.clip(np.floor(ys[before]).astype(np.int64) - window, 0, m)
    hi = np.clip(np.ceil(ys[after]).astype(np.int64) + window, 0, m)
    lo[0], hi[n] = 0, m
    return lo, np.maximum(hi, lo)


def _prepare(runs: dict[int, np.ndarray], other: np.ndarray, lengths: np.ndarray, k: int) -> _Side:
    """Per-run neighbourhoods: a joined run takes the mean of its segments' own.

    (A joined run is less similar to any single segment than a segment is, so
    its own k-NN mean would inflate its margin and favour merging.)
    """
    side = _Side(runs, np.asarray(lengths, dtype=np.float64))
    single = neighbourhood(runs[1], other, k)
    cum = np.concatenate([[0.0], np.cumsum(single)])
    side.nbr = {size: (cum[size:] - cum[:-size]) / size for size in runs}
    return side



def _gain(src: _Side, tgt: _Side, i: int, js: np.ndarray, a: int, b: int,
          config: AlignConfig, mu: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gain, cosine and margin of beads ``a``-``b`` ending at source prefix ``i``, targets ``js``."""
    s0, t0 = i - a, js - b
    cos = tgt.runs[b][t0] @ src.runs[a][s0]
    margin = ratio_margin(cos, src.nbr[a][s0], tgt.nbr[b][t0])
    mismatch = np.log((tgt.run_length(t0, b) + 10.0) / (src.run_length(s0, a) + 10.0)) - mu
    return margin - config.threshold - config.length_weight * mismatch ** 2, cos, margin


def align_runs(
    src_runs: dict[int, np.ndarray],
    tgt_runs: dict[int, np.ndarray],
    src_lengths: np.ndarray,
    tgt_lengths: np.ndarray,
    config: AlignConfig = AlignConfig(),
) -> list[Bead]:
    """Align two documents given their run embeddings (see :func:`align.encoders.embed_runs`).

    Returns beads covering every segment of both sides exactly once, in order.

    Example::

        beads = align_runs(embed_runs(src_texts, enc, 4), embed_runs(tgt_texts, enc, 4), src_lengths, tgt_lengths)
        beads[0]     # Bead(source=(0,), target=(0,), score=0.93..., margin=1.08...)
    """
    n, m = len(src_lengths), len(tgt_lengths)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    src = _prepare(src_runs, tgt_runs[1], src_lengths, config.k)
    tgt = _prepare(tgt_runs, src_runs[1], tgt_lengths, config.k)
    mu = float(np.log((tgt.cum[-1] + 1.0) / (src.cum[-1] + 1.0)))
    lo, hi = band(n, m, anchors(src_runs[1], tgt_runs[1], config), config.window)
    shapes = [(a, b) for a, b in bead_shapes(config) if a in src_runs or a == 0]
    shapes = [(a, b) for a, b in shapes if b in tgt_runs or b == 0]
    score: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        row = np.full(len(js), NEG)
        arg = np.full(len(js), -1, dtype=np.int8)
        if i == 0:
            row[js == 0] = 0.0
        for s, (a, b) in enumerate(shapes):
            if a == 0 or a > i:
                continue
            p = i - a
            pj = js - b
            ok = (pj >= lo[p]) & (pj <= hi[p])
            if not ok.any():
                continue
            prev = score[p][pj[ok] - lo[p]]
            if b == 0:
                cand = prev - config.skip
            else:
                cand = prev + _gain(src, tgt, i, js[ok], a, b, config, mu)[0]
            better = cand > row[ok]
            idx = np.nonzero(ok)[0][better]
            row[idx], arg[idx] = cand[better], s
        _insertions(row, arg, shapes.index((0, 1)), config.skip)
        score.append(row)
        back.append(arg)
    return _backtrack(src, tgt, lo, back, shapes, config, mu, n, m)


def _insertions(row: np.ndarray, arg: np.ndarray, shape: int, skip: float) -> None:
    """Apply 0-1 beads within a row: row[j] = max(row[j], row[j-1] - skip), vectorised."""
    ramp = skip * np.arange(len(row))
    best = np.maximum.accumulate(row + ramp) - ramp
    moved = best > row + 1e-12
    row[moved], arg[moved] = best[moved], shape


def _backtrack(src: _Side, tgt: _Side, lo: np.ndarray, back: list[np.ndarray],
               shapes: list[tuple[int, int]], config: AlignConfig, mu: float,
               n: int, m: int) -> list[Bead]:
    beads, i, j = [], n, m
    while i > 0 or j > 0:
        a, b = shapes[int(back[i][j - lo[i]])]
        if a and b:
            _, cos, margin = _gain(src, tgt, i, np.array([j]), a, b, config, mu)
            beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), float(cos[0]), float(margin[0])))
        else:
            beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]
