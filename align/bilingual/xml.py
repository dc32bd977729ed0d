"""The shared base of the XML formats (XLIFF 1.2, XLIFF 2, TMX): safe parsing, the root check,
language codes compared loosely, and inserting elements at the indentation of their siblings."""
from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..xmlparse import XML_LANG, local, parse_xml
from .base import BilingualFormat

__all__ = ["XML_LANG", "XmlFormat", "insert_child", "same_language", "serialize"]


def same_language(a: str, b: str) -> bool:
    """Two language tags name the same language: equal ignoring case and ``_``/``-``, or the same
    primary language when one has no region (``en`` ~ ``en-US``; Norwegian ``no`` ~ ``nb`` and ``nn``).

    >>> same_language("EN_us", "en-US"), same_language("en", "en-GB"), same_language("nb", "nn")
    (True, True, False)
    """
    a, b = a.strip().replace("_", "-").lower(), b.strip().replace("_", "-").lower()
    if a == b:
        return True
    if "-" in a and "-" in b:
        return False
    primary = {a.split("-")[0], b.split("-")[0]}
    return len(primary) == 1 or primary in ({"no", "nb"}, {"no", "nn"})


def insert_child(parent: Any, index: int, child: Any) -> None:
    """Insert ``child`` at ``index`` of ``parent`` with the whitespace its siblings have."""
    children = list(parent)
    if index < len(children):
        child.tail = children[index - 1].tail if index else parent.text
        parent.insert(index, child)
        return
    if children:
        last = children[-1]
        child.tail, last.tail = last.tail, children[-2].tail if len(children) > 1 else parent.text
    parent.append(child)


def serialize(root: Any) -> bytes:
    """The whole document (declaration, DOCTYPE, top-level comments kept) as UTF-8 bytes."""
    from lxml import etree

    data: bytes = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + data + b"\n"


class XmlFormat(BilingualFormat):
    """An XML bilingual format whose root element is named :attr:`root`."""

    root: str

    def parse(self, path: str, text: str) -> Any:
        """The root element; a malformed file or another root is one :class:`InputError` line."""
        root = parse_xml(path, text)
        if local(root.tag) != self.root:
            raise InputError(f"{path}: not a {self.name.upper()} file (the root element is <{local(root.tag)}>, "
                             f"expected <{self.root}>)")
        return root

    @staticmethod
    def declared_lang(element: Any) -> str | None:
        """The ``xml:lang`` of an element, None when absent or empty."""
        return element.get(XML_LANG) or None
