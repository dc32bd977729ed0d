"""Moved content: unpaired segments on both sides that are each other's translation.

The aligner is monotonic, so a block of sentences that the translator moved
elsewhere comes out as omissions (1-0 beads) in one place and additions (0-1
beads) in another. :func:`find_moves` pairs them up again, afterwards, from the
beads and the segment vectors alone:

1. Take the unpaired source segments and the unpaired target segments.
2. Pair ``s`` with ``t`` when they are mutual nearest neighbours among *all*
   segments of the other document (FAISS, exact inner product) and their ratio
   margin (cosine over the mean of both sides' ``k``-NN similarity, as in
   :mod:`align.candidates`) clears ``min_margin``. A segment whose translation
   is paired elsewhere, or which has none, finds an aligned segment as its
   nearest neighbour and is left alone.
3. Pairs that lie in the same gap of the alignment (no paired bead between
   them) are not moves: the aligner saw them side by side and declined to pair
   them, so they stay an omission and an addition.
4. Chain pairs into blocks: consecutive unpaired ids on both sides (in the
   order of the unpaired segments, so a block may straddle nothing but other
   unpaired segments) form one :class:`Move`; unpaired ids strictly inside a
   block's span on either side join the block (a sentence the translator split
   or merged while moving it).

Pure function: same beads and vectors, same moves. Linear-ish in the number of
unpaired segments times the document length (two FAISS searches).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np

from .candidates import knn, ratio_margin


@dataclass(frozen=True)
class Move:
    """A block of source segments whose translation sits elsewhere in the target.

    ``score`` is the mean ratio margin of the block's matched pairs (> 1: the
    pairs stand out from their neighbourhoods; see :mod:`align.candidates`).
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float

    def to_dict(self) -> dict:
        """JSON form: ``{"source": [..], "target": [..], "score": ..}``."""
        return {"source": list(self.source), "target": list(self.target), "score": round(self.score, 4)}


def _vectors(v: np.ndarray | Mapping[int, np.ndarray]) -> np.ndarray:
    """Single-segment vectors from an array or from a runs dict (``runs[1]``)."""
    if isinstance(v, Mapping):
        v = v[1] if 1 in v else np.zeros((0, 1), dtype=np.float32)
    return np.ascontiguousarray(v, dtype=np.float32)


def _gaps(beads: Sequence, side: str) -> dict[int, int]:
    """Unpaired segment id on ``side`` -> index of the gap (run of unpaired beads) it lies in."""
    out: dict[int, int] = {}
    gap = 0
    for bead in beads:
        src, tgt = bead.source, bead.target
        if src and tgt:
            gap += 1
            continue
        ids = src if side == "source" and not tgt else tgt if side == "target" and not src else ()
        for i in ids:
            out[i] = gap
    return out


def find_moves(
    beads: Sequence,
    src_vectors: np.ndarray | Mapping[int, np.ndarray],
    tgt_vectors: np.ndarray | Mapping[int, np.ndarray],
    *,
    k: int = 3,
    min_margin: float = 1.02,
    max_step: int = 2,
) -> list[Move]:
    """Moved blocks among the unpaired segments of an alignment (see the module docstring).

    ``beads`` are :class:`align.aligner.Bead` (anything with ``source`` and
    ``target`` id tuples); vectors are the unit single-segment embeddings of
    each side (or the runs dicts of :func:`align.embed.embed_runs`).
    ``max_step`` is how far apart, in unpaired ids, two pairs of one block may
    be on either side.

        >>> find_moves(beads, src_runs, tgt_runs)
        [Move(source=(12, 13, 14), target=(40, 41, 42), score=1.09)]
    """
    src, tgt = _vectors(src_vectors), _vectors(tgt_vectors)
    src_gap, tgt_gap = _gaps(beads, "source"), _gaps(beads, "target")
    if not src_gap or not tgt_gap or len(src) == 0 or len(tgt) == 0:
        return []
    us = np.array(sorted(src_gap), dtype=np.int64)
    ut = np.array(sorted(tgt_gap), dtype=np.int64)
    # nearest neighbours over the whole other document, and neighbourhoods for the margin
    s_sims, s_ids = knn(src[us], tgt, k)
    t_sims, t_ids = knn(tgt[ut], src, k)
    s_best = dict(zip(us.tolist(), s_ids[:, 0].tolist()))
    t_best = dict(zip(ut.tolist(), t_ids[:, 0].tolist()))
    s_nbr = dict(zip(us.tolist(), s_sims.mean(axis=1).tolist()))
    t_nbr = dict(zip(ut.tolist(), t_sims.mean(axis=1).tolist()))
    pairs: list[tuple[int, int, float]] = []
    for s in us.tolist():
        t = s_best[s]
        if t not in t_best or t_best[t] != s or src_gap[s] == tgt_gap[t]:
            continue
        margin = float(ratio_margin(float(src[s] @ tgt[t]), s_nbr[s], t_nbr[t]))
        if margin >= min_margin:
            pairs.append((s, t, margin))
    return _blocks(pairs, us, ut, max_step)


def _blocks(pairs: list[tuple[int, int, float]], us: np.ndarray, ut: np.ndarray, max_step: int) -> list[Move]:
    """Chain matched pairs that follow each other on both sides into blocks."""
    if not pairs:
        return []
    rank_s = {s: r for r, s in enumerate(us.tolist())}
    rank_t = {t: r for r, t in enumerate(ut.tolist())}
    groups: list[list[tuple[int, int, float]]] = []
    for s, t, m in sorted(pairs):
        if groups:
            ps, pt, _ = groups[-1][-1]
            ds, dt = rank_s[s] - rank_s[ps], rank_t[t] - rank_t[pt]
            if 0 < ds <= max_step and 0 < dt <= max_step and s - ps <= max_step and t - pt <= max_step:
                groups[-1].append((s, t, m))
                continue
        groups.append([(s, t, m)])
    moves = []
    for g in groups:
        s_lo, s_hi = g[0][0], g[-1][0]
        t_lo, t_hi = g[0][1], g[-1][1]
        source = tuple(int(x) for x in us[(us >= s_lo) & (us <= s_hi)])
        target = tuple(int(x) for x in ut[(ut >= t_lo) & (ut <= t_hi)])
        moves.append(Move(source, target, float(np.mean([m for _, _, m in g]))))
    return moves


def moved_ids(moves: Iterable[Move]) -> tuple[set[int], set[int]]:
    """Source and target ids covered by ``moves`` (for turning omissions + additions into moves)."""
    src: set[int] = set()
    tgt: set[int] = set()
    for mv in moves:
        src.update(mv.source)
        tgt.update(mv.target)
    return src, tgt
