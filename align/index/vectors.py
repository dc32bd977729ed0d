"""The vectors of a clause index: one FAISS index, row ``i`` = clause row ``i``.

Below :data:`FLAT_MAX` vectors the index is exact (``IndexFlatIP``: inner product = cosine,
the vectors being unit length); above it, an inverted file (``IVF``, the default approximate
kind) or a graph (``HNSW``). The switch-over size and the search parameters were measured with
``eval/bench_index.py`` on real e5-small vectors (README, "Clause index").

    >>> import numpy as np
    >>> vecs = np.eye(3, dtype=np.float32)
    >>> index = build_vectors(vecs)
    >>> index.kind, index.search(vecs[1], 2)[1].tolist()
    ('flat', [1, 0])
    >>> index.search(vecs[1], 1, rows=(2, 3))[1].tolist()
    [2]
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .layout import corrupt

KINDS = ("auto", "flat", "ivf", "hnsw")
# The switch-over size: flat (exact) up to here, IVF above (see the module docstring).
FLAT_MAX = 200_000
# IVF: about 4 x sqrt(n) lists, trained on at most 64 vectors a list, `IVF_NPROBE` lists searched.
IVF_TRAIN_PER_LIST = 64
IVF_NPROBE = 32
# HNSW: neighbours per node, and the breadth of the search at build and at query time.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def _faiss() -> Any:
    """The faiss module, imported on first use (typed loosely: its stubs lack the search parameters)."""
    import faiss

    return faiss


def choose_kind(count: int, kind: str = "auto") -> str:
    """The index kind for ``count`` vectors: ``kind`` itself unless it is ``"auto"``.

    >>> choose_kind(5_000), choose_kind(1_000_000), choose_kind(10, "hnsw")
    ('flat', 'ivf', 'hnsw')
    """
    if kind not in KINDS:
        raise InputError(f"unknown index kind {kind!r} (expected one of {', '.join(KINDS)})")
    if kind != "auto":
        return kind
    return "flat" if count <= FLAT_MAX else "ivf"


def ivf_lists(count: int) -> int:
    """How many inverted lists an IVF index over ``count`` vectors gets (about 4 x sqrt(n))."""
    return max(1, min(count // 39, round(4 * math.sqrt(count))))


class Vectors:
    """A FAISS index and how to search it (``kind``: flat, ivf or hnsw)."""

    def __init__(self, index: Any, kind: str) -> None:
        self.index = index
        self.kind = kind
        self._direct_map = False

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def _params(self, selector: Any = None) -> Any:
        faiss = _faiss()
        if self.kind == "ivf":
            return faiss.SearchParametersIVF(sel=selector, nprobe=IVF_NPROBE)
        if self.kind == "hnsw":
            return faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
        return faiss.SearchParameters(sel=selector) if selector is not None else None

    def search(self, queries: np.ndarray, k: int, rows: tuple[int, int] | None = None,
               ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` ``(scores, rows)`` of one query (1-D) or of each (2-D), best first.

        ``rows=(lo, hi)`` keeps rows ``lo <= row < hi`` (one language: its rows are
        contiguous). An approximate index searches a range of at most :data:`FLAT_MAX`
        rows exactly. Fewer than ``k`` rows: the missing ones are left out (1-D) or -1 (2-D).
        """
        faiss = _faiss()
        single = queries.ndim == 1
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        lo, hi = rows if rows is not None else (0, self.count)
        k = max(1, min(k, hi - lo))
        if rows is not None and self.kind != "flat" and hi - lo <= FLAT_MAX:
            exact = faiss.IndexFlatIP(self.dim)
            exact.add(self.reconstruct(lo, hi))
            scores, ids = exact.search(q, k)
            ids = np.where(ids >= 0, ids + lo, -1)
        else:
            selector = faiss.IDSelectorRange(lo, hi) if rows is not None else None
            scores, ids = self.index.search(q, k, params=self._params(selector))
        if single:
            keep = ids[0] >= 0
            return scores[0][keep], ids[0][keep]
        return scores, ids

    def reconstruct(self, lo: int, hi: int) -> np.ndarray:
        """The stored vectors of rows ``lo <= row < hi``, as a ``(hi - lo, dim)`` float32 array."""
        if hi <= lo:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.kind == "ivf" and not self._direct_map:
            self.index.make_direct_map()
            self._direct_map = True
        return np.ascontiguousarray(self.index.reconstruct_n(lo, hi - lo), dtype=np.float32)

    def write(self, path: Path) -> None:
        """Write the FAISS index to ``path``."""
        faiss = _faiss()
        faiss.write_index(self.index, str(path))


def build_vectors(vectors: np.ndarray, kind: str = "auto") -> Vectors:
    """A FAISS index over ``vectors`` (unit rows), of :func:`choose_kind`'s kind."""
    faiss = _faiss()
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    count, dim = data.shape
    kind = choose_kind(count, kind)
    if kind == "ivf":
        lists = ivf_lists(count)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        step = max(1, count // (lists * IVF_TRAIN_PER_LIST))
        index.train(data[::step])
        index.nprobe = IVF_NPROBE
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    if count:
        index.add(data)
    return Vectors(index, kind)


def read_vectors(path: Path, kind: str) -> Vectors:
    """Read a FAISS index written by :meth:`Vectors.write` (a damaged file: :class:`InputError`)."""
    faiss = _faiss()
    try:
        index = faiss.read_index(str(path))
    except RuntimeError as exc:
        raise corrupt(path, str(exc).strip().splitlines()[-1] if str(exc).strip() else "unreadable") from None
    return Vectors(index, kind)
