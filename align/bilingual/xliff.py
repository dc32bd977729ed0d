"""XLIFF 1.x (1.2, also 1.0/1.1): one pair per ``<trans-unit>``, the languages of ``<file>``.

A unit's text is its ``<source>``/``<target>`` with ``<g>`` and ``<mrk>`` kept and placeholders
(``<x/>``, ``<ph>``, ``<bpt>`` ...) left out. Units marked ``translate="no"`` are not checked;
units with no or an empty ``<target>`` are skipped (reported by id). Every ``<file>`` must
declare the same languages, and a ``<source>``/``<target>`` ``xml:lang`` must agree with them.
Unit ids are the ``id`` attributes (``original#id`` when the file holds several ``<file>``\\ s).

Findings go back as ``<note from="clausealign" priority="1|2|3">`` per finding, the target
``state="needs-review-translation"`` and ``approved="no"`` (:meth:`Xliff.write_back`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import InputError
from ..xmlparse import inline_text, namespace
from .base import PRIORITY, Note, Parsed, Unit
from .xml import XmlFormat, insert_child, same_language, serialize

KEEP = frozenset({"g", "mrk"})
NOTE_FROM = "clausealign"


def _text(element: Any | None) -> str:
    return "" if element is None else inline_text(element, KEEP)


class Xliff(XmlFormat):
    """XLIFF 1.x files."""

    name = "xliff"
    root = "xliff"
    extensions = (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".mxliff")
    signature = re.compile(r"<xliff\b[^>]*\bversion\s*=\s*[\"']1\.|urn:oasis:names:tc:xliff:document:1\.")

    def _walk(self, path: str, root: Any) -> Iterator[tuple[Any, Unit, tuple[str | None, str | None]]]:
        """Every unit to check as (element, unit, the file languages); the unit's target is '' when it
        has none."""
        version = root.get("version", "1.2")
        if not version.startswith("1."):
            raise InputError(f"{path}: XLIFF version {version} read as 1.x; expected 1.0, 1.1 or 1.2")
        files = root.findall("{*}file")
        if not files:
            raise InputError(f"{path}: no <file> element in the XLIFF")
        first: tuple[str | None, str | None] | None = None
        for file in files:
            langs = (file.get("source-language") or None, file.get("target-language") or None)
            if first is None:
                first = langs
            for side, mine, theirs in (("source", langs[0], first[0]), ("target", langs[1], first[1])):
                if mine and theirs and not same_language(mine, theirs):
                    raise InputError(f"{path}: line {file.sourceline}: <file> {side}-language {mine} differs "
                                     f"from the first <file>'s {theirs} (one language pair per XLIFF)")
            prefix = f"{file.get('original', '')}#" if len(files) > 1 else ""
            for unit in file.iter("{*}trans-unit"):
                if unit.get("translate") == "no":
                    continue
                source, target = unit.find("{*}source"), unit.find("{*}target")
                for side, element, lang in (("source", source, first[0]), ("target", target, first[1])):
                    declared = None if element is None else self.declared_lang(element)
                    if declared and lang and not same_language(declared, lang):
                        raise InputError(f"{path}: line {element.sourceline}: <{side} xml:lang=\"{declared}\"> "
                                         f"differs from the file's {side}-language {lang}")
                src, tgt = _text(source), _text(target)
                if not src:
                    continue
                uid = prefix + (unit.get("id") or f"line {unit.sourceline}")
                yield unit, Unit(uid, src, tgt), first

    def read(self, path: str, text: str, src_lang: str | None, tgt_lang: str | None) -> Parsed:
        walked = list(self._walk(path, self.parse(path, text)))
        langs = walked[0][2] if walked else (None, None)
        return Parsed([u for _, u, _ in walked if u.target], langs[0], langs[1],
                      tuple(u.id for _, u, _ in walked if not u.target))

    def write_back(self, path: str, text: str, notes: Sequence[Sequence[Note]]) -> bytes:
        root = self.parse(path, text)
        checked = [element for element, unit, _ in self._walk(path, root) if unit.target]
        if len(checked) != len(notes):
            raise InputError(f"{path}: has {len(checked)} units to check, the report {len(notes)}")
        for element, found in zip(checked, notes):
            for old in element.findall("{*}note"):
                if old.get("from") == NOTE_FROM:
                    element.remove(old)
            if not found:
                continue
            self._flag(element, found)
        return serialize(root)

    @staticmethod
    def _flag(unit: Any, notes: Sequence[Note]) -> None:
        """Add the notes (before any extension element) and mark the unit for review."""
        from lxml import etree

        ns = namespace(unit.tag)
        tag = f"{{{ns}}}note" if ns else "note"
        children = list(unit)
        at = next((i for i, c in enumerate(children) if isinstance(c.tag, str) and namespace(c.tag) != ns),
                  len(children))
        for offset, note in enumerate(notes):
            element = etree.Element(tag, {"from": NOTE_FROM, "priority": PRIORITY.get(note.severity, "3")})
            element.text = note.text
            insert_child(unit, at + offset, element)
        target = unit.find("{*}target")
        target.set("state", "needs-review-translation")
        unit.set("approved", "no")
