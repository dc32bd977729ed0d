"""Reading XML inputs (XLIFF, TMX, TBX) safely with lxml: no entities expanded, no DTD or network
fetched, and a malformed file is one :class:`InputError` line naming the file and the line.

    >>> root = parse_xml("a.xlf", '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2"/>')
    >>> local(root.tag), root.get("version")
    ('xliff', '1.2')
    >>> parse_xml("a.xlf", "<xliff><file></xliff>")
    Traceback (most recent call last):
    ...
    align.errors.InputError: a.xlf: line 1: not well-formed XML (Opening and ending tag mismatch: file line 1 and xliff)
"""
from __future__ import annotations

import re
from typing import Any

from .errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_xml(name: str, text: str) -> Any:
    """The root element (an ``lxml.etree._Element``) of the XML document ``text`` read from ``name``.

    ``text`` is already decoded (:func:`align.io.read_text`), so its encoding declaration is ignored.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=False, encoding="utf-8")
    try:
        root = etree.fromstring(text.removeprefix("\ufeff").encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg or exc).split(", line ")[0].strip()
        raise InputError(f"{name}: line {exc.lineno or 1}: not well-formed XML ({message})") from None
    return root


def local(tag: object) -> str:
    """An element's tag without its namespace (``{urn:...}trans-unit`` -> ``trans-unit``); '' for
    comments and processing instructions."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    """The namespace of a tag (``{urn:x}unit`` -> ``urn:x``), '' when it has none."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def inline_text(element: Any, keep: frozenset[str]) -> str:
    """The text of a segment element with its inline markup resolved, whitespace collapsed.

    Children named in ``keep`` (``g``, ``mrk``, ``hi`` ...) contribute their text; every other child
    (placeholders, native code such as ``ph`` or ``bpt``) contributes nothing, but its tail does;
    XLIFF 2's ``<cp hex="..."/>`` is the character it names.
    """
    parts = [element.text or ""]
    for child in element:
        name = local(child.tag)
        if name in keep:
            parts.append(inline_text(child, keep))
        elif name == "cp" and re.fullmatch(r"[0-9A-Fa-f]{1,6}", child.get("hex", "")) \
                and int(child.get("hex"), 16) <= 0x10FFFF:
            parts.append(chr(int(child.get("hex"), 16)))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())
