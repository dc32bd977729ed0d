"""TMX 1.4b: one translation unit per bead that has text on both sides."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from .table import bcp47, beads, check, score_label
from .xmlutil import XML_LANG, serialize, sub, utc

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'


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
