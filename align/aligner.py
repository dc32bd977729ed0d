"""The alignment stage: a monotonic dynamic program over beads, in a band around anchors.

1. Anchors: the heaviest strictly monotonic chain of FAISS candidate pairs whose
   ratio margin clears the threshold (a weighted longest-increasing-subsequence,
   ``O(P log P)`` for ``P`` candidates taken over the *whole* documents, so a
   missing section or a truncated file just makes the chain jump).
2. Band: each source prefix may only meet target prefixes between its
   neighbouring anchors, widened by ``window``. The band is monotone and
   connected, so the end cell is always reachable whatever the anchors (a gap
   between two anchors is a rectangle the path crosses with 1-0/0-1 beads).
   Time and memory grow with document length times band width, i.e. linearly.
3. Beads: 1-0, 0-1, 1-1 and every ``a``-``b`` with ``a + b <= max_align`` and
   sides up to ``max_side``. A match bead gains a weighted sum of features
   (``FEATURES``; weights in ``AlignConfig.weights``) computed from the
   embeddings of the joined segments, by default

       gain = (cos - local) * lenpen                      Bertalign's bead score
              - 2 * max(0, part - cos)                    a merge must beat its parts
              - 0.005 * mismatch**2 - 0.0125 * [a + b == 3]

   ``local`` is the mean similarity of each side to the segments just before
   and after the other side; ``lenpen`` is ``log2(1 + min/max)`` of the two
   character lengths, the target's scaled by the typical length ratio of the
   anchor pairs (not of the whole documents, which is wrong for a partial
   translation), ``mismatch`` their log ratio; ``part`` the best cosine of any
   smaller bead inside this one, so an unrelated neighbour (a sentence whose
   translation is missing) stays a 1-0 bead instead of being swallowed.
4. Gaps: three states (match, run of 1-0 beads, run of 0-1 beads). Starting a
   run costs ``gap_open + open_best * best`` of its first segment, where
   ``best`` is how much the segment's nearest neighbour in the other document
   beats the document's median: a sentence with no good match anywhere is cheap
   to leave out. Every skipped segment then costs ``skip`` (0 by default), so a
   long missing section costs about as much as one omitted sentence, while
   replacing a weak pair by a 1-0 and a 0-1 bead costs two openings.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .candidates import candidate_pairs, knn, ratio_margin
from .errors import InputError

NEG = -1e18


FEATURES = ("bias", "cos", "margin", "local", "lenpen", "bert", "mismatch2", "gale_church", "merge", "merge_gain",
            "size3", "size4", "size5")


# Linear weights of the bead features (see ``_Scorer.features``); gap costs are separate fields.
DEFAULT_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("bert", 1.0), ("mismatch2", -0.005), ("merge", -2.0), ("size3", -0.0125),
)


@dataclass(frozen=True)
class AlignConfig:
    """Knobs of the aligner; the defaults were tuned on the Text+Berg dev document and ClickSend.

    ``max_align``: the largest bead (source + target segments); ``max_side``: the most
    segments on one side of a bead (``max_align - 1`` when not given).

    ``weights`` are the linear weights of the bead features (``FEATURES``;
    names left out weigh nothing). A run of 1-0 (or 0-1) beads costs
    ``gap_open + open_best * best`` of its first segment once, then
    ``skip + skip_best * best`` per segment (each clipped at 0), where ``best``
    is how much the segment's nearest neighbour in the other document beats
    the document's median. ``eval/tune_aligner.py`` documents how they were chosen.

    >>> AlignConfig(max_align=3).max_side
    2
    """

    max_align: int = 5
    max_side: int | None = None
    k: int = 3
    window: int = 5
    anchor_threshold: float = 1.0
    weights: tuple[tuple[str, float], ...] = DEFAULT_WEIGHTS
    gap_open: float = 0.05
    skip: float = 0.0
    skip_best: float = 0.0
    open_best: float = 0.5

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
        if min(self.gap_open, self.skip) < 0:
            problems.append("gap_open and skip must not be negative")
        unknown = {name for name, _ in self.weights} - set(FEATURES)
        if unknown:
            problems.append(f"unknown bead features in weights: {sorted(unknown)}")
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


class _SideRuns:
    """One document's run vectors, lengths and per-run neighbourhood means."""

    def __init__(self, runs: dict[int, np.ndarray], lengths: np.ndarray,
                 neighbours: tuple[np.ndarray, np.ndarray]) -> None:
        self.runs = {s: np.ascontiguousarray(v, dtype=np.float32) for s, v in runs.items()}
        self.lengths = np.asarray(lengths, dtype=np.float64)
        self.n = len(self.lengths)
        self.cum = np.concatenate([[0.0], np.cumsum(self.lengths)])
        self.neighbours = neighbours        # (sims, ids) of each segment's k-NN in the other document
        # a joined run takes the mean of its segments' own neighbourhoods (a joined run is
        # less similar to any single segment than a segment is, so its own k-NN mean
        # would inflate its margin and favour merging)
        sims = neighbours[0]
        single = sims.mean(axis=1)
        # how much better than usual this segment's best match is (skip feature)
        self.best = sims[:, 0] - float(np.median(sims[:, 0]))
        cum = np.concatenate([[0.0], np.cumsum(single)])
        self.nbr = {size: (cum[size:] - cum[:-size]) / size for size in self.runs}

    def run_length(self, start: np.ndarray, size: int) -> np.ndarray:
        return self.cum[start + size] - self.cum[start] + (size - 1)


def bead_shapes(config: AlignConfig) -> list[tuple[int, int]]:
    """Every bead shape the aligner considers, 1-1 first."""
    shapes = [(1, 1), (1, 0), (0, 1)]
    for a in range(1, config.side + 1):
        for b in range(1, config.side + 1):
            if (a, b) != (1, 1) and a + b <= config.max_align:
                shapes.append((a, b))
    return shapes


def anchors(src: np.ndarray, tgt: np.ndarray, config: AlignConfig, neighbours=None) -> list[tuple[int, int]]:
    """The heaviest strictly increasing chain of candidate pairs with margin > threshold."""
    if len(src) == 0 or len(tgt) == 0:
        return []
    cand = candidate_pairs(src, tgt, config.k, neighbours)
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
    """For each source prefix ``0..n``, the inclusive range of target prefixes allowed.

    The result is monotone (``lo`` and ``hi`` never decrease) and connected
    (``lo[i] <= hi[i - 1]``), with ``lo[0] == 0`` and ``hi[n] == m``: every cell
    of it can be reached from ``(0, 0)`` and reaches ``(n, m)`` through 1-0/0-1
    beads, whatever the anchors.
    """
    xs = np.array([0.0] + [i + 0.5 for i, _ in chain] + [float(n)])
    ys = np.array([0.0] + [j + 0.5 for _, j in chain] + [float(m)])
    rows = np.arange(n + 1)
    # the last anchor strictly before each row and the first strictly after it (rows 0 and
    # n see the first and last anchor, not the pinned corners they coincide with)
    before = np.maximum(np.searchsorted(xs, rows, side="left") - 1, 0)
    after = np.minimum(np.searchsorted(xs, rows, side="right"), len(xs) - 1)
    lo = np.clip(np.floor(ys[before]).astype(np.int64) - window, 0, m)
    hi = np.clip(np.ceil(ys[after]).astype(np.int64) + window, 0, m)
    lo[0], hi[n] = 0, m
    lo = np.maximum.accumulate(lo)
    hi = np.maximum.accumulate(np.maximum(hi, lo))
    hi[:-1] = np.maximum(hi[:-1], lo[1:])   # consecutive rows overlap: no row is cut off
    return lo, hi


def _length_ratio(src: _SideRuns, tgt: _SideRuns, chain: list[tuple[int, int]]) -> float:
    """Typical log length ratio target/source: the median over anchor pairs, else of the sentences'.

    (The documents' total ratio is wrong for a partial translation: half the
    target would make every bead look twice too long on the source side.)
    """
    if len(chain) >= 5:
        s = np.array([i for i, _ in chain])
        t = np.array([j for _, j in chain])
        return float(np.median(np.log((tgt.lengths[t] + 10.0) / (src.lengths[s] + 10.0))))
    return float(np.log((np.median(tgt.lengths) + 10.0) / (np.median(src.lengths) + 10.0)))


class _Scorer:
    """Gains of every bead shape over a block of DP rows, from dense run-by-run cosine blocks."""

    def __init__(self, src: _SideRuns, tgt: _SideRuns, lo: np.ndarray, hi: np.ndarray,
                 shapes: list[tuple[int, int]], config: AlignConfig, mu: float) -> None:
        self.src, self.tgt, self.lo, self.hi = src, tgt, lo, hi
        self.shapes, self.config, self.mu = shapes, config, mu
        self.pad = config.side + 1
        self.weights = bead_weights(config)

    def block(self, r0: int, r1: int) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """For rows ``r0..r1-1`` and each shape: (gain, cos, margin), each ``(rows, width)``.

        Cell ``[r, w]`` is the bead ending at source prefix ``r0 + r`` and target
        prefix ``lo[r0 + r] + w``; cells outside the row's band or the documents are NEG.
        """
        src, tgt = self.src, self.tgt
        n, m = src.n, tgt.n
        rows = np.arange(r0, r1)
        lo = self.lo[r0:r1]
        width = int((self.hi[r0:r1] - lo).max()) + 1
        js = lo[:, None] + np.arange(width)[None, :]                     # target prefix per cell
        inside = js <= self.hi[r0:r1, None]
        s_lo, s_hi = max(0, r0 - self.pad), min(n, r1)                 # source ids touched
        t_lo, t_hi = max(0, int(lo[0]) - self.pad), min(m, int(self.hi[r1 - 1]) + 1)
        cache: dict[tuple[int, int], np.ndarray] = {}

        def dots(p: int, q: int) -> np.ndarray:
            if (p, q) not in cache:
                a = src.runs[p][s_lo:min(s_hi, n - p + 1)]
                b = tgt.runs[q][t_lo:min(t_hi, m - q + 1)]
                cache[p, q] = a @ b.T
            return cache[p, q]

        def lookup(p: int, q: int, s: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """cos(src run (s, p), tgt run (t, q)) and whether both runs exist."""
            if p not in src.runs or q not in tgt.runs:
                return np.zeros(np.broadcast(s, t).shape, dtype=np.float32), np.zeros(np.broadcast(s, t).shape, bool)
            d = dots(p, q)
            si, ti = s - s_lo, t - t_lo
            ok = (s >= 0) & (s + p <= n) & (t >= 0) & (t + q <= m) & (si >= 0) & (si < d.shape[0]) \
                & (ti >= 0) & (ti < d.shape[1])
            ok = np.broadcast_to(ok, np.broadcast(s, t).shape)
            vals = d[np.clip(np.broadcast_to(si, ok.shape), 0, max(d.shape[0] - 1, 0)),
                     np.clip(np.broadcast_to(ti, ok.shape), 0, max(d.shape[1] - 1, 0))] if d.size else \
                np.zeros(ok.shape, dtype=np.float32)
            return np.where(ok, vals, 0.0), ok

        out = {}
        weights = self.weights
        for a, b in self.shapes:
            if a == 0 or b == 0:
                continue
            s0 = (rows - a)[:, None]
            t0 = js - b
            cos, valid = lookup(a, b, s0, t0)
            valid = valid & inside
            if not valid.any():
                continue
            f = self.features(a, b, rows, js, s0, t0, cos, lookup)
            gain = np.zeros(cos.shape)
            for name, w in weights.items():
                if w and name in f:
                    gain = gain + w * f[name]
            if a + b > 2:
                gain = gain + weights.get(f"size{a + b}", 0.0)
            out[a, b] = (np.where(valid, gain, NEG), cos, f["margin"] + 1.0)
        return out

    def features(self, a: int, b: int, rows, js, s0, t0, cos, lookup) -> dict[str, np.ndarray]:
        """The bead features (see ``FEATURES``) of shape ``a``-``b`` over a block of cells."""
        src, tgt = self.src, self.tgt
        n, m = src.n, tgt.n
        s0c = np.clip(s0, 0, n - a)
        t0c = np.clip(t0, 0, m - b)
        f: dict[str, np.ndarray] = {"bias": np.ones(cos.shape), "cos": cos}
        f["margin"] = ratio_margin(cos, src.nbr[a][s0c], tgt.nbr[b][t0c]) - 1.0
        left_t, okl = lookup(a, 1, s0, t0 - 1)
        right_t, okr = lookup(a, 1, s0, js)
        nb_t = (left_t + right_t) / np.maximum(okl.astype(np.float32) + okr, 1)
        left_s, okl = lookup(1, b, s0 - 1, t0)
        right_s, okr = lookup(1, b, rows[:, None], t0)
        nb_s = (left_s + right_s) / np.maximum(okl.astype(np.float32) + okr, 1)
        f["local"] = cos - (nb_t + nb_s) / 2
        ls = src.run_length(s0c, a)
        lt = tgt.run_length(t0c, b)
        lt_scaled = lt * np.exp(-self.mu)
        lenpen = np.log2(1 + np.minimum(ls, lt_scaled) / np.maximum(np.maximum(ls, lt_scaled), 1e-9))
        f["lenpen"] = lenpen - 1.0
        f["bert"] = f["local"] * lenpen
        f["mismatch2"] = (np.log((lt + 10.0) / (ls + 10.0)) - self.mu) ** 2
        # Gale & Church: the length difference in standard deviations that grow with sqrt(length)
        f["gale_church"] = (lt_scaled - ls) ** 2 / np.maximum((ls + lt_scaled) / 2, 1.0) / 10.0
        if a + b > 2:
            part = np.full(cos.shape, -1.0)
            for a2 in range(1, a + 1):          # every smaller bead inside this one
                for b2 in range(1, b + 1):
                    if (a2, b2) == (a, b):
                        continue
                    for ds in range(a - a2 + 1):
                        for dt in range(b - b2 + 1):
                            part = np.maximum(part, lookup(a2, b2, s0 + ds, t0 + dt)[0])
            f["merge"] = np.maximum(0.0, part - cos)
            f["merge_gain"] = np.maximum(0.0, cos - part)
        else:
            f["merge"] = np.zeros(cos.shape)
            f["merge_gain"] = np.zeros(cos.shape)
        return f


def bead_weights(config: AlignConfig) -> dict[str, float]:
    """The linear weights of the bead features, by name (checked by ``AlignConfig``)."""
    return dict(config.weights)


def _chunks(lo: np.ndarray, hi: np.ndarray, budget: int = 2048):
    """Row blocks whose cell count (rows x widest band) stays near ``budget``."""
    n1 = len(lo)
    r0 = 0
    while r0 < n1:
        r1, widest = r0, 0
        while r1 < n1:
            w = max(widest, int(hi[r1] - lo[r1]) + 1)
            if r1 > r0 and w * (r1 - r0 + 1) > budget:
                break
            widest, r1 = w, r1 + 1
        yield r0, r1
        r0 = r1


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
    problem = Problem(src_runs, tgt_runs, src_lengths, tgt_lengths, config)
    return _beads(problem.scorer, problem.decode())


class Problem:
    """One document pair made ready for the DP: sides, anchors, band, scorer and gap costs.

    (Split out of :func:`align_runs` so that evaluation code can decode with
    other gains, e.g. the best path a gold alignment allows in this band.)
    """

    def __init__(self, src_runs, tgt_runs, src_lengths, tgt_lengths, config: AlignConfig) -> None:
        self.n, self.m = len(src_lengths), len(tgt_lengths)
        self.config = config
        s1 = np.ascontiguousarray(src_runs[1], dtype=np.float32)
        t1 = np.ascontiguousarray(tgt_runs[1], dtype=np.float32)
        fwd, bwd = knn(s1, t1, config.k), knn(t1, s1, config.k)     # one search each way, shared
        self.src = _SideRuns(src_runs, src_lengths, fwd)
        self.tgt = _SideRuns(tgt_runs, tgt_lengths, bwd)
        self.chain = anchors(s1, t1, config, (fwd, bwd))
        self.mu = _length_ratio(self.src, self.tgt, self.chain)
        self.lo, self.hi = band(self.n, self.m, self.chain, config.window)
        self.shapes = [(a, b) for a, b in bead_shapes(config)
                       if (a == 0 or a in self.src.runs) and (b == 0 or b in self.tgt.runs)]
        self.match = [(a, b) for a, b in self.shapes if a and b]
        self.scorer = _Scorer(self.src, self.tgt, self.lo, self.hi, self.shapes, config, self.mu)
        self.skip_s, self.skip_t, self.open_s, self.open_t = skip_costs(self.src, self.tgt, config)

    def decode(self, gains_of=None, skip_s=None, skip_t=None, open_s=None,
               open_t=None) -> list[tuple[int, int, int, int]]:
        """The best path under the configured gains and gap costs (or the ones given)."""
        if gains_of is None:
            gains_of = lambda r0, r1: {k: v[0] for k, v in self.scorer.block(r0, r1).items()}
        pick = lambda given, default: default if given is None else given
        return _dp(gains_of, self.lo, self.hi, self.match, pick(skip_s, self.skip_s), pick(skip_t, self.skip_t),
                   pick(open_s, self.open_s), pick(open_t, self.open_t), self.n, self.m)


def skip_costs(src: _SideRuns, tgt: _SideRuns,
               config: AlignConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cost of leaving each source and each target segment unpaired, and of a gap starting there."""
    return (np.maximum(0.0, config.skip + config.skip_best * src.best),
            np.maximum(0.0, config.skip + config.skip_best * tgt.best),
            np.maximum(0.0, config.gap_open + config.open_best * src.best),
            np.maximum(0.0, config.gap_open + config.open_best * tgt.best))


def _dp(gains_of, lo: np.ndarray, hi: np.ndarray, match: list[tuple[int, int]], skip_s: np.ndarray,
        skip_t: np.ndarray, open_s: np.ndarray, open_t: np.ndarray, n: int, m: int) -> list[tuple[int, int, int, int]]:
    """Three-state (match / deletion / insertion) DP over the band; returns the path as ``(i, j, a, b)`` beads.

    ``M[i][j]``: best score of an alignment of prefixes ``i``, ``j`` ending in a
    match bead (or the origin); ``D``: ending in a 1-0 bead; ``I``: ending in a
    0-1 bead. A run of 1-0 beads starting at source segment ``x`` costs
    ``open_s[x]`` once (``open_t[y]`` for 0-1 beads; so replacing a weak pair
    by a 1-0 and a 0-1 bead costs two openings, while a long missing section
    costs one); leaving source segment ``x`` unpaired costs ``skip_s[x]``,
    target segment ``y`` ``skip_t[y]``. ``gains_of(r0, r1)``
    gives, per match shape, the ``(rows, width)`` gains of the beads ending in
    rows ``r0..r1-1`` (NEG where impossible).
    """
    M: list[np.ndarray] = []
    D: list[np.ndarray] = []
    In: list[np.ndarray] = []
    back_m: list[np.ndarray] = []     # index into ``match``
    back_d: list[np.ndarray] = []     # state before the 1-0 bead: 0 M, 1 D, 2 I
    back_i: list[np.ndarray] = []     # state before the 0-1 bead: 0 M, 1 D, 2 I
    for r0, r1 in _chunks(lo, hi):
        gains = gains_of(r0, r1)
        for i in range(r0, r1):
            r = i - r0
            width = int(hi[i] - lo[i]) + 1
            js = np.arange(lo[i], hi[i] + 1)
            row_m = np.full(width, NEG)
            arg_m = np.full(width, -1, dtype=np.int8)
            if i == 0:
                row_m[0] = 0.0                                   # the origin counts as a match
            for s, (a, b) in enumerate(match):
                if a > i or (a, b) not in gains:
                    continue
                g = gains[a, b][r, :width]
                p = i - a
                pj = js - b
                ok = (pj >= lo[p]) & (pj <= hi[p]) & (g > NEG / 2)
                if not ok.any():
                    continue
                idx = np.nonzero(ok)[0]
                q = pj[idx] - lo[p]
                cand = np.maximum(np.maximum(M[p][q], D[p][q]), In[p][q]) + g[idx]
                better = cand > row_m[idx]
                row_m[idx[better]], arg_m[idx[better]] = cand[better], s
            # deletions: a 1-0 bead from the row above
            row_d = np.full(width, NEG)
            arg_d = np.zeros(width, dtype=np.int8)
            if i > 0:
                p = i - 1
                idx = np.nonzero((js >= lo[p]) & (js <= hi[p]))[0]
                q = js[idx] - lo[p]
                opts = np.stack([M[p][q] - open_s[p], D[p][q], In[p][q] - open_s[p]]) - skip_s[p]
                arg_d[idx] = np.argmax(opts, axis=0)
                row_d[idx] = opts.max(axis=0)
            # insertions: 0-1 beads along the row; In[j] = max(base[j], In[j-1] - step[j])
            step = np.zeros(width)                              # cost of the 0-1 bead into cell j
            step[1:] = skip_t[js[1:] - 1]
            base = np.full(width, NEG)
            arg_i = np.zeros(width, dtype=np.int8)
            entry = open_t[js[1:] - 1] + step[1:]
            from_m = row_m[:-1] - entry
            from_d = row_d[:-1] - entry
            pick = from_d > from_m
            base[1:] = np.where(pick, from_d, from_m)
            arg_i[1:] = pick.astype(np.int8)
            ramp = np.cumsum(step)
            run = np.maximum.accumulate(base + ramp) - ramp
            along = run > base + 1e-9
            arg_i[along] = 2
            M.append(row_m)
            D.append(row_d)
            In.append(np.where(along, run, base))
            back_m.append(arg_m)
            back_d.append(arg_d)
            back_i.append(arg_i)
    # backtrack: state 0 M, 1 D, 2 I
    path: list[tuple[int, int, int, int]] = []
    i, j = n, m
    c = m - lo[n]
    state = int(np.argmax([M[n][c], D[n][c], In[n][c]]))
    while i > 0 or j > 0:
        c = j - lo[i]
        if state == 0:
            a, b = match[int(back_m[i][c])]
            path.append((i - a, j - b, a, b))
            i, j = i - a, j - b
            c = j - lo[i]
            state = int(np.argmax([M[i][c], D[i][c], In[i][c]]))
        elif state == 1:
            path.append((i - 1, j, 1, 0))
            state = int(back_d[i][c])
            i -= 1
        else:
            path.append((i, j - 1, 0, 1))
            state = int(back_i[i][c])
            j -= 1
    return path[::-1]


def _beads(scorer: _Scorer, path: list[tuple[int, int, int, int]]) -> list[Bead]:
    """Beads from a DP path, with the cosine and margin of every match bead."""
    src, tgt = scorer.src, scorer.tgt
    beads = []
    for s0, t0, a, b in path:
        if a and b:
            cos = float(src.runs[a][s0] @ tgt.runs[b][t0])
            margin = float(ratio_margin(cos, src.nbr[a][s0], tgt.nbr[b][t0]))
            beads.append(Bead(tuple(range(s0, s0 + a)), tuple(range(t0, t0 + b)), cos, margin))
        else:
            beads.append(Bead(tuple(range(s0, s0 + a)), tuple(range(t0, t0 + b))))
    return beads
