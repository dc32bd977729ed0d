"""TBX glossaries (read with lxml; no maintained TBX library is on PyPI): TBX 2 / TBX-Basic
(``martif``: ``termEntry`` > ``langSet`` > ``tig``/``ntig`` > ``term``) and TBX v3 (``tbx``:
``conceptEntry`` > ``langSec`` > ``termSec`` > ``term``).

Each entry becomes a :class:`~align.glossary.base.Concept`. A term whose ``administrativeStatus``
(or ``normativeAuthorization``) is deprecated, superseded or forbidden is forbidden in a
translation. An empty ``<term>`` or a language section without ``xml:lang`` is one
:class:`~align.errors.InputError` line naming the file and the line.
"""
from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..io import read_text
from ..xmlparse import XML_LANG, inline_text, local, parse_xml
from .base import Concept, Glossary

FORBIDDEN = ("deprecated", "superseded", "forbidden", "notrecommended")
STATUS = ("administrativeStatus", "normativeAuthorization")


def _forbidden(term_group: Any) -> bool:
    for note in term_group.iter("{*}termNote"):
        if note.get("type") in STATUS and (note.text or "").strip().lower().startswith(FORBIDDEN):
            return True
    return False


def _concept(path: str, entry: Any) -> Concept:
    terms: dict[str, tuple[tuple[str, bool], ...]] = {}
    for section in entry:
        if local(section.tag) not in ("langSet", "langSec"):
            continue
        lang = (section.get(XML_LANG) or "").strip()
        if not lang:
            raise InputError(f"{path}: line {section.sourceline}: <{local(section.tag)}> has no xml:lang")
        found = []
        for group in section:
            if local(group.tag) not in ("tig", "ntig", "termSec"):
                continue
            term = next(group.iter("{*}term"), None)
            text = "" if term is None else inline_text(term, frozenset({"hi"}))
            if not text:
                raise InputError(f"{path}: line {group.sourceline}: <{local(group.tag)}> has no term text")
            found.append((text, _forbidden(group)))
        terms[lang] = terms.get(lang, ()) + tuple(found)
    return Concept(terms, f"{path} line {entry.sourceline}")


def read_tbx(path: str) -> Glossary:
    """The concepts of a TBX file."""
    root = parse_xml(path, read_text(path, None))
    if local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"{path}: not a TBX file (the root element is <{local(root.tag)}>, expected <martif> "
                         f"or <tbx>)")
    entries = [e for e in root.iter("{*}termEntry", "{*}conceptEntry")]
    return Glossary(concepts=tuple(_concept(path, e) for e in entries))
