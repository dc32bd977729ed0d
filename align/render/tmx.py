"""TMX 1.4b: one translation unit per bead that has text on both sides."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

from align.render.table import beads, bcp47, check, score_label

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
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


def render_tmx(report: dict) -> str:
    """The report's two-sided beads as a TMX 1.4b document (valid against tmx14.dtd)."""
    check(report)
    src_lang = bcp47(report["source"]["lang"])
    tgt_lang = bcp47(report["target"]["lang"])
    root = ET.Element("tmx", version="1.4")
    header = {
        "creationtool": "clausealign",
        "creationtoolversion": report.get("tool", {}).get("version", ""),
        "segtype": "sentence",
        "o-tmf": "clausealign",
        "adminlang": "en",
        "srclang": src_lang,
        "datatype": "plaintext",
    }
    created = utc(report.get("created", ""))
    if created:
        header["creationdate"] = created.strftime("%Y%m%dT%H%M%SZ")
    sub(root, "header", **header)
    body = sub(root, "body")
    for bead in beads(report):
        if not (bead.source and bead.target):
            continue
        tu = sub(body, "tu", tuid=f"b{bead.index}")
        if bead.score is not None:
            sub(tu, "prop", score_label(bead.score), type="x-score")
        sub(tu, "prop", ",".join(str(s["id"]) for s in bead.source), type="x-source-ids")
        sub(tu, "prop", ",".join(str(s["id"]) for s in bead.target), type="x-target-ids")
        for finding in bead.findings:
            kind = "x-finding-accepted" if finding.get("accepted") else "x-finding"
            sub(tu, "prop", f"{finding['severity']} {finding['kind']}", type=kind)
            sub(tu, "note", finding.get("message", ""))
        for lang, text in ((src_lang, bead.source_text), (tgt_lang, bead.target_text)):
            tuv = sub(tu, "tuv", **{XML_LANG: lang})
            sub(tuv, "seg", text)
    return serialize(root, DOCTYPE)
