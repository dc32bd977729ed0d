"""A cross-language clause index: every segment of a corpus, searchable by meaning.

``align index build DIR -o INDEX`` stores each segment's vector in FAISS and its document,
language and location in SQLite (:mod:`.layout` describes the folder); ``search`` finds the
nearest clauses in any language, ``compare`` a clause's counterparts in the other languages
with the pair checks run on each.

Example::

    from align.index import ClauseIndex
    index = ClauseIndex.build("corpus", "corpus.idx")        # or ClauseIndex("corpus.idx")
    for hit in index.search("where is customer data stored", lang="nb", k=3):
        print(f"{hit.score:.3f}", hit.clause.id, hit.clause.text)
    for part in index.compare("clicksend/privacy.en.txt#23").counterparts:
        print(part.clause.lang, part.mutual, [d.text for d in part.differences])
"""
from __future__ import annotations

from .build import DOCUMENT_SUFFIXES, BuildChanges, build_index
from .clause_index import ClauseIndex
from .search import Comparison, Counterpart, Hit
from .store import Clause, IndexedDocument
from .vectors import FLAT_MAX

__all__ = ["DOCUMENT_SUFFIXES", "FLAT_MAX", "BuildChanges", "Clause", "ClauseIndex", "Comparison", "Counterpart",
           "Hit", "IndexedDocument", "build_index"]
