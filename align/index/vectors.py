"""The vectors of a clause index: one FAISS index, row ``i`` = clause row ``i``.

Up to :data:`FLAT_MAX` vectors the index is exact (``IndexFlatIP``: inner product = cosine,
the vectors being unit length); above it, a graph (``IndexHNSWFlat``), which answers in about a
millisecond where the flat index scans every vector. Both keep the vectors themselves, so an
update reuses them and a search within one language (a contiguous range of rows) is exact. The
switch-over size and the HNSW parameters were measured with ``eval/bench_index.py`` on real
e5-small vectors (README, "Clause index").

    >>> import numpy as np
    >>> vecs = np.eye(3, dtype=np.float32)
    >>> index = build_vectors(vecs)
    >>> index.kind, index.search(vecs[1], 2)[1].tolist()
    ('flat', [1, 0])
    >>> index.search(vecs[1], 1, rows=(2, 3))[1].tolist()
    [2]
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .layout import corrupt

KINDS = ("auto", "flat", "hnsw")
# The switch-over size: flat (exact) up to here, HNSW above (see the module docstring).
FLAT_MAX = 200_000
# HNSW: neighbours per node, and the breadth of the search at build and at query time.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 256


def _faiss() -> Any:
    """The faiss module, imported on first use (typed loosely: its stubs lack the search parameters)."""
    import faiss

    return faiss


def choose_kind(count: int, kind: str = "auto") -> str:
    """The index kind for ``count`` vectors: ``kind`` itself unless it is ``"auto"``.

    >>> choose_kind(5_000), choose_kind(1_000_000), choose_kind(10, "hnsw")
    ('flat', 'hnsw', 'hnsw')
    """
    if kind not in KINDS:
        raise InputError(f"unknown index kind {kind!r} (expected one of {', '.join(KINDS)})")
    if kind != "auto":
        return kind
    return "flat" if count <= FLAT_MAX else "hnsw"


def exact_top(matrix: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``matrix`` with the largest inner product with each query, best first
    (ties: the lower row first), by BLAS matrix products over blocks of queries.

    >>> exact_top(np.eye(3, dtype=np.float32), np.array([[0, 1, 1]], dtype=np.float32), 2)[1].tolist()
    [[1, 2]]
    """
    scores, rows = [], []
    for start in range(0, len(queries), 64):
        sims = queries[start:start + 64] @ matrix.T
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < sims.shape[1] else \
            np.broadcast_to(np.arange(sims.shape[1]), sims.shape).copy()
        values = np.take_along_axis(sims, part, axis=1)
        order = np.lexsort((part, -values), axis=1)
        scores.append(np.take_along_axis(values, order, axis=1))
        rows.append(np.take_along_axis(part, order, axis=1))
    return np.vstack(scores), np.vstack(rows).astype(np.int64)


class Vectors:
    """A FAISS index (``kind``: flat or hnsw) and how to search it."""

    def __init__(self, index: Any, kind: str) -> None:
        self.index = index
        self.kind = kind
        flat = _faiss().downcast_index(index.storage) if kind == "hnsw" else index
        # The stored vectors as a (count, dim) array, without a copy (valid while the index lives).
        self.matrix = _faiss().rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d).reshape(flat.ntotal, flat.d) \
            if flat.ntotal else np.zeros((0, flat.d), dtype=np.float32)

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def search(self, queries: np.ndarray, k: int, rows: tuple[int, int] | None = None,
               ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` ``(scores, rows)`` of one query (1-D) or of each (2-D), best first.

        ``rows=(lo, hi)`` keeps rows ``lo <= row < hi`` (one language: its rows are
        contiguous), searched exactly unless an HNSW index has more than :data:`FLAT_MAX` of them.
        Exact search is one BLAS product over the stored vectors (for one query, twice as fast as
        FAISS's ``IndexFlatIP.search``, which takes the rows one by one).
        Fewer than ``k`` rows: the missing ones are left out (1-D) or -1 (2-D).
        """
        faiss = _faiss()
        single = queries.ndim == 1
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        lo, hi = rows if rows is not None else (0, self.count)
        k = max(1, min(k, hi - lo))
        if hi <= lo:
            scores, ids = np.zeros((len(q), 0), dtype=np.float32), np.zeros((len(q), 0), dtype=np.int64)
        elif self.kind == "flat" or (rows is not None and hi - lo <= FLAT_MAX):
            scores, ids = exact_top(self.matrix[lo:hi], q, k)
            ids += lo
        elif rows is not None:
            params = faiss.SearchParametersHNSW(sel=faiss.IDSelectorRange(lo, hi), efSearch=HNSW_EF_SEARCH)
            scores, ids = self.index.search(q, k, params=params)
        else:
            scores, ids = self.index.search(q, k)
        if single:
            keep = ids[0] >= 0
            return scores[0][keep], ids[0][keep]
        return scores, ids

    def reconstruct(self, lo: int, hi: int) -> np.ndarray:
        """A copy of the stored vectors of rows ``lo <= row < hi``, as a ``(hi - lo, dim)`` float32 array."""
        return np.array(self.matrix[lo:hi], dtype=np.float32)

    def write(self, path: Path) -> None:
        """Write the FAISS index to ``path``."""
        _faiss().write_index(self.index, str(path))


def build_vectors(vectors: np.ndarray, kind: str = "auto") -> Vectors:
    """A FAISS index over ``vectors`` (unit rows), of :func:`choose_kind`'s kind.

    An HNSW graph is built on one thread, so the same vectors always give the same graph.
    """
    faiss = _faiss()
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    count, dim = data.shape
    kind = choose_kind(count, kind)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            index.add(data)
        finally:
            faiss.omp_set_num_threads(threads)
    else:
        index = faiss.IndexFlatIP(dim)
        index.add(data)
    return Vectors(index, kind)


def read_vectors(path: Path, kind: str) -> Vectors:
    """Read a FAISS index written by :meth:`Vectors.write` (a damaged file: :class:`InputError`)."""
    try:
        index = _faiss().read_index(str(path))
    except RuntimeError as exc:
        raise corrupt(path, str(exc).strip().splitlines()[-1] if str(exc).strip() else "unreadable") from None
    if not isinstance(index, _faiss().IndexHNSWFlat if kind == "hnsw" else _faiss().IndexFlat):
        raise corrupt(path, f"not a {kind} index")
    return Vectors(index, kind)
