"""An on-disk embedding cache keyed by model content and text (SQLite, safe across processes).

The cache must never stop the tool. On open it runs ``PRAGMA quick_check``; a corrupt file
(truncated, random bytes, "malformed") is moved aside to ``embeddings.sqlite3.broken-<time>``
and a new one is started. A cache that cannot be written (read-only file or directory) is used
read-only; one that cannot be opened or whose directory cannot be created is bypassed (vectors
are then kept in memory for the run). Each of these prints one line on stderr
(``align: warning: ...``, see :func:`warn`), never a traceback.

Each row is checked on read: a vector whose length is not the model's recorded dimension, or
with a NaN or infinite value, counts as missing, is re-encoded and overwritten. Non-finite
vectors are never stored: an encoder that produces them is broken and :class:`CachedEncoder`
raises :class:`~align.errors.ModelError`.

Keys are ``sha256(model_id, text)`` where ``model_id`` is the encoder's ``fingerprint`` (a hash
of the model's content, see :func:`model_fingerprint`) when it has one, else its ``cache_id``.
Nothing in a key depends on where the cache or the model lives, so a copied or moved cache
still hits, and restored weights do not get the vectors computed from damaged ones.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..io import sha256_file
from ..paths import cache_root
from .base import Encoder, Progress, device_key

SCHEMA_VERSION = 2
FINGERPRINT_SIDECAR = "fingerprints.json"
# Files of a model directory that do not change its vectors.
_IGNORED_SUFFIXES = (".md", ".lock", ".tmp", ".log")
_CORRUPT_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
QUICK_CHECK_MAX_BYTES = 64 << 20  # the full integrity check on open up to this size
_CORRUPT_WORDS = ("malformed", "not a database", "corrupt", "encrypted")


def warn(message: str) -> None:
    """Print ``align: warning: <message>`` as one line on stderr."""
    text = " ".join(str(message).split())
    print(f"align: warning: {text}", file=sys.stderr, flush=True)


def _key(model: str, text: str) -> bytes:
    return hashlib.sha256(f"{model}\x00{text}".encode()).digest()


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _is_corrupt(exc: BaseException) -> bool:
    if getattr(exc, "sqlite_errorname", None) in _CORRUPT_CODES:
        return True
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError) \
        and any(word in str(exc).lower() for word in _CORRUPT_WORDS)


def _connect_rw(path: Path) -> sqlite3.Connection:
    """A read-write connection (a seam for tests: root ignores file permissions).

    Usable from any thread (a Ray Data actor is built in one thread and called in another);
    :class:`EmbeddingCache` serialises its use with a lock.
    """
    return sqlite3.connect(path, timeout=30, check_same_thread=False)


def _connect_ro(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection, usable from any thread; ``immutable`` also works where no ``-shm`` file can be made."""
    flag = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flag}", uri=True, timeout=30, check_same_thread=False)


class _Unusable(Exception):
    """The cache file cannot be used at all (internal)."""


class EmbeddingCache:
    """Vectors stored by ``sha256(model_id, text)`` in one SQLite file.

    ``mode`` is ``"rw"`` (normal), ``"ro"`` (read-only: new vectors kept in memory for this
    run) or ``"off"`` (bypassed: everything kept in memory for this run). Safe across processes
    (WAL, a 30 s busy timeout) and across threads (one lock around every use of the connection).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else cache_root() / "embeddings.sqlite3"
        self.mode = "off"
        self.db: sqlite3.Connection | None = None
        self._memory: dict[bytes, bytes] = {}
        self._memory_dims: dict[str, int] = {}
        self._warned: set[str] = set()
        self._inode: int | None = None
        self._lock = threading.RLock()
        self._open()

    # -- opening and recovery ---------------------------------------------------------------

    def _warn_once(self, kind: str, message: str) -> None:
        if kind not in self._warned:
            self._warned.add(kind)
            warn(message)

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if self.path.is_file():
                self._open_ro(f"cannot write to {self.path.parent} ({_reason(exc)})")
            else:
                self._bypass(f"cannot create the cache directory {self.path.parent} ({_reason(exc)})")
            return
        for attempt in range(2):
            try:
                self._open_rw()
                return
            except sqlite3.DatabaseError as exc:
                self._close()
                if _is_corrupt(exc) and attempt == 0:
                    if self._move_aside(_reason(exc)):
                        continue
                    return
                if _is_corrupt(exc):
                    self._bypass(f"embedding cache {self.path} is unusable ({_reason(exc)})")
                elif self.path.is_file():
                    self._open_ro(f"cannot write to {self.path} ({_reason(exc)})")
                else:
                    self._bypass(f"cannot create {self.path} ({_reason(exc)})")
                return
            except _Unusable as exc:
                self._close()
                if attempt == 0:
                    if self._move_aside(str(exc)):
                        continue
                    return
                self._bypass(f"embedding cache {self.path} is unusable ({exc})")
                return

    def _check(self, db: sqlite3.Connection) -> None:
        """Raise if ``db`` is damaged or is not an embedding cache.

        ``quick_check`` reads every page, so it runs on files up to :data:`QUICK_CHECK_MAX_BYTES`
        (1 s per 2 GB here); a larger file is only opened (header and schema), and a damaged page
        found later, when it is read, moves the file aside the same way.
        """
        if self.path.stat().st_size > QUICK_CHECK_MAX_BYTES:
            db.execute("PRAGMA schema_version").fetchone()
            return
        rows = db.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise _Unusable(f"quick_check: {rows[0][0] if rows else 'no answer'}")

    def _open_rw(self) -> None:
        existed = self.path.is_file() and self.path.stat().st_size > 0
        self._inode = self.path.stat().st_ino if existed else None
        self.db = db = _connect_rw(self.path)
        if existed:
            self._check(db)
        db.execute("PRAGMA journal_mode=WAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        with db:
            if version < SCHEMA_VERSION:
                db.execute("DROP TABLE IF EXISTS vec")  # keyed by name and path: never hits again
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, data BLOB NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS models (model TEXT PRIMARY KEY, dim INTEGER NOT NULL)")
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self.mode = "rw"

    def _open_ro(self, why: str) -> None:
        last: BaseException = OSError("no attempt")
        for immutable in (False, True):
            try:
                self.db = db = _connect_ro(self.path, immutable)
                self._check(db)
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if not {"vectors", "models"} <= tables:
                    self._close()
                    self._bypass(f"{why}; the embedding cache has an old layout, so it is bypassed")
                    return
                self.mode = "ro"
                self._warn_once("ro", f"{why}; using the embedding cache read-only (new vectors not stored)")
                return
            except (sqlite3.DatabaseError, _Unusable, OSError, ValueError) as exc:
                self._close()
                last = exc
        self._bypass(f"{why}; cannot read it either ({_reason(last)})")

    def _bypass(self, why: str) -> None:
        self._close()
        self.mode = "off"
        self._warn_once("off", f"{why}; embedding cache bypassed for this run")

    def _close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None

    def _move_aside(self, why: str) -> bool:
        """Rename the damaged file (and its ``-wal``/``-shm``); False (and bypass) if impossible."""
        self._close()
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
        broken = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        try:
            if self._inode is not None and os.stat(self.path).st_ino != self._inode:
                return True  # another process already replaced it: open the new one
            os.replace(self.path, broken)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, broken.with_name(broken.name + suffix))
        except FileNotFoundError:
            pass  # another process moved it first
        except OSError as exc:
            self._bypass(f"embedding cache {self.path} is corrupt ({why}) and cannot be moved aside "
                         f"({_reason(exc)})")
            return False
        self._warn_once("corrupt", f"embedding cache {self.path} was corrupt ({why}); moved it to "
                                   f"{broken.name} and started a new one")
        return True

    def _failed(self, exc: sqlite3.Error, writing: bool) -> None:
        """A read or write failed after opening: recover from corruption, else degrade."""
        if _is_corrupt(exc):
            if self._move_aside(_reason(exc)):
                try:
                    self._open_rw()
                except (sqlite3.Error, _Unusable, OSError) as again:
                    self._bypass(f"cannot start a new embedding cache {self.path} ({_reason(again)})")
        elif writing and self.mode == "rw":
            self.mode = "ro"
            self._warn_once("write", f"cannot write to the embedding cache {self.path} ({_reason(exc)}); "
                                     "new vectors are kept in memory for this run")
        else:
            self._warn_once("read", f"cannot read the embedding cache {self.path} ({_reason(exc)})")

    def close(self) -> None:
        """Close the database file (the cache keeps working from memory)."""
        with self._lock:
            self._close()
            self.mode = "off"

    # -- reading and writing ----------------------------------------------------------------

    def dim(self, model: str) -> int | None:
        """The vector dimension recorded for ``model``, or None."""
        with self._lock:
            return self._dim(model)

    def _dim(self, model: str) -> int | None:
        if model in self._memory_dims:
            return self._memory_dims[model]
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT dim FROM models WHERE model = ?", (model,)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc, writing=False)
            return None
        return row[0] if row and isinstance(row[0], int) and row[0] > 0 else None

    def get(self, keys: Sequence[bytes], dim: int | None) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys`` that have ``dim`` (None: any number of) finite float32 values."""
        with self._lock:
            return self._get(keys, dim)

    def _get(self, keys: Sequence[bytes], dim: int | None) -> dict[bytes, np.ndarray]:
        rows: dict[bytes, object] = {}
        wanted = list(dict.fromkeys(keys))
        if self.db is not None:
            try:
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start:start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows.update(self.db.execute(f"SELECT key, data FROM vectors WHERE key IN ({marks})", chunk))
            except sqlite3.Error as exc:
                rows = {}
                self._failed(exc, writing=False)
        rows.update((k, self._memory[k]) for k in wanted if k in self._memory)
        found: dict[bytes, np.ndarray] = {}
        for key, data in rows.items():
            if not isinstance(data, bytes) or len(data) % 4 or (dim is not None and len(data) != 4 * dim):
                continue
            vec = np.frombuffer(data, dtype=np.float32)
            if np.isfinite(vec).all():
                found[key] = vec
        return found

    def put(self, model: str, items: dict[bytes, np.ndarray], *, ragged: bool = False) -> None:
        """Store finite vectors for ``model`` (one transaction); others are dropped.

        The vectors of a model share one length, recorded as its dimension, unless ``ragged``
        (variable-length records such as a sentence's token vectors; no dimension recorded).
        """
        with self._lock:
            self._put(model, items, ragged)

    def _put(self, model: str, items: dict[bytes, np.ndarray], ragged: bool) -> None:
        vecs = {k: np.asarray(v, dtype=np.float32).ravel() for k, v in items.items()}
        if not vecs:
            return
        dim = len(next(iter(vecs.values())))
        rows = [(k, v.tobytes()) for k, v in vecs.items()
                if (ragged or len(v) == dim) and len(v) and np.isfinite(v).all()]
        if not rows:
            return
        if self.mode == "rw" and self.db is not None:
            for attempt in range(2):  # a second try after a corrupt file was moved aside
                try:
                    with self.db:
                        if not ragged:
                            self.db.execute("INSERT OR REPLACE INTO models (model, dim) VALUES (?, ?)", (model, dim))
                        self.db.executemany("INSERT OR REPLACE INTO vectors (key, data) VALUES (?, ?)", rows)
                    return
                except sqlite3.Error as exc:
                    if attempt:
                        break
                    self._failed(exc, writing=True)
                    if self.mode != "rw" or self.db is None:
                        break
        if not ragged:
            self._memory_dims[model] = dim
        self._memory.update(rows)


class CachedEncoder:
    """Wraps an encoder so that only texts not seen before are encoded.

    Entries are keyed by ``inner.fingerprint`` when the encoder has one, else by its ``cache_id``
    (else its name), with :func:`~align.encoders.base.device_key` for an encoder on a GPU. An encoder exposes
    ``fingerprint`` as a string that changes whenever its vectors could: the content of its files
    plus everything else that shapes a vector, and nothing about where the files live. For
    example, in an encoder's ``__init__``::

        from .cache import model_fingerprint
        self.fingerprint = f"st|{model_fingerprint(Path(path))}|{prefix}"

    (it may also be a property, read once here).
    """

    def __init__(self, inner: Encoder, cache: EmbeddingCache | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        model_id = getattr(inner, "fingerprint", None) or getattr(inner, "cache_id", inner.name)
        self.cache_id: str = f"{model_id}{device_key(inner)}"
        self.cache = cache if cache is not None else EmbeddingCache()

    def _encode_checked(self, texts: list[str], progress: Progress | None) -> np.ndarray:
        vecs = np.asarray(self.inner.encode(texts, progress), dtype=np.float32)
        if vecs.ndim != 2 or len(vecs) != len(texts):
            raise ModelError(f"model {self.name!r} returned vectors of shape {vecs.shape} for {len(texts)} texts")
        bad = int((~np.isfinite(vecs)).any(axis=1).sum())
        if bad:
            raise ModelError(f"the model produced non-finite vectors (NaN or inf) for {bad} of {len(texts)} "
                             f"texts: model {self.name!r} is broken (damaged weights?); nothing was cached")
        return vecs

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode ``texts``, taking what the cache has and storing the rest."""
        keys = [_key(self.cache_id, t) for t in texts]
        unique = dict(zip(keys, texts))
        dim = self.cache.dim(self.cache_id)
        found = self.cache.get(list(unique), dim) if dim else {}
        missing = [t for k, t in unique.items() if k not in found]
        if progress:
            progress(len(texts) - len(missing))
        if missing:
            vecs = self._encode_checked(missing, progress)
            if found and vecs.shape[1] != dim:  # the recorded dimension was wrong: trust the model
                again = [t for k, t in unique.items() if k in found]
                missing += again
                vecs = np.vstack([vecs, self._encode_checked(again, None)])
                found = {}
            fresh = {_key(self.cache_id, t): v for t, v in zip(missing, vecs)}
            self.cache.put(self.cache_id, fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, dim or 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)

    def __getattr__(self, attr: str):
        return getattr(self.inner, attr)


# -- model fingerprints -----------------------------------------------------------------------

def _model_files(path: Path) -> list[tuple[str, Path]]:
    """``(relative name, file)`` for every file of a model that can change its vectors."""
    if path.is_file():
        return [(path.name, path)]
    files = []
    for root, dirs, names in os.walk(path, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in names:
            if name.startswith(".") or name.lower().endswith(_IGNORED_SUFFIXES) or name == FINGERPRINT_SIDECAR:
                continue
            file = Path(root) / name
            if file.is_file():
                files.append((file.relative_to(path).as_posix(), file))
    return sorted(files)


def _load_sidecar(sidecar: Path) -> dict[str, list]:
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        files = data["files"] if data.get("version") == 1 else {}
        return {k: v for k, v in files.items()
                if isinstance(k, str) and isinstance(v, list) and len(v) == 4 and isinstance(v[3], str)}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def _save_sidecar(sidecar: Path, files: dict[str, list]) -> None:
    files = {k: v for k, v in files.items() if os.path.exists(k)}
    tmp = sidecar.with_name(f"{sidecar.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        sidecar.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"version": 1, "files": files}, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(tmp, sidecar)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def model_fingerprint(path: Path, sidecar: Path | None = None) -> str:
    """A hash of a model's content: ``"sha256:<hex>"``, the same wherever the model lives.

    ``path`` is a model directory (every file counts, recursively, except dot-files,
    ``*.md``, ``*.lock``, ``*.tmp`` and ``*.log``) or a single model file. Each file contributes
    its relative name, size and sha256. The sha256 of each file is remembered in ``sidecar``
    (default ``<cache root>/fingerprints.json``) under its absolute path, size, mtime and ctime,
    so large weights are hashed again only when they change; a missing, corrupt or unwritable
    sidecar only costs the re-hash. Raises :class:`ModelError` if the model cannot be read.
    """
    path = Path(path)
    sidecar = sidecar if sidecar is not None else cache_root() / FINGERPRINT_SIDECAR
    try:
        files = _model_files(path) if path.exists() else []
        if not files:
            raise ModelError(f"cannot fingerprint model {str(path)!r}: no model files there")
        known = _load_sidecar(sidecar)
        changed = False
        manifest = hashlib.sha256()
        for name, file in files:
            real = str(file.resolve())
            st = os.stat(real)
            entry = known.get(real)
            if not (entry and entry[:3] == [st.st_size, st.st_mtime_ns, st.st_ctime_ns]):
                entry = known[real] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, sha256_file(real)]
                changed = True
            manifest.update(f"{name}\x00{st.st_size}\x00{entry[3]}\n".encode())
    except OSError as exc:
        raise ModelError(f"cannot fingerprint model {str(path)!r}: {_reason(exc)}") from None
    if changed:
        _save_sidecar(sidecar, known)
    return f"sha256:{manifest.hexdigest()}"
