"""An on-disk embedding cache keyed by model and text (SQLite, safe across processes)."""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..paths import cache_root
from .base import Encoder, Progress


def _key(model: str, text: str) -> bytes:
    return hashlib.sha256(f"{model}\x00{text}".encode()).digest()


class EmbeddingCache:
    """Vectors stored by ``sha256(model, text)`` in one SQLite file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_root() / "embeddings.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS vec (key BLOB PRIMARY KEY, data BLOB NOT NULL)")

    def get(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys``."""
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for key, data in self.db.execute(f"SELECT key, data FROM vec WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(data, dtype=np.float32)
        return found

    def put(self, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors (one transaction)."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO vec (key, data) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )


class CachedEncoder:
    """Wraps an encoder so that only texts not seen before are encoded."""

    def __init__(self, inner: Encoder, cache: EmbeddingCache | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.cache_id: str = getattr(inner, "cache_id", inner.name)
        self.cache = cache or EmbeddingCache()

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode ``texts``, taking what the cache has and storing the rest."""
        keys = [_key(self.cache_id, t) for t in texts]
        found = self.cache.get(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if progress:
            progress(len(texts) - len(missing))
        if missing:
            vecs = self.inner.encode(missing, progress)
            fresh = {_key(self.cache_id, t): v for t, v in zip(missing, vecs)}
            self.cache.put(fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)

    def __getattr__(self, attr: str):
        return getattr(self.inner, attr)
