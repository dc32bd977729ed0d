"""Property tests: the aligner always returns a complete, ordered alignment, whatever the shapes."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.aligner import AlignConfig, align_runs, band


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def runs_of(vectors: np.ndarray, max_run: int = 4) -> dict[int, np.ndarray]:
    if len(vectors) == 0:
        return {}
    cum = np.concatenate([np.zeros((1, vectors.shape[1])), np.cumsum(vectors, axis=0)])
    return {s: unit(cum[s:] - cum[:-s]) for s in range(1, max_run + 1) if s <= len(vectors)}


def check_complete(beads, n: int, m: int) -> None:
    src = [i for b in beads for i in b.source]
    tgt = [j for b in beads for j in b.target]
    assert src == list(range(n)) and tgt == list(range(m))
    for b in beads:
        assert b.source or b.target
        assert list(b.source) == list(range(b.source[0], b.source[0] + len(b.source))) if b.source else True
        assert list(b.target) == list(range(b.target[0], b.target[0] + len(b.target))) if b.target else True


@st.composite
def documents(draw):
    n = draw(st.integers(0, 300))
    m = draw(st.integers(0, 300))
    seed = draw(st.integers(0, 2**32 - 1))
    related = draw(st.sampled_from(["random", "copy", "subset"]))
    rng = np.random.default_rng(seed)
    dim = 16
    src = unit(rng.normal(size=(n, dim))) if n else np.zeros((0, dim), np.float32)
    if related == "random" or n == 0:
        tgt = unit(rng.normal(size=(m, dim))) if m else np.zeros((0, dim), np.float32)
    else:  # the target translates a (possibly shuffled-in-blocks) part of the source
        ids = np.sort(rng.choice(n, size=min(m, n), replace=False)) if related == "subset" else np.arange(n)[:m]
        body = src[ids] + 0.2 * rng.normal(size=(len(ids), dim))
        extra = rng.normal(size=(m - len(ids), dim))
        tgt = unit(np.vstack([body, extra])) if m else np.zeros((0, dim), np.float32)
    max_side = draw(st.integers(1, 4))
    return src, tgt, max_side, rng.integers(5, 200, size=n), rng.integers(5, 200, size=m)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.integers(0, 20))
def test_always_reaches_the_end(doc, window):
    src, tgt, max_side, ls, lt = doc
    config = AlignConfig(max_side=max_side, max_align=max_side + 1, window=window)
    beads = align_runs(runs_of(src, max_side), runs_of(tgt, max_side), ls, lt, config)
    check_complete(beads, len(src), len(tgt))


@pytest.mark.parametrize("n,m", [(1, 60), (60, 1), (1, 1), (2, 40), (40, 2), (1, 300), (3, 3)])
def test_extreme_shapes(n, m):
    rng = np.random.default_rng(n * 1000 + m)
    src, tgt = unit(rng.normal(size=(n, 32))), unit(rng.normal(size=(m, 32)))
    for window in (0, 8):
        beads = align_runs(runs_of(src), runs_of(tgt), np.full(n, 40), np.full(m, 40), AlignConfig(window=window))
        check_complete(beads, n, m)


def test_one_sentence_against_its_translation_among_many():
    rng = np.random.default_rng(3)
    tgt = unit(rng.normal(size=(60, 32)))
    src = unit(tgt[30:31] + 0.05 * rng.normal(size=(1, 32)))
    beads = align_runs(runs_of(src), runs_of(tgt), np.full(1, 40), np.full(60, 40))
    check_complete(beads, 1, 60)
    assert [(b.source, b.target) for b in beads if b.source and b.target] == [((0,), (30,))]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 200), st.integers(0, 200), st.lists(st.tuples(st.integers(0, 199), st.integers(0, 199)),
                                                          max_size=30), st.integers(0, 10))
def test_band_is_monotone_and_connected(n, m, pairs, window):
    chain = sorted({(i, j) for i, j in pairs if i < n and j < m})
    mono = []
    for i, j in chain:      # a strictly increasing chain, as anchors() returns
        if not mono or (i > mono[-1][0] and j > mono[-1][1]):
            mono.append((i, j))
    lo, hi = band(n, m, mono, window)
    assert lo[0] == 0 and hi[n] == m
    assert (lo <= hi).all() and (np.diff(lo) >= 0).all() and (np.diff(hi) >= 0).all()
    assert (lo[1:] <= hi[:-1]).all()
