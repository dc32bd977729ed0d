"""Searching a clause index, and comparing one clause with its counterparts in other languages.

:func:`compare_clause` takes the best match of a clause in each document of another language
and says what it is:

* ``counterpart``: the document is a translation of the clause's own (at least
  :data:`PARALLEL_SHARE` of the shorter one's segments are mutual best matches) and the match is
  mutual (the clause is in turn the match's best match in its own document). The lexical pair
  checks of :func:`align.divergence.checks.check_pair` run on it (numbers, names, negation,
  links, untranslated text; ``source`` = the clause, ``target`` = the counterpart).
* ``missing``: the document is a translation but the clause has no mutual match there: it is
  most likely not stated in that document.
* ``unrelated``: the document is not a translation of the clause's own; the best match is only
  the nearest clause in meaning.

``margin`` is the ratio margin of :mod:`align.candidates` within the two documents (a true
translation stands out from its neighbours: above 1).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from ..candidates import knn, ratio_margin
from ..divergence.checks import Difference, check_pair
from ..errors import InputError
from ..lang import normalise
from .store import Clause, IndexedDocument, Store
from .vectors import Vectors

MARGIN_NEIGHBOURS = 4
# Documents sharing at least this share of mutual best matches are translations of each other
# (ClickSend en/nb: 0.95; unrelated policies: 0.40 at most).
PARALLEL_SHARE = 0.6
SEARCH_SCHEMA = "clausealign.index-search/1"
COMPARE_SCHEMA = "clausealign.index-compare/1"


@dataclass(frozen=True)
class Hit:
    """One search result: its rank (1 = best), cosine similarity and clause."""

    rank: int
    score: float
    clause: Clause

    def to_dict(self) -> dict[str, object]:
        return {"rank": self.rank, "score": round(self.score, 4), **self.clause.to_dict()}


@dataclass(frozen=True)
class Counterpart:
    """A clause's best match in one document of another language: ``status`` is ``counterpart``,
    ``missing`` or ``unrelated`` (see the module docstring); ``differences`` only for a counterpart."""

    clause: Clause
    status: str
    score: float
    margin: float
    parallel: float      # the share of mutual best matches between the two documents
    differences: tuple[Difference, ...]

    def to_dict(self) -> dict[str, object]:
        return {"status": self.status, "score": round(self.score, 4), "margin": round(self.margin, 4),
                "parallel": round(self.parallel, 4), "clause": self.clause.to_dict(),
                "differences": [asdict(d) for d in self.differences]}


@dataclass(frozen=True)
class Comparison:
    """A clause and its counterparts, one per document in another language (by language, path)."""

    clause: Clause
    counterparts: tuple[Counterpart, ...]

    def to_dict(self) -> dict[str, object]:
        return {"schema": COMPARE_SCHEMA, "clause": self.clause.to_dict(),
                "counterparts": [c.to_dict() for c in self.counterparts]}


def language_rows(documents: Sequence[IndexedDocument], lang: str) -> tuple[int, int]:
    """The rows of the clauses in ``lang`` (``de`` also takes ``de-CH``): one contiguous range."""
    code = normalise(lang)
    chosen = [d for d in documents if d.lang == code or d.lang.startswith(code + "-")]
    if not chosen:
        present = ", ".join(sorted({d.lang for d in documents}))
        raise InputError(f"no clauses in language {code!r} in this index (it has {present})")
    lo, hi = min(d.rows[0] for d in chosen), max(d.rows[1] for d in chosen)
    assert hi - lo == sum(d.segments for d in chosen), "one language is one range of rows"
    return lo, hi


def search_vector(store: Store, vectors: Vectors, vector: np.ndarray, k: int = 10,
                  lang: str | None = None) -> list[Hit]:
    """The ``k`` clauses nearest to ``vector`` (a unit query vector), optionally in ``lang`` only."""
    if k < 1:
        raise InputError(f"k must be at least 1, not {k}")
    rows = language_rows(store.documents, lang) if lang else None
    scores, ids = vectors.search(np.asarray(vector, dtype=np.float32), k, rows)
    clauses = store.clauses([int(i) for i in ids])
    return [Hit(rank, float(score), clause) for rank, (score, clause) in enumerate(zip(scores, clauses), 1)]


def _top_mean(sims: np.ndarray) -> float:
    k = min(MARGIN_NEIGHBOURS, len(sims))
    return float(np.sort(sims)[-k:].mean())


def parallel_share(source: np.ndarray, target: np.ndarray) -> float:
    """The share of the shorter document's segments that are mutual best matches across the two."""
    _, forward = knn(source, target, 1)
    _, backward = knn(target, source, 1)
    mutual = int((backward[forward[:, 0], 0] == np.arange(len(source))).sum())
    return mutual / min(len(source), len(target))


def compare_clause(store: Store, vectors: Vectors, clause: Clause) -> Comparison:
    """The clause's best match in every document of another language, what it is, and what differs."""
    own = store.by_path[clause.path]
    source = vectors.reconstruct(*own.rows)
    query = source[clause.segment]
    found = []
    for document in store.documents:
        if document.lang == clause.lang:
            continue
        target = vectors.reconstruct(*document.rows)
        sims = target @ query
        best = int(np.argmax(sims))
        back = source @ target[best]
        margin = float(ratio_margin(sims[best], _top_mean(sims), _top_mean(back)))
        share = parallel_share(source, target)
        status = "unrelated" if share < PARALLEL_SHARE else \
            "counterpart" if int(np.argmax(back)) == clause.segment else "missing"
        match = store.clauses([document.first_row + best])[0]
        differences = tuple(check_pair(clause.text, clause.lang, match.text, match.lang)) \
            if status == "counterpart" else ()
        found.append(Counterpart(match, status, float(sims[best]), margin, share, differences))
    return Comparison(clause, tuple(found))
