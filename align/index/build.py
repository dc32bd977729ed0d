"""Building and updating a clause index from a folder of documents.

Every document under the folder whose name ends in one of :data:`DOCUMENT_SUFFIXES` (hidden
files and folders, and index folders, are left out) is loaded with
:func:`align.document.load_document`, its language given or detected. An update compares each
document's SHA-256 with the index: unchanged documents keep their clauses and vectors (nothing
is re-encoded), changed and new ones are segmented and encoded, removed ones are dropped. A
document that cannot be read is skipped and named in :class:`BuildChanges`. The new index
replaces the old one in one rename (:mod:`align.index.layout`).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..document import Document, load_document
from ..encoders import Encoder, load_encoder
from ..errors import InputError
from ..formats import FORMATS
from ..io import MAX_INPUT_BYTES, sha256_file
from ..lang import normalise
from .layout import STORE, VECTORS, Manifest, check_target, is_index, read_manifest, replace_index, write_manifest
from .store import Clause, IndexedDocument, Store, write_store
from .vectors import Vectors, build_vectors, choose_kind, read_vectors

BuildProgress = Callable[[int, int], None]
# The file names indexed: plain text and every extension an input format of align.formats owns.
DOCUMENT_SUFFIXES = (".txt", ".text",
                     *sorted({ext for f in FORMATS.values() if f.name != "text" for ext in f.extensions}))


@dataclass(frozen=True)
class BuildChanges:
    """What a build or an update did (document paths relative to the corpus folder)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (path, why)
    encoded: int = 0                             # segments encoded by this run
    clauses: int = 0                             # segments in the index
    kind: str = "flat"
    languages: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        """One line, e.g. ``5 documents (1 changed, 4 unchanged), 512 clauses in en, nb (8 encoded), flat``."""
        parts = [f"{len(v)} {k}" for k, v in (("new", self.added), ("changed", self.changed),
                                              ("unchanged", self.unchanged), ("removed", self.removed),
                                              ("skipped", self.skipped)) if v]
        documents = len(self.added) + len(self.changed) + len(self.unchanged)
        return (f"{documents} documents ({', '.join(parts)}), {self.clauses} clauses in "
                f"{', '.join(self.languages) or 'no language'} ({self.encoded} encoded), {self.kind} index")


def model_id(encoder: Encoder) -> str:
    """The encoder's content fingerprint (as the embedding cache keys it), else its cache id or name."""
    return str(getattr(encoder, "fingerprint", None) or getattr(encoder, "cache_id", None) or encoder.name)


def check_model(path: Path, manifest: Manifest, encoder: Encoder) -> None:
    """Refuse ``encoder`` when it is not the model the index at ``path`` was built with."""
    if model_id(encoder) == manifest.fingerprint:
        return
    if encoder.name == manifest.model:
        raise InputError(f"{path}: built with another version of model {manifest.model!r} (its files changed); "
                         "rebuild it with 'align index build --rebuild'")
    raise InputError(f"{path}: built with model {manifest.model!r}, not {encoder.name!r} (vectors of different "
                     f"models do not compare); use --model {manifest.model}, or rebuild it with --rebuild")


def scan_corpus(root: Path) -> list[tuple[str, Path]]:
    """``(relative POSIX path, file)`` of every document under ``root``, sorted by path."""
    if not root.is_dir():
        raise InputError(f"{root}: not a folder (index build takes a folder of documents)")
    found = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not is_index(here / d))
        for name in names:
            if not name.startswith(".") and name.lower().endswith(DOCUMENT_SUFFIXES):
                file = here / name
                found.append((file.relative_to(root).as_posix(), file))
    return sorted(found)


def _sha256(file: Path) -> str:
    try:
        return sha256_file(file)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


@dataclass
class _Entry:
    """One document of the index being built: from the old index (``old``) or freshly loaded."""

    path: str
    lang: str
    sha256: str
    clauses: list[tuple[int, str, int, int, str]]  # (segment, kind, start, end, text)
    old: IndexedDocument | None = None


def _fresh(path: str, sha: str, doc: Document) -> _Entry:
    return _Entry(path, doc.lang, sha, [(s.id, s.kind, s.start, s.end, s.text) for s in doc.segments])


def build_index(corpus: str | os.PathLike, path: str | os.PathLike, *, encoder: Encoder | None = None,
                model: str | None = None, lang: str | None = None, presegmented: bool = False,
                kind: str = "auto", rebuild: bool = False, max_bytes: int | None = MAX_INPUT_BYTES,
                allow_download: bool = False, progress: BuildProgress | None = None) -> BuildChanges:
    """Build the index at ``path`` from the documents under ``corpus``, or update the one there.

    An existing index is updated unless ``rebuild``: it must have been built with the same
    model (else :class:`InputError`); a different ``lang`` or ``presegmented`` re-segments
    every document. ``kind`` is ``auto`` (flat up to :data:`~align.index.vectors.FLAT_MAX`
    clauses, HNSW above), ``flat`` or ``hnsw``; an update keeps the kind asked for
    when the index was built unless given. ``progress(done, total)`` follows the encoding.

    >>> build_index("corpus", "/tmp/corpus.idx").summary()   # doctest: +SKIP
    '5 documents (5 new), 524 clauses in en, nb (524 encoded), flat index'
    """
    root, target = Path(corpus).resolve(), check_target(Path(path))
    code = normalise(lang) if lang else None
    choose_kind(0, kind)  # validates the name
    files = scan_corpus(root)
    if not files:
        raise InputError(f"{corpus}: no documents found (looked for {', '.join(DOCUMENT_SUFFIXES)})")
    manifest = old_store = old_vectors = None
    if target.exists() and not rebuild:
        manifest = read_manifest(target)
        if kind == "auto":
            kind = manifest.requested_kind
    encoder = encoder or load_encoder(model, allow_download=allow_download)
    if manifest is not None:
        check_model(target, manifest, encoder)
        old_store = Store(target / STORE)
        old_vectors = read_vectors(target / VECTORS, manifest.kind)
    previous = set(old_store.by_path) if old_store else set()
    reusable = old_store if manifest is not None and (manifest.lang, manifest.presegmented) == (code, presegmented) \
        else None
    try:
        entries, changes = _load(files, reusable, previous, code, presegmented, max_bytes)
        if not entries:
            why = f": {changes.skipped[0][1]}" if changes.skipped else ""
            raise InputError(f"{corpus}: no document could be indexed ({len(changes.skipped)} skipped{why})")
        if manifest is not None and reusable is not None and len(changes.unchanged) == len(previous) == len(entries) \
                and choose_kind(manifest.count, kind) == manifest.kind:  # nothing to do: the index stays as it is
            return replace(changes, clauses=manifest.count, kind=manifest.kind,
                           languages=tuple(sorted({e.lang for e in entries})))
        return _write(root, target, entries, changes, encoder, old_vectors, kind, code, presegmented, progress)
    finally:
        if old_store is not None:
            old_store.close()


def _load(files: Sequence[tuple[str, Path]], reusable: Store | None, previous: set[str], lang: str | None,
          presegmented: bool, max_bytes: int | None) -> tuple[list[_Entry], BuildChanges]:
    """The documents to index, reused from ``reusable`` when unchanged, and what changed."""
    entries: list[_Entry] = []
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    skipped: list[tuple[str, str]] = []
    for rel, file in files:
        sha = _sha256(file)
        kept = reusable.by_path.get(rel) if reusable is not None else None
        if reusable is not None and kept is not None and kept.sha256 == sha:
            clauses = [(c.segment, c.kind, c.start, c.end, c.text) for c in reusable.document_clauses(kept)]
            entries.append(_Entry(rel, kept.lang, sha, clauses, old=kept))
            unchanged.append(rel)
            continue
        try:
            entries.append(_fresh(rel, sha, load_document(str(file), lang, presegmented=presegmented,
                                                          max_bytes=max_bytes)))
        except InputError as exc:
            skipped.append((rel, str(exc)))
            continue
        (changed if rel in previous else added).append(rel)
    present = {rel for rel, _ in files}
    removed = sorted(previous - present)
    return entries, BuildChanges(tuple(added), tuple(changed), tuple(unchanged), tuple(removed), tuple(skipped))


def _write(root: Path, target: Path, entries: list[_Entry], changes: BuildChanges, encoder: Encoder,
           old_vectors: Vectors | None, kind: str, lang: str | None, presegmented: bool,
           progress: BuildProgress | None) -> BuildChanges:
    """Encode what is new, build the vectors and the metadata, and put the index in place."""
    entries.sort(key=lambda e: (e.lang, e.path))
    texts = [c[4] for e in entries if e.old is None for c in e.clauses]
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, len(texts))

    fresh = encoder.encode(texts, step) if texts else None
    parts, offset = [], 0
    for entry in entries:
        if entry.old is not None:
            assert old_vectors is not None, "reused documents come from the old index"
            parts.append(old_vectors.reconstruct(*entry.old.rows))
        else:
            assert fresh is not None, "every new document was encoded"
            parts.append(fresh[offset:offset + len(entry.clauses)])
            offset += len(entry.clauses)
    vectors = np.vstack(parts).astype(np.float32)
    index = build_vectors(vectors, kind)
    documents, clauses, row = [], [], 0
    for entry in entries:
        documents.append(IndexedDocument(entry.path, entry.lang, entry.sha256, row, len(entry.clauses)))
        clauses += [Clause(row + i, entry.path, entry.lang, *c) for i, c in enumerate(entry.clauses)]
        row += len(entry.clauses)
    manifest = Manifest(model=encoder.name, fingerprint=model_id(encoder), dim=int(vectors.shape[1]),
                        kind=index.kind, requested_kind=kind, count=len(clauses), root=str(root), lang=lang,
                        presegmented=presegmented)

    def fill(folder: Path) -> None:
        write_store(folder / STORE, documents, clauses)
        index.write(folder / VECTORS)
        write_manifest(folder, manifest)

    replace_index(target, fill)
    return replace(changes, encoded=len(texts), clauses=len(clauses), kind=index.kind,
                   languages=tuple(sorted({e.lang for e in entries})))


__all__ = ["DOCUMENT_SUFFIXES", "BuildChanges", "build_index", "check_model", "model_id",
           "scan_corpus"]
