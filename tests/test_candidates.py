"""FAISS neighbours and ratio margins against a brute-force reference."""
from __future__ import annotations

import numpy as np

from align.candidates import candidate_pairs, knn, neighbourhood, ratio_margin


def unit(x):
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_knn_matches_brute_force():
    rng = np.random.default_rng(0)
    a, b = unit(rng.normal(size=(30, 16))), unit(rng.normal(size=(50, 16)))
    sims, ids = knn(a, b, 5)
    full = a @ b.T
    assert np.array_equal(ids, np.argsort(-full, axis=1)[:, :5])
    assert np.allclose(sims, np.sort(full, axis=1)[:, ::-1][:, :5], atol=1e-5)
    assert np.allclose(neighbourhood(a, b, 5), sims.mean(axis=1))


def test_ratio_margin_prefers_pairs_that_stand_out():
    assert ratio_margin(0.9, 0.7, 0.7) > 1.2
    assert ratio_margin(0.9, 0.9, 0.9) == 1.0


def test_candidates_find_translations():
    rng = np.random.default_rng(1)
    base = unit(rng.normal(size=(20, 32)))
    src, tgt = unit(base + 0.02 * rng.normal(size=base.shape)), unit(base + 0.02 * rng.normal(size=base.shape))
    cand = candidate_pairs(src, tgt, k=3)
    best = {}
    for s, t, m in zip(cand.source, cand.target, cand.margin):
        if m > best.get(s, (None, -1))[1]:
            best[s] = (t, m)
    assert all(best[i][0] == i for i in range(20))
    assert all(best[i][1] > 1.0 for i in range(20))
