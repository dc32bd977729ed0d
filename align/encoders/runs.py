"""Run embeddings: every run of 1..n consecutive segments, encoded as one text each."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .base import Encoder, Progress


def join_texts(texts: Sequence[str], size: int) -> list[str]:
    """Every run of ``size`` consecutive texts, joined with a space."""
    return [" ".join(texts[i:i + size]) for i in range(len(texts) - size + 1)]


def embed_runs(
    texts: Sequence[str], encoder: Encoder, max_run: int, progress: Progress | None = None
) -> dict[int, np.ndarray]:
    """Embeddings of every run of 1..``max_run`` consecutive segments, keyed by run size.

    ``runs[s][i]`` is the vector of ``" ".join(texts[i:i+s])``; joined runs are
    encoded as one text (not averaged), in one call so batching stays efficient.
    """
    sizes = [s for s in range(1, max_run + 1) if s <= len(texts)]
    batches = {s: join_texts(texts, s) for s in sizes}
    flat = [t for s in sizes for t in batches[s]]
    vectors = encoder.encode(flat, progress)
    runs, start = {}, 0
    for s in sizes:
        runs[s] = vectors[start:start + len(batches[s])]
        start += len(batches[s])
    return runs
