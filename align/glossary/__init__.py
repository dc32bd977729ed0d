"""Glossaries: the terms a translation must use, must not use, or must leave untranslated.

A :class:`Glossary` holds :class:`Term` records of three types:

* ``required``: when the source has ``source``, the target must have one of ``targets``;
* ``forbidden``: the target must not have any of ``targets`` (only when the source has ``source``,
  if one is given);
* ``dnt`` (do not translate, e.g. a brand name): when the source has ``source``, the target must
  have it unchanged.

CSV glossaries (``source,target,type`` with a header) apply to every language pair; TBX
glossaries are multilingual and give their terms per pair (:meth:`Glossary.terms_for`). Readers
are picked by extension from :data:`READERS` (one module a format); a bad row or entry is one
:class:`~align.errors.InputError` line naming the file and the row or line.

Example::

    glossary = load_glossary(["terms.csv"])
    glossary.terms_for("en", "nb")[0]   # Term(type='required', source='data centre', targets=('datasenter', ...))
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from ..errors import InputError
from .base import TERM_TYPES, Concept, Glossary, Term, TermType
from .csv import read_csv
from .tbx import read_tbx

__all__ = ["READERS", "TERM_TYPES", "Concept", "Glossary", "Term", "TermType", "load_glossary"]

# extension -> reader
READERS: dict[str, Callable[[str], Glossary]] = {".csv": read_csv, ".tbx": read_tbx}


def load_glossary(paths: Sequence[str]) -> Glossary:
    """Read and merge glossary files, each by its extension (``.csv`` or ``.tbx``)."""
    glossary = Glossary()
    for path in paths:
        ext = os.path.splitext(path)[1].lower()
        if ext not in READERS:
            raise InputError(f"{path}: not a glossary format clausealign reads (use {' or '.join(READERS)})")
        glossary = glossary + READERS[ext](path)
    return glossary
