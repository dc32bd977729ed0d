"""XLIFF 2.x (2.0, 2.1, 2.2): one pair per ``<unit>`` (its segments joined), ``srcLang``/``trgLang``.

A unit's text is its segments' ``<source>``/``<target>`` with ``<pc>`` and ``<mrk>`` kept, ``<cp/>``
resolved and placeholders (``<ph/>``, ``<sc/>``, ``<ec/>`` ...) left out. Units marked
``translate="no"`` are not checked; units with no target text are skipped (reported by id). A
``<source>``/``<target>`` ``xml:lang`` must agree with ``srcLang``/``trgLang``. Unit ids are the
``id`` attributes (``file/unit`` when the document holds several ``<file>``\\ s).

Findings go back as ``<note category="clausealign" appliesTo="target" priority="1|2|3">`` in the
unit's ``<notes>``, and each segment with a target gets ``subState="clausealign:needs-review"``
(a ``reviewed`` or ``final`` state, or none, becomes ``translated``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import InputError
from ..xmlparse import inline_text, namespace
from .base import PRIORITY, Note, Parsed, Unit
from .xml import XmlFormat, insert_child, same_language, serialize

KEEP = frozenset({"pc", "mrk"})
CATEGORY = "clausealign"
SUBSTATE = "clausealign:needs-review"


class Xliff2(XmlFormat):
    """XLIFF 2.x documents."""

    name = "xliff2"
    root = "xliff"
    extensions = (".xlf", ".xliff")
    signature = re.compile(r"<xliff\b[^>]*\bversion\s*=\s*[\"']2\.|urn:oasis:names:tc:xliff:document:2\.")

    def _walk(self, path: str, root: Any) -> Iterator[tuple[Any, Unit]]:
        """Every unit to check as (element, unit); the unit's target is '' when it has none."""
        version = root.get("version", "")
        if not version.startswith("2."):
            raise InputError(f"{path}: XLIFF version {version or '(none)'} read as 2.x; expected 2.0, 2.1 or 2.2")
        langs = {"source": root.get("srcLang"), "target": root.get("trgLang")}
        files = root.findall("{*}file")
        if not files:
            raise InputError(f"{path}: no <file> element in the XLIFF")
        for file in files:
            prefix = f"{file.get('id', '')}/" if len(files) > 1 else ""
            for unit in file.iter("{*}unit"):
                if unit.get("translate") == "no":
                    continue
                texts: dict[str, list[str]] = {"source": [], "target": []}
                for segment in unit.findall("{*}segment"):
                    for side in ("source", "target"):
                        element = segment.find("{*}" + side)
                        if element is None:
                            continue
                        declared, lang = self.declared_lang(element), langs[side]
                        if declared and lang and not same_language(declared, lang):
                            what = "srcLang" if side == "source" else "trgLang"
                            raise InputError(f"{path}: line {element.sourceline}: <{side} xml:lang=\"{declared}\"> "
                                             f"differs from the document's {what} {lang}")
                        texts[side].append(inline_text(element, KEEP))
                src, tgt = " ".join(filter(None, texts["source"])), " ".join(filter(None, texts["target"]))
                if src:
                    yield unit, Unit(prefix + (unit.get("id") or f"line {unit.sourceline}"), src, tgt)

    def read(self, path: str, text: str, src_lang: str | None, tgt_lang: str | None) -> Parsed:
        root = self.parse(path, text)
        walked = [unit for _, unit in self._walk(path, root)]
        return Parsed([u for u in walked if u.target], root.get("srcLang") or None, root.get("trgLang") or None,
                      tuple(u.id for u in walked if not u.target))

    def write_back(self, path: str, text: str, notes: Sequence[Sequence[Note]]) -> bytes:
        root = self.parse(path, text)
        checked = [element for element, unit in self._walk(path, root) if unit.target]
        if len(checked) != len(notes):
            raise InputError(f"{path}: has {len(checked)} units to check, the report {len(notes)}")
        for element, found in zip(checked, notes):
            holder = element.find("{*}notes")
            if holder is not None:
                for old in holder.findall("{*}note"):
                    if old.get("category") == CATEGORY:
                        holder.remove(old)
                if not len(holder):
                    element.remove(holder)
            if found:
                self._flag(element, found)
        return serialize(root)

    @staticmethod
    def _flag(unit: Any, notes: Sequence[Note]) -> None:
        """Add the notes (a ``<notes>`` before ``<originalData>`` and the segments when there is none)
        and mark the segments for review."""
        from lxml import etree

        prefix = f"{{{namespace(unit.tag)}}}" if namespace(unit.tag) else ""
        holder = unit.find("{*}notes")
        created = holder is None
        if holder is None:
            holder = etree.Element(prefix + "notes")
            children = list(unit)
            at = next((i for i, c in enumerate(children) if c.tag in (prefix + "originalData", prefix + "segment",
                                                                        prefix + "ignorable")), len(children))
            insert_child(unit, at, holder)
        indent = (holder.tail or "") if (holder.tail or "").isspace() else ""
        for note in notes:
            element = etree.Element(prefix + "note", {"category": CATEGORY, "appliesTo": "target",
                                                      "priority": PRIORITY.get(note.severity, "3")})
            element.text = note.text
            if created:
                holder.text, element.tail = (indent + "  " if indent else None), indent or None
                holder.append(element)
                created = False
            else:
                insert_child(holder, len(holder), element)
        for segment in unit.findall("{*}segment"):
            if segment.find("{*}target") is None:
                continue
            if segment.get("state") in (None, "reviewed", "final"):
                segment.set("state", "translated")
            segment.set("subState", SUBSTATE)
