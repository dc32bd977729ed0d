"""XML helpers shared by the TMX and XLIFF renderers: safe text, sub-elements, serialisation."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Everything XML 1.0 does not allow: C0 controls but tab/LF/CR, surrogates, U+FFFE, U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: object) -> str:
    """``text`` as a string with the characters XML 1.0 cannot carry removed."""
    return _NOT_XML.sub("", str(text))


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    """Append a child element with XML-safe text and attributes."""
    child = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrib.items()})
    if text is not None:
        child.text = xml_safe(text)
    return child


def serialize(root: ET.Element, doctype: str = "") -> str:
    """The XML declaration, an optional DOCTYPE and the indented tree, as a string."""
    ET.indent(root)
    return PROLOG + doctype + ET.tostring(root, encoding="unicode") + "\n"


def utc(created: str) -> datetime | None:
    """An ISO 8601 timestamp with a zone as a UTC datetime, or None if it cannot be read."""
    try:
        stamp = datetime.fromisoformat(created[:-1] + "+00:00" if created.endswith("Z") else created)
    except (TypeError, ValueError):
        return None
    offset = stamp.utcoffset()
    return None if offset is None else (stamp - offset).replace(tzinfo=None)
