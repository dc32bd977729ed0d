"""The metadata of a clause index: its documents and clauses in one SQLite file.

Clause row ``r`` is row ``r`` of the FAISS index. Documents are ordered by language, then
path, and a document's clauses are consecutive rows in segment order, so one language is one
contiguous range of rows and ``row = first_row + segment``.

    >>> clause = Clause(row=22, path="clicksend/privacy.no.txt", lang="nb", segment=22,
    ...                 kind="sentence", start=1771, end=1899, text="...")
    >>> clause.id
    'clicksend/privacy.no.txt#22'
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InputError
from .layout import corrupt

_SCHEMA = """
CREATE TABLE documents (
    path TEXT PRIMARY KEY, lang TEXT NOT NULL, sha256 TEXT NOT NULL,
    first_row INTEGER NOT NULL UNIQUE, segments INTEGER NOT NULL);
CREATE TABLE clauses (
    row INTEGER PRIMARY KEY, path TEXT NOT NULL REFERENCES documents(path), segment INTEGER NOT NULL,
    kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
"""
_COLUMNS = 'c.row, c.path, d.lang, c.segment, c.kind, c.start, c."end", c.text'


@dataclass(frozen=True)
class Clause:
    """One indexed segment: where it is (document, segment id, character offsets) and its text."""

    row: int
    path: str
    lang: str
    segment: int
    kind: str
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        """``PATH#SEGMENT``, the id ``align index compare --clause`` takes."""
        return f"{self.path}#{self.segment}"

    def to_dict(self) -> dict[str, object]:
        """JSON form: id, path, lang, segment, kind, start, end, text."""
        data = asdict(self)
        del data["row"]
        return {"id": self.id, **data}


@dataclass(frozen=True)
class IndexedDocument:
    """One document of the index: its content hash and its rows ``first_row .. first_row + segments``."""

    path: str
    lang: str
    sha256: str
    first_row: int
    segments: int

    @property
    def rows(self) -> tuple[int, int]:
        """``(lo, hi)``: the document's rows are ``lo <= row < hi``."""
        return self.first_row, self.first_row + self.segments


def write_store(path: Path, documents: Sequence[IndexedDocument], clauses: Iterable[Clause]) -> None:
    """Write a new metadata file at ``path`` (which must not exist)."""
    db = sqlite3.connect(path)
    try:
        with db:
            db.executescript(_SCHEMA)
            db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
                           [(d.path, d.lang, d.sha256, d.first_row, d.segments) for d in documents])
            db.executemany("INSERT INTO clauses VALUES (?, ?, ?, ?, ?, ?, ?)",
                           ((c.row, c.path, c.segment, c.kind, c.start, c.end, c.text) for c in clauses))
    finally:
        db.close()


class Store:
    """The metadata file of an index, opened read-only; a damaged file is an :class:`InputError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            rows = self.db.execute("SELECT path, lang, sha256, first_row, segments FROM documents "
                                   "ORDER BY first_row").fetchall()
        except sqlite3.Error as exc:
            raise corrupt(path, exc) from None
        self.documents = [IndexedDocument(*row) for row in rows]
        self.by_path = {d.path: d for d in self.documents}

    def close(self) -> None:
        self.db.close()

    def _query(self, sql: str, args: Sequence[object]) -> list[tuple]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise corrupt(self.path, exc) from None

    def clauses(self, rows: Sequence[int]) -> list[Clause]:
        """The clauses of ``rows``, in that order."""
        found: dict[int, Clause] = {}
        wanted = sorted({int(r) for r in rows})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            sql = (f"SELECT {_COLUMNS} FROM clauses c JOIN documents d ON d.path = c.path "
                   f"WHERE c.row IN ({','.join('?' * len(chunk))})")
            found.update((row[0], Clause(*row)) for row in self._query(sql, chunk))
        missing = [r for r in wanted if r not in found]
        if missing:
            raise corrupt(self.path, ValueError(f"no metadata for vector row {missing[0]}"))
        return [found[int(r)] for r in rows]

    def document_clauses(self, document: IndexedDocument) -> list[Clause]:
        """Every clause of ``document``, in segment order."""
        return self.clauses(range(*document.rows))

    def clause(self, clause_id: str) -> Clause:
        """The clause ``PATH#SEGMENT`` (an unknown id is an :class:`InputError`)."""
        path, _, number = clause_id.rpartition("#")
        document = self.by_path.get(path)
        if document is None or not number.isdigit() or int(number) >= document.segments:
            raise InputError(f"no clause {clause_id!r} in {self.path.parent} (a clause id is PATH#SEGMENT, "
                             "as 'align index search' prints it)")
        return self.clauses([document.first_row + int(number)])[0]
