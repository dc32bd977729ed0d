"""The DP aligner on synthetic embeddings where the right answer is known."""
from __future__ import annotations

import numpy as np
import pytest

from align.aligner import AlignConfig, Bead, align_runs, anchors, band, bead_shapes


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def runs_of(vectors: np.ndarray, max_run: int = 3) -> dict[int, np.ndarray]:
    """Joined-run embeddings approximated as normalised sums (what a real encoder roughly does)."""
    return {s: unit(np.stack([vectors[i:i + s].sum(axis=0) for i in range(len(vectors) - s + 1)]))
            for s in range(1, max_run + 1) if s <= len(vectors)}


@pytest.fixture
def meanings() -> np.ndarray:
    return unit(np.random.default_rng(7).normal(size=(40, 64)))


def noisy(vectors: np.ndarray, seed: int, scale: float = 0.06) -> np.ndarray:
    return unit(vectors + scale * np.random.default_rng(seed).normal(size=vectors.shape))


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def test_identity_alignment(meanings):
    src, tgt = noisy(meanings, 1), noisy(meanings, 2)
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(40, 50), np.full(40, 55))
    assert pairs(beads) == [((i,), (i,)) for i in range(40)]
    assert all(0 < b.score <= 1 for b in beads)


def test_dropped_and_added_segments(meanings):
    src = noisy(meanings, 1)
    keep = [i for i in range(40) if i not in (5, 22)]
    extra = unit(np.random.default_rng(99).normal(size=(1, 64)))
    tgt = np.vstack([noisy(meanings[keep[:30]], 2), extra, noisy(meanings[keep[30:]], 3)])
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(40, 50), np.full(len(tgt), 50))
    got = pairs(beads)
    assert ((5,), ()) in got and ((22,), ()) in got
    assert ((), (30,)) in got
    covered_src = [i for s, _ in got for i in s]
    covered_tgt = [j for _, t in got for j in t]
    assert covered_src == list(range(40)) and covered_tgt == list(range(len(tgt)))


def test_merge_one_to_two(meanings):
    """Target sentence 10 is split into two halves: a 1-2 bead must be found."""
    src = noisy(meanings, 1, 0.03)
    halves = [unit(meanings[10:11] + 0.08 * np.random.default_rng(s).normal(size=(1, 64))) for s in (3, 4)]
    tgt = np.vstack([noisy(meanings[:10], 2, 0.03), *halves, noisy(meanings[11:], 5, 0.03)])
    tgt_runs = runs_of(tgt)
    tgt_runs[2][10] = meanings[10]  # the joined halves say exactly what the source says
    lengths_tgt = np.full(len(tgt), 50)
    lengths_tgt[10:12] = 25
    beads = align_runs(runs_of(src), tgt_runs, np.full(40, 50), lengths_tgt)
    assert ((10,), (10, 11)) in pairs(beads)


def test_empty_side():
    beads = align_runs({}, {}, np.array([]), np.array([3, 4]))
    assert pairs(beads) == [((), (0,)), ((), (1,))]


def test_anchors_are_monotonic(meanings):
    src, tgt = noisy(meanings, 1), noisy(meanings, 2)
    chain = anchors(src, tgt, AlignConfig())
    assert len(chain) >= 35
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(chain, chain[1:]))


def test_band_contains_path_and_is_narrow():
    lo, hi = band(1000, 1000, [(i, i) for i in range(0, 1000, 10)], window=8)
    assert lo[0] == 0 and hi[-1] == 1000
    assert all(lo[i] <= i <= hi[i] for i in range(1001))
    assert (hi - lo).max() <= 2 * 8 + 12  # linear memory: the band does not grow with length


def test_bead_shapes_respect_max_align():
    shapes = bead_shapes(AlignConfig(max_align=4, max_side=3))
    assert (1, 1) in shapes and (2, 2) in shapes and (1, 3) in shapes
    assert (2, 3) not in shapes and all(a + b <= 4 for a, b in shapes)


def test_deterministic(meanings):
    src, tgt = noisy(meanings, 1), noisy(meanings, 2)
    a = align_runs(runs_of(src), runs_of(tgt), np.full(40, 50), np.full(40, 50))
    b = align_runs(runs_of(src), runs_of(tgt), np.full(40, 50), np.full(40, 50))
    assert a == b


def partial_pair(keep: list[int], n: int = 60, seed: int = 11):
    """Source ``n`` meanings; the target translates only the ``keep`` ones, in order."""
    rng = np.random.default_rng(seed)
    meanings = unit(rng.normal(size=(n, 64)))
    src = noisy(meanings, seed + 1)
    tgt = noisy(meanings[keep], seed + 2)
    lengths = rng.integers(30, 200, size=n)
    return src, tgt, lengths, lengths[keep]


@pytest.mark.parametrize("keep", [
    list(range(15)),                                   # a truncated file
    [i for i in range(60) if not 12 <= i <= 29],       # a missing section
    list(range(20, 60)),                               # a target that starts late
    sorted(np.random.default_rng(5).choice(60, 22, replace=False).tolist()),   # a subset of sentences
])
def test_partial_translation_pairs_what_exists(keep):
    src, tgt, ls, lt = partial_pair(keep)
    beads = align_runs(runs_of(src), runs_of(tgt), ls, lt)
    got = pairs(beads)
    expected = [((s,), (t,)) for t, s in enumerate(keep)]
    assert [b for b in got if b[0] and b[1]] == expected      # no n-m bead swallows a missing sentence
    assert sorted(s[0] for s, t in got if not t) == [i for i in range(60) if i not in keep]


def test_length_ratio_comes_from_anchors_not_document_totals(meanings):
    """A target half as long as the source must not make every bead look 2:1."""
    src = noisy(meanings, 1)
    tgt = noisy(meanings[:20], 2)
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(40, 80), np.full(20, 80))
    assert [b for b in pairs(beads) if b[0] and b[1]] == [((i,), (i,)) for i in range(20)]
