"""CSV glossaries: a header row naming ``source``, ``target`` and ``type`` (any order, other
columns ignored), then one term a row.

``type`` is ``required`` (the default when empty), ``forbidden`` or ``dnt`` (also
``do-not-translate``); ``target`` lists alternatives separated by ``|``. A required row needs both
terms, a forbidden row a target (its source is optional: the target term is then forbidden
everywhere), a dnt row a source. Rows are numbered as a spreadsheet shows them (the header is row 1).
"""
from __future__ import annotations

import csv
import io

from ..errors import InputError
from ..io import read_text
from .base import TERM_TYPES, Glossary, Term, TermType

ALIASES: dict[str, TermType] = {"": "required", "do-not-translate": "dnt", "donottranslate": "dnt"}


def read_csv(path: str) -> Glossary:
    """The terms of a CSV glossary; a bad row is an :class:`InputError` naming the file and the row."""
    reader = csv.reader(io.StringIO(read_text(path, None).removeprefix("\ufeff")))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"{path}: row {reader.line_num}: not valid CSV ({exc})") from None
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("source", "target", "type") if c not in header]
    if missing:
        raise InputError(f"{path}: row 1: the header has no {', '.join(missing)} column (expected "
                         f"source,target,type)")
    col = {name: header.index(name) for name in ("source", "target", "type")}
    terms = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise InputError(f"{path}: row {number}: {len(row)} columns, the header has {len(header)}")
        source = row[col["source"]].strip()
        targets = tuple(t.strip() for t in row[col["target"]].split("|") if t.strip())
        raw = row[col["type"]].strip().lower()
        kind = ALIASES.get(raw, raw)
        if kind not in TERM_TYPES:
            raise InputError(f"{path}: row {number}: unknown type {raw!r} (expected {', '.join(TERM_TYPES)})")
        need = {"required": ("source", "target"), "forbidden": ("target",), "dnt": ("source",)}[kind]
        empty = [side for side in need if not (source if side == "source" else targets)]
        if empty:
            raise InputError(f"{path}: row {number}: a {kind} term needs a {' and a '.join(empty)}")
        terms.append(Term(kind, source, targets, f"{path} row {number}"))
    return Glossary(tuple(terms))
