"""Moved blocks: unpaired segments that translate each other across the document."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.aligner import Bead, align_runs
from align.moves import Move, find_moves, moved_ids, place_moves


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def runs_of(vectors: np.ndarray, max_run: int = 4) -> dict[int, np.ndarray]:
    cum = np.concatenate([np.zeros((1, vectors.shape[1])), np.cumsum(vectors, axis=0)])
    return {s: unit(cum[s:] - cum[:-s]) for s in range(1, max_run + 1) if s <= len(vectors)}


def moved_pair(n: int = 40, block: tuple[int, int] = (25, 30), after: int = 10, seed: int = 0):
    """Source 0..n-1; the target translates it with source block[0]..block[1]-1 moved after ``after``."""
    rng = np.random.default_rng(seed)
    meanings = unit(rng.normal(size=(n, 64)))
    order = [i for i in range(n) if not block[0] <= i < block[1]]
    at = order.index(after) + 1
    order = order[:at] + list(range(*block)) + order[at:]
    src = unit(meanings + 0.05 * rng.normal(size=meanings.shape))
    tgt = unit(meanings[order] + 0.05 * rng.normal(size=meanings.shape))
    return src, tgt, order


def test_moved_block_is_one_move():
    src, tgt, order = moved_pair()
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(40, 50), np.full(40, 50))
    moves = find_moves(beads, runs_of(src), runs_of(tgt))
    assert len(moves) == 1
    mv = moves[0]
    # whichever side the monotonic alignment gave up, the move pairs it with its translation
    assert len(mv.source) == len(mv.target) == 5
    assert all(order[t] == s for s, t in zip(mv.source, mv.target))
    assert mv.score > 1.0
    assert moved_ids(moves) == (set(mv.source), set(mv.target))
    assert mv.to_dict()["source"] == list(mv.source)


def test_no_moves_without_unpaired_segments():
    src, tgt, _ = moved_pair(block=(0, 0))
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(40, 50), np.full(40, 50))
    assert find_moves(beads, runs_of(src), runs_of(tgt)) == []


def test_plain_omission_and_addition_are_not_moves():
    rng = np.random.default_rng(1)
    meanings = unit(rng.normal(size=(30, 64)))
    src = unit(meanings + 0.05 * rng.normal(size=meanings.shape))
    tgt = np.vstack([meanings[:10], meanings[11:20], unit(rng.normal(size=(1, 64))), meanings[20:]])
    tgt = unit(tgt + 0.05 * rng.normal(size=tgt.shape))
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(30, 50), np.full(30, 50))
    assert ((10,), ()) in [(b.source, b.target) for b in beads]
    assert find_moves(beads, runs_of(src), runs_of(tgt)) == []


def test_pure_function_on_hand_made_beads():
    rng = np.random.default_rng(2)
    v = unit(rng.normal(size=(6, 32)))
    src = v
    tgt = unit(v[[0, 3, 4, 1, 2, 5]] + 0.01 * rng.normal(size=(6, 32)))
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), ()), Bead((3,), (1,)), Bead((4,), (2,)),
             Bead((), (3,)), Bead((), (4,)), Bead((5,), (5,))]
    moves = find_moves(beads, src, tgt)
    assert moves == [Move((1, 2), (3, 4), moves[0].score)]
    assert find_moves(beads, src, tgt) == moves          # deterministic


def test_two_seeds_side_by_side_clear_a_lower_bar():
    """A block whose seeds stand side by side on both sides, in order, needs only ``min_chained``; a
    lone seed needs ``min_score`` (set out of reach here)."""
    for block, found in (((25, 27), 1), ((25, 26), 0)):
        src, tgt, _ = moved_pair(block=block)
        beads = align_runs(runs_of(src), runs_of(tgt), np.full(40, 50), np.full(40, 50))
        moves = find_moves(beads, runs_of(src), runs_of(tgt), min_score=10.0, min_chained=1.0)
        assert len(moves) == found
    assert find_moves(beads, runs_of(src), runs_of(tgt), min_score=1.0) != []


def test_a_moved_sentence_merged_into_a_neighbouring_bead_is_given_back():
    """Source 4..6 moved to the front of the target; the aligner merged source 4 into the 2-1 bead
    (3, 4) -> 6. ``place_moves`` takes 4 back out (its nearest neighbour is the unpaired target 0, and
    the other way round), so the move covers the whole block and the bead keeps 3 alone."""
    rng = np.random.default_rng(3)
    meanings = unit(rng.normal(size=(7, 64)))
    order = [4, 5, 6, 0, 1, 2, 3]
    src = unit(meanings + 0.05 * rng.normal(size=meanings.shape))
    tgt = unit(meanings[order] + 0.05 * rng.normal(size=meanings.shape))
    beads = [Bead((), (0,)), Bead((), (1,)), Bead((), (2,)), Bead((0,), (3,)), Bead((1,), (4,)), Bead((2,), (5,)),
             Bead((3, 4), (6,)), Bead((5,), ()), Bead((6,), ())]
    assert [(m.source, m.target) for m in find_moves(beads, runs_of(src), runs_of(tgt))] == [((5, 6), (1, 2))]
    placed, moves = place_moves(beads, runs_of(src), runs_of(tgt))
    assert [(m.source, m.target) for m in moves] == [((4, 5, 6), (0, 1, 2))]
    assert [(b.source, b.target) for b in placed][6:] == [((3,), (6,)), ((4,), ()), ((5,), ()), ((6,), ())]
    assert placed[6].score == pytest.approx(float(src[3] @ tgt[6]), abs=1e-5)
    # every segment once, in order
    assert [i for b in placed for i in b.source] == list(range(7))
    assert [j for b in placed for j in b.target] == list(range(7))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(12, 60), length=st.integers(1, 8), seed=st.integers(0, 2**16), noise=st.sampled_from([0.05, 0.3]))
def test_placed_moves_keep_the_alignment_whole(n, length, seed, noise):
    """Whatever block moves where, ``place_moves`` returns every segment once, in order, in beads of
    consecutive ids, and its moves hold only segments no bead pairs."""
    rng = np.random.default_rng(seed)
    start = int(rng.integers(0, n - length))
    after = int(rng.integers(-1, n))
    meanings = unit(rng.normal(size=(n, 32)))
    order = [i for i in range(n) if not start <= i < start + length]
    at = order.index(after) + 1 if after in order else 0
    order = order[:at] + list(range(start, start + length)) + order[at:]
    src = unit(meanings + noise * rng.normal(size=meanings.shape))
    tgt = unit(meanings[order] + noise * rng.normal(size=meanings.shape))
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(n, 50), np.full(n, 50))
    placed, moves = place_moves(beads, runs_of(src), runs_of(tgt))
    assert [i for b in placed for i in b.source] == list(range(n))
    assert [j for b in placed for j in b.target] == list(range(n))
    for b in placed:
        for ids in (b.source, b.target):
            assert list(ids) == list(range(ids[0], ids[0] + len(ids))) if ids else True
    paired_s = {i for b in placed if b.source and b.target for i in b.source}
    paired_t = {j for b in placed if b.source and b.target for j in b.target}
    for mv in moves:
        assert not set(mv.source) & paired_s and not set(mv.target) & paired_t
