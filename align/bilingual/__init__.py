"""Bilingual files: units that are already pairs (source, target), checked without aligning.

Each reader turns a file into a :class:`PairedDocuments`: a source and a target
:class:`~align.document.Document` with one segment per unit, so pair ``i`` is source segment
``i`` and target segment ``i``, and the unit ids that name them in the file.

Readers are picked by :func:`reader_for` (the extension, then the content); today:
``tsv`` (``source<TAB>target`` per line, the pairs mode of ``align check --pairs``).

Example::

    pairs = read_pairs("pairs.tsv", "de", "en")
    pairs.source.segments[0].text, pairs.units[0]      # ('Guten Tag.', 'line 1')
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..document import Document
from ..errors import InputError
from ..io import MAX_INPUT_BYTES
from ..lang import detect_language, normalise
from ..segment import Segment, line_kind


@dataclass(frozen=True)
class PairedDocuments:
    """Source and target documents whose segment ``i`` form pair ``i``, and the unit ids."""

    source: Document
    target: Document
    units: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """One pair as a reader finds it: its id and both texts (stripped, non-empty)."""

    id: str
    source: str
    target: str


Reader = Callable[[str, int | None], list[Unit]]


def _document(path: str, side: str, texts: list[str], lang: str | None) -> Document:
    segments, pos = [], 0
    for i, text in enumerate(texts):
        segments.append(Segment(i, text, line_kind(text), pos, pos + len(text)))
        pos += len(text) + 1
    joined = "\n".join(texts)
    code = normalise(lang) if lang else detect_language(joined)
    return Document(path=f"{path}#{side}", lang=code, text=joined, segments=tuple(segments))


def paired_documents(path: str, units: list[Unit], src_lang: str | None = None,
                     tgt_lang: str | None = None) -> PairedDocuments:
    """The two documents of ``units`` (languages detected over each side when not given)."""
    if not units:
        raise InputError(f"{path}: no pairs found")
    source = _document(path, "source", [u.source for u in units], src_lang)
    target = _document(path, "target", [u.target for u in units], tgt_lang)
    return PairedDocuments(source, target, tuple(u.id for u in units))


def reader_for(path: str) -> Reader:
    """The reader of a bilingual file (today every file is read as TSV)."""
    from .tsv import read_tsv

    return read_tsv


def read_pairs(path: str, src_lang: str | None = None, tgt_lang: str | None = None,
               max_bytes: int | None = MAX_INPUT_BYTES) -> PairedDocuments:
    """Read a bilingual file as paired documents; bad input raises a one-line :class:`InputError`."""
    return paired_documents(path, reader_for(path)(path, max_bytes), src_lang, tgt_lang)
