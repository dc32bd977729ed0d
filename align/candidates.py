"""The candidate stage: FAISS nearest neighbours and ratio-margin scores.

A raw cosine means little on its own (e5 puts related policy sentences between
0.75 and 0.93), so each pair is scored against both sentences' neighbourhoods,
as in Artetxe & Schwenk (2019):

    margin(x, y) = cos(x, y) / ((knn_mean(x) + knn_mean(y)) / 2)

A true translation stands out from its neighbours (margin > 1); an unrelated
pair does not.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


def _flat_index(vectors: np.ndarray) -> Any:
    import faiss  # imported on first use: ``align --help`` and ``import align`` stay fast

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def knn(queries: np.ndarray, base: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact inner-product top-``k`` of each query among ``base``: (sims, ids)."""
    k = max(1, min(k, len(base)))
    sims, ids = _flat_index(base).search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return sims, ids


def neighbourhood(queries: np.ndarray, base: np.ndarray, k: int) -> np.ndarray:
    """Mean similarity of each query to its ``k`` nearest neighbours in ``base``."""
    sims, _ = knn(queries, base, k)
    return sims.mean(axis=1)


def ratio_margin(cos: np.ndarray | float, r_x: np.ndarray | float, r_y: np.ndarray | float) -> np.ndarray:
    """Cosine divided by the mean neighbourhood similarity of both sides."""
    return np.asarray(cos) / np.maximum((np.asarray(r_x) + np.asarray(r_y)) / 2.0, 1e-6)


@dataclass(frozen=True)
class Candidates:
    """Cross-language candidate pairs: source ids, target ids and their ratio margins."""

    source: np.ndarray
    target: np.ndarray
    margin: np.ndarray


def candidate_pairs(src: np.ndarray, tgt: np.ndarray, k: int = 4,
                    neighbours: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None,
                    ) -> Candidates:
    """Each side's top-``k`` neighbours on the other side (union), with margins.

    ``neighbours`` may pass ``(knn(src, tgt, k), knn(tgt, src, k))`` already computed.
    """
    (s_sims, s_ids), (t_sims, t_ids) = neighbours or (knn(src, tgt, k), knn(tgt, src, k))
    r_src, r_tgt = s_sims.mean(axis=1), t_sims.mean(axis=1)
    fwd = np.stack([np.repeat(np.arange(len(src)), s_ids.shape[1]), s_ids.ravel()], axis=1)
    bwd = np.stack([t_ids.ravel(), np.repeat(np.arange(len(tgt)), t_ids.shape[1])], axis=1)
    pairs = np.unique(np.vstack([fwd, bwd]), axis=0)
    pairs = pairs[(pairs >= 0).all(axis=1)]
    cos = np.einsum("ij,ij->i", src[pairs[:, 0]], tgt[pairs[:, 1]])
    margin = ratio_margin(cos, r_src[pairs[:, 0]], r_tgt[pairs[:, 1]])
    return Candidates(pairs[:, 0], pairs[:, 1], margin.astype(np.float32))
