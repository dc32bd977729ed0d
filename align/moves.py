"""Moved content: unpaired segments on both sides that are each other's translation.

The aligner is monotonic, so a block of sentences that the translator moved
elsewhere comes out as omissions (1-0 beads) in one place and additions (0-1
beads) in another. :func:`find_moves` pairs them up again, afterwards, from the
beads and the segment vectors alone:

1. Gaps: the unpaired segments between two paired beads form one gap on each
   side (their ids are consecutive).
2. Seeds: an unpaired source segment ``s`` and an unpaired target segment ``t``
   that are mutual nearest neighbours among *all* segments of the other
   document (FAISS, exact inner product) with a ratio margin (cosine over the
   mean of both sides' ``k``-NN similarity, as in :mod:`align.candidates`) of at
   least ``min_margin``. A segment whose translation is aligned elsewhere, or
   which has none, finds an aligned segment as its nearest neighbour and seeds
   nothing. Seeds inside the same gap on both sides are not moves: the aligner
   saw those segments side by side and declined to pair them.
3. Blocks: the seeds shared by one source gap and one target gap make one
   :class:`Move` (contiguous runs become one block, not one finding per
   sentence): on each side, the span from the first to the last seed, grown
   over neighbouring unpaired segments whose best match in the other side's gap
   is close to their best match anywhere (``min_fit``; a sentence split or
   merged in the move, or a fragment, need not be anyone's nearest neighbour).
   A block is kept when the mean margin of its seeds reaches ``min_score``
   (``min_chained`` when two seeds stand side by side on both sides, in order:
   two mutual neighbours that are also each other's neighbours' partners do not
   meet by chance) and neither side is more than three times longer than the
   other.

4. Edges (:func:`place_moves`): the aligner may have merged the first or last
   sentence of a moved block into the bead next to the block's old place (a 3-1
   bead where a 2-1 and a moved sentence belong). When the bead's edge segment
   and the unpaired segment next to the move's other side are each other's
   nearest neighbours in the whole other document, the bead gives the segment
   up (it becomes unpaired) and the move grows over both.

Pure functions: same beads and vectors, same moves. Cost: two FAISS searches of
the unpaired segments against the other document.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .candidates import knn, ratio_margin


@dataclass(frozen=True)
class Move:
    """A block of source segments whose translation sits elsewhere in the target.

    ``score`` is the mean ratio margin of the block's seed pairs (> 1: the
    pairs stand out from their neighbourhoods; see :mod:`align.candidates`).
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float

    def to_dict(self) -> dict:
        """JSON form: ``{"source": [..], "target": [..], "score": ..}``."""
        return {"source": list(self.source), "target": list(self.target), "score": round(self.score, 4)}


def _runs(v: np.ndarray | Mapping[int, np.ndarray]) -> dict[int, np.ndarray]:
    """Run vectors from a runs dict (:func:`align.embed.embed_runs`) or single-segment vectors."""
    if isinstance(v, Mapping):
        return {int(s): np.ascontiguousarray(x, dtype=np.float32) for s, x in v.items()}
    return {1: np.ascontiguousarray(v, dtype=np.float32)} if len(v) else {}


def _gaps(beads: Sequence, side: str) -> list[list[int]]:
    """Runs of consecutive unpaired segment ids on ``side``, split by paired beads."""
    gaps: list[list[int]] = [[]]
    for bead in beads:
        if bead.source and bead.target:
            if gaps[-1]:
                gaps.append([])
            continue
        ids = bead.source if side == "source" else bead.target
        gaps[-1].extend(ids)
    return [g for g in gaps if g]


def find_moves(
    beads: Sequence,
    src_vectors: np.ndarray | Mapping[int, np.ndarray],
    tgt_vectors: np.ndarray | Mapping[int, np.ndarray],
    *,
    k: int = 3,
    min_margin: float = 1.0,
    min_score: float = 1.025,
    min_chained: float = 1.015,
    min_fit: float = 0.5,
) -> list[Move]:
    """Moved blocks among the unpaired segments of an alignment (see the module docstring).

    ``beads`` are :class:`align.aligner.Bead` (anything with ``source`` and
    ``target`` id tuples); the vectors are the unit single-segment embeddings
    of each side, or the runs dicts of :func:`align.embed.embed_runs`.

        >>> import numpy as np
        >>> from align.aligner import Bead
        >>> vectors = np.eye(6, dtype=np.float32)
        >>> beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), (3,)),
        ...          Bead((3,), (4,)), Bead((4,), ()), Bead((5,), (5,))]
        >>> [(m.source, m.target) for m in find_moves(beads, vectors, vectors[[0, 4, 1, 2, 3, 5]])]
        [((4,), (1,))]
    """
    src_runs, tgt_runs = _runs(src_vectors), _runs(tgt_vectors)
    src_gaps, tgt_gaps = _gaps(beads, "source"), _gaps(beads, "target")
    if not src_gaps or not tgt_gaps or 1 not in src_runs or 1 not in tgt_runs:
        return []
    src1, tgt1 = src_runs[1], tgt_runs[1]
    gap_of_s = {s: g for g, ids in enumerate(src_gaps) for s in ids}
    gap_of_t = {t: g for g, ids in enumerate(tgt_gaps) for t in ids}
    position: dict[tuple[str, int], int] = {}   # where each gap sits: index of the paired bead before it
    paired = 0
    for bead in beads:
        if bead.source and bead.target:
            paired += 1
        elif bead.source:
            position.setdefault(("s", gap_of_s[bead.source[0]]), paired)
        else:
            position.setdefault(("t", gap_of_t[bead.target[0]]), paired)
    us = np.array(sorted(gap_of_s), dtype=np.int64)
    ut = np.array(sorted(gap_of_t), dtype=np.int64)
    s_sims, s_ids = knn(src1[us], tgt1, k)
    t_sims, t_ids = knn(tgt1[ut], src1, k)
    t_row = {int(t): r for r, t in enumerate(ut)}
    seeds: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for r, s in enumerate(us.tolist()):
        t = int(s_ids[r, 0])
        if t not in t_row or int(t_ids[t_row[t], 0]) != s:
            continue
        gs, gt = gap_of_s[s], gap_of_t[t]
        if position[("s", gs)] == position[("t", gt)]:
            continue                   # side by side: the aligner already declined this pair
        margin = float(ratio_margin(float(src1[s] @ tgt1[t]), s_sims[r].mean(), t_sims[t_row[t]].mean()))
        if margin >= min_margin:
            seeds.setdefault((gs, gt), []).append((s, t, margin))
    # how similar each unpaired segment is to the other document at best and on average
    top_s = dict(zip(us.tolist(), s_sims[:, 0].tolist()))
    top_t = dict(zip(ut.tolist(), t_sims[:, 0].tolist()))
    base_s = dict(zip(us.tolist(), (src1[us] @ tgt1.mean(axis=0)).tolist()))
    base_t = dict(zip(ut.tolist(), (tgt1[ut] @ src1.mean(axis=0)).tolist()))
    moves = []
    for (gs, gt), pairs in sorted(seeds.items()):
        sims = src1[src_gaps[gs]] @ tgt1[tgt_gaps[gt]].T      # the two gaps against each other
        fit_s = {x: (v - base_s[x]) / max(top_s[x] - base_s[x], 1e-6)
                 for x, v in zip(src_gaps[gs], sims.max(axis=1).tolist())}
        fit_t = {y: (v - base_t[y]) / max(top_t[y] - base_t[y], 1e-6)
                 for y, v in zip(tgt_gaps[gt], sims.max(axis=0).tolist())}
        source = _extend(src_gaps[gs], [s for s, _, _ in pairs], fit_s, min_fit)
        target = _extend(tgt_gaps[gt], [t for _, t, _ in pairs], fit_t, min_fit)
        score = float(np.mean([m for _, _, m in pairs]))
        bar = min_chained if _chained(pairs) else min_score
        if score >= bar and max(len(source), len(target)) <= 3 * min(len(source), len(target)):
            moves.append(Move(source, target, score))
    return sorted(moves, key=lambda mv: (mv.source, mv.target))


def place_moves(beads: Sequence, src_vectors: np.ndarray | Mapping[int, np.ndarray],
                tgt_vectors: np.ndarray | Mapping[int, np.ndarray], *, k: int = 3,
                **options: float) -> tuple[list, list[Move]]:
    """:func:`find_moves`, then each move grown over the edge segments that neighbouring merged
    beads took from it (see the module docstring, step 4): the beads (still covering every
    segment once, in order; :class:`align.aligner.Bead` dataclasses, changed with
    ``dataclasses.replace``) and the moves. ``options`` go to :func:`find_moves`."""
    moves = find_moves(beads, src_vectors, tgt_vectors, k=k, **options)
    if not moves:
        return list(beads), moves
    sides = {"source": _runs(src_vectors), "target": _runs(tgt_vectors)}
    out = list(beads)
    grown = []
    for move in moves:
        for side in ("source", "target"):
            for step in (-1, 1):
                while True:
                    taken = _take_edge(out, move, side, step, sides, k)
                    if taken is None:
                        break
                    out, move = taken
        grown.append(move)
    return out, grown


def _take_edge(beads: list, move: Move, side: str, step: int, sides: dict, k: int) -> tuple[list, Move] | None:
    """Move the edge segment of the bead next to ``move`` on ``side`` (before it: ``step`` -1,
    after: +1) into the move, with the unpaired segment next to the move's other side, when the
    two are each other's nearest neighbours; None when they are not."""
    there = "target" if side == "source" else "source"
    block, other_block = (move.source, move.target) if side == "source" else (move.target, move.source)
    edge = block[0] - 1 if step < 0 else block[-1] + 1
    partner = other_block[0] - 1 if step < 0 else other_block[-1] + 1
    ids_of = (lambda b: b.source) if side == "source" else (lambda b: b.target)
    other_ids = (lambda b: b.target) if side == "source" else (lambda b: b.source)
    at = next((n for n, b in enumerate(beads) if edge in ids_of(b)), None)
    unpaired = next((b for b in beads if partner in other_ids(b)), None)
    if at is None or unpaired is None or ids_of(unpaired):
        return None  # the segment next to the other block is paired (or missing)
    bead = beads[at]
    ids = ids_of(bead)
    if not other_ids(bead) or len(ids) < 2 or ids[0 if step > 0 else -1] != edge:
        return None  # only a merged bead's edge facing the block is given up
    mine, theirs = sides[side][1], sides[there][1]
    if int(np.argmax(theirs @ mine[edge])) != partner or int(np.argmax(mine @ theirs[partner])) != edge:
        return None
    keep = tuple(i for i in ids if i != edge)
    src_ids, tgt_ids = (keep, bead.target) if side == "source" else (bead.source, keep)
    src_runs, tgt_runs = sides["source"], sides["target"]
    src_vec, tgt_vec = src_runs[len(src_ids)][src_ids[0]], tgt_runs[len(tgt_ids)][tgt_ids[0]]
    cos = float(src_vec @ tgt_vec)
    s_near = knn(src_runs[1][list(src_ids)], tgt_runs[1], k)[0].mean()
    t_near = knn(tgt_runs[1][list(tgt_ids)], src_runs[1], k)[0].mean()
    shrunk = replace(bead, source=src_ids, target=tgt_ids, score=cos, margin=float(ratio_margin(cos, s_near, t_near)))
    alone = replace(bead, source=(edge,) if side == "source" else (), target=(edge,) if side == "target" else (),
                    score=0.0, margin=0.0)
    parts = [alone, shrunk] if step > 0 else [shrunk, alone]
    block = tuple(sorted((*block, edge)))
    other_block = tuple(sorted((*other_block, partner)))
    grown = Move(block, other_block, move.score) if side == "source" else Move(other_block, block, move.score)
    return beads[:at] + parts + beads[at + 1:], grown


def _chained(pairs: list[tuple[int, int, float]]) -> bool:
    """Two seed pairs side by side on both sides, in the same order."""
    ordered = sorted((s, t) for s, t, _ in pairs)
    return any(s2 - s1 == 1 and t2 - t1 == 1 for (s1, t1), (s2, t2) in zip(ordered, ordered[1:]))


def _extend(gap: list[int], seeds: list[int], fit: dict[int, float], min_fit: float) -> tuple[int, ...]:
    """The seeds' span in ``gap``, grown over neighbours that fit the other side's gap.

    ``fit`` is where a segment's best similarity to the other gap lies between
    its average similarity to the other document (0) and its best anywhere (1).
    Growth may step over one segment that does not fit (a fragment such as
    "C ) .") when the next one does.
    """
    lo, hi = gap.index(min(seeds)), gap.index(max(seeds))
    while True:
        if lo > 0 and fit[gap[lo - 1]] >= min_fit:
            lo -= 1
        elif lo > 1 and fit[gap[lo - 2]] >= min_fit:
            lo -= 2
        else:
            break
    while True:
        if hi + 1 < len(gap) and fit[gap[hi + 1]] >= min_fit:
            hi += 1
        elif hi + 2 < len(gap) and fit[gap[hi + 2]] >= min_fit:
            hi += 2
        else:
            break
    return tuple(gap[lo:hi + 1])


def moved_ids(moves: Iterable[Move]) -> tuple[set[int], set[int]]:
    """Source and target ids covered by ``moves`` (for turning omissions + additions into moves)."""
    src: set[int] = set()
    tgt: set[int] = set()
    for mv in moves:
        src.update(mv.source)
        tgt.update(mv.target)
    return src, tgt
