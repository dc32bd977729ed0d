"""Bilingual files: units that are already pairs (source, target), checked without aligning.

Each format (a :class:`~align.bilingual.base.BilingualFormat` subclass, one module a format,
registered in :data:`FORMATS`) turns a file into units; :func:`read_pairs` makes them a
:class:`PairedDocuments`: a source and a target :class:`~align.document.Document` with one
segment per unit, so pair ``i`` is source segment ``i`` and target segment ``i``, and the unit
ids that name them in the file.

Formats: ``xliff`` (XLIFF 1.x), ``xliff2`` (XLIFF 2.x), ``tmx``, ``po`` and ``tsv``
(``source<TAB>target`` per line). :func:`detect_format` picks one by extension, then by content;
a file it does not recognise is read as TSV by :func:`read_pairs`.

Example::

    pairs = read_pairs("pairs.tsv", "de", "en")
    pairs.source.segments[0].text, pairs.units[0]      # ('Guten Tag.', 'line 1')
    read_pairs("translations.xliff").units[:2]         # ('intro.title', 'intro.body')
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Document
from ..errors import InputError
from ..io import MAX_INPUT_BYTES, read_text
from ..lang import detect_language, normalise
from ..segment import Segment, line_kind
from .base import BilingualFormat, Note, Parsed, Unit
from .po import Po
from .tmx import Tmx
from .tsv import Tsv
from .xliff import Xliff
from .xliff2 import Xliff2

__all__ = ["FORMATS", "BilingualFormat", "Note", "PairedDocuments", "Unit", "detect_format", "paired_documents",
           "read_pairs", "write_back"]

# name -> format, in the order extensions and signatures are tried.
FORMATS: dict[str, BilingualFormat] = {f.name: f for f in (Xliff(), Xliff2(), Tmx(), Po(), Tsv())}
_HEAD = 2000


@dataclass(frozen=True)
class PairedDocuments:
    """Source and target documents whose segment ``i`` form pair ``i``, the unit ids, and the ids of
    the units not checked because they have no target text."""

    source: Document
    target: Document
    units: tuple[str, ...]
    skipped: tuple[str, ...] = ()


def _document(path: str, side: str, texts: list[str], lang: str | None) -> Document:
    segments, pos = [], 0
    for i, text in enumerate(texts):
        segments.append(Segment(i, text, line_kind(text), pos, pos + len(text)))
        pos += len(text) + 1
    joined = "\n".join(texts)
    code = normalise(lang) if lang else detect_language(joined)
    return Document(path=f"{path}#{side}", lang=code, text=joined, segments=tuple(segments))


def paired_documents(path: str, units: list[Unit], src_lang: str | None = None,
                     tgt_lang: str | None = None, skipped: Sequence[str] = ()) -> PairedDocuments:
    """The two documents of ``units`` (languages detected over each side when not given)."""
    if not units:
        raise InputError(f"{path}: no pairs found" + (f" ({len(skipped)} units have no target)" if skipped else ""))
    source = _document(path, "source", [u.source for u in units], src_lang)
    target = _document(path, "target", [u.target for u in units], tgt_lang)
    return PairedDocuments(source, target, tuple(u.id for u in units), tuple(skipped))


def detect_format(path: str, text: str | None = None) -> str | None:
    """The bilingual format of a file by its extension, then (also among formats sharing an extension)
    by a signature in its first characters; None when neither says. ``text`` is the file's content
    when already read; otherwise its first bytes are read (a file that cannot be read is None).

    >>> detect_format("a.po", ""), detect_format("a.txt", '<tmx version="1.4">'), detect_format("a.txt", "Hi")
    ('po', 'tmx', None)
    """
    ext = os.path.splitext(path)[1].lower()
    by_ext = [f for f in FORMATS.values() if ext in f.extensions]
    if len(by_ext) == 1:
        return by_ext[0].name
    if text is None:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read(_HEAD)
        except OSError:
            return None
    head = text[:_HEAD]
    found = [f for f in (by_ext or FORMATS.values()) if f.signature and f.signature.search(head)]
    chosen = found or by_ext
    return chosen[0].name if chosen else None


def _format_of(path: str, text: str) -> BilingualFormat:
    return FORMATS[detect_format(path, text) or "tsv"]


def read_pairs(path: str, src_lang: str | None = None, tgt_lang: str | None = None,
               max_bytes: int | None = MAX_INPUT_BYTES) -> PairedDocuments:
    """Read a bilingual file as paired documents; bad input raises a one-line :class:`InputError`.

    The languages are ``src_lang``/``tgt_lang`` when given, else the file's (XLIFF ``srcLang``/
    ``trgLang`` or ``source-language``/``target-language``, TMX ``xml:lang``, PO ``Language``),
    else detected over each side.
    """
    text = read_text(path, max_bytes)
    parsed: Parsed = _format_of(path, text).read(path, text, src_lang, tgt_lang)
    return paired_documents(path, parsed.units, src_lang or parsed.src_lang, tgt_lang or parsed.tgt_lang,
                            parsed.skipped)


def write_back(path: str, notes: Sequence[Sequence[Note]], max_bytes: int | None = None) -> bytes:
    """The bilingual file ``path`` with ``notes[i]`` added to the unit of pair ``i`` (as
    :func:`read_pairs` numbers them) and each unit with notes marked for review; XLIFF only."""
    text = read_text(path, max_bytes)
    return _format_of(path, text).write_back(path, text, notes)
