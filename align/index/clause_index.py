"""The :class:`ClauseIndex`: build, update, search and compare a cross-language clause index."""
from __future__ import annotations

import os
from pathlib import Path

from ..encoders import Encoder, load_encoder
from ..io import MAX_INPUT_BYTES
from .build import BuildChanges, BuildProgress, build_index, check_model
from .layout import STORE, VECTORS, Manifest, read_manifest
from .search import Comparison, Hit, compare_clause, search_vector
from .store import Clause, IndexedDocument, Store
from .vectors import read_vectors


class ClauseIndex:
    """Every segment of a corpus with its vector, document, language and location.

    >>> index = ClauseIndex.build("corpus", "/tmp/corpus.idx")          # doctest: +SKIP
    >>> index.changes.summary()                                          # doctest: +SKIP
    '5 documents (5 new), 524 clauses in en, nb (524 encoded), flat index'
    >>> hit = index.search("where is customer data stored", lang="nb", k=3)[0]   # doctest: +SKIP
    >>> hit.clause.id, hit.clause.text[:40]                              # doctest: +SKIP
    ('clicksend/privacy.no.txt#22', 'Vi har datasentre på flere steder i Aust')
    >>> [c.clause.lang for c in index.compare(hit.clause.id).counterparts]   # doctest: +SKIP
    ['en']
    """

    def __init__(self, path: str | os.PathLike, encoder: Encoder | None = None) -> None:
        """Open the index at ``path`` (checked against its manifest: a damaged one is an InputError).

        ``encoder`` encodes queries; by default the model the index was built with is loaded on
        the first :meth:`search`. Another model is refused (:class:`~align.errors.InputError`).
        """
        self.path = Path(path)
        self._encoder = encoder
        self.changes: BuildChanges | None = None
        self._open()

    def _open(self) -> None:
        self.manifest: Manifest = read_manifest(self.path)
        if self._encoder is not None:
            check_model(self.path, self.manifest, self._encoder)
        self.store = Store(self.path / STORE)
        self.vectors = read_vectors(self.path / VECTORS, self.manifest.kind)

    @classmethod
    def build(cls, corpus: str | os.PathLike, path: str | os.PathLike, *, encoder: Encoder | None = None,
              model: str | None = None, lang: str | None = None, presegmented: bool = False, kind: str = "auto",
              rebuild: bool = False, max_bytes: int | None = MAX_INPUT_BYTES, allow_download: bool = False,
              progress: BuildProgress | None = None) -> ClauseIndex:
        """Build the index of the documents under ``corpus`` at ``path`` (updating one already there
        unless ``rebuild``), see :func:`align.index.build.build_index`; ``changes`` says what was done."""
        encoder = encoder or load_encoder(model, allow_download=allow_download)
        changes = build_index(corpus, path, encoder=encoder, lang=lang, presegmented=presegmented, kind=kind,
                              rebuild=rebuild, max_bytes=max_bytes, progress=progress)
        index = cls(path, encoder)
        index.changes = changes
        return index

    def update(self, corpus: str | os.PathLike | None = None, *, max_bytes: int | None = MAX_INPUT_BYTES,
               progress: BuildProgress | None = None) -> BuildChanges:
        """Bring the index up to date with its corpus folder (or ``corpus``): only new and changed
        documents are encoded, removed ones are dropped. Returns (and keeps in ``changes``) what changed."""
        m = self.manifest
        changes = build_index(corpus if corpus is not None else m.root, self.path, encoder=self.encoder,
                              lang=m.lang, presegmented=m.presegmented, max_bytes=max_bytes, progress=progress)
        self.close()
        self._open()
        self.changes = changes
        return changes

    @property
    def encoder(self) -> Encoder:
        """The query encoder: the index's own model unless one was given."""
        if self._encoder is None:
            encoder = load_encoder(self.manifest.model)
            check_model(self.path, self.manifest, encoder)
            self._encoder = encoder
        return self._encoder

    @property
    def documents(self) -> list[IndexedDocument]:
        """The indexed documents, by language and path."""
        return self.store.documents

    @property
    def languages(self) -> list[str]:
        """The languages of the indexed documents, sorted."""
        return sorted({d.lang for d in self.store.documents})

    def __len__(self) -> int:
        return self.manifest.count

    def search(self, query: str, *, lang: str | None = None, k: int = 10) -> list[Hit]:
        """The ``k`` clauses nearest to ``query`` in any language (or in ``lang`` only), best first."""
        vector = self.encoder.encode([query])[0]
        return search_vector(self.store, self.vectors, vector, k, lang)

    def clause(self, clause_id: str) -> Clause:
        """The clause ``PATH#SEGMENT``."""
        return self.store.clause(clause_id)

    def compare(self, clause_id: str) -> Comparison:
        """The clause's best match in every document of another language, with the pair checks on each."""
        return compare_clause(self.store, self.vectors, self.clause(clause_id))

    def close(self) -> None:
        """Close the metadata database."""
        self.store.close()
