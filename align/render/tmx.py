"""TMX 1.4b: one translation unit per bead that has text on both sides; with several targets one
multilingual TMX whose units hold the source and every target that translates it.

A translation memory must not learn a wrong translation: beads with an open finding at or above
``clean`` (by default ``critical``) are left out, the rest keep their findings as ``x-finding``
props and notes; the header says what was left out (``x-clean``, ``x-left-out``).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from ..errors import FormatError
from ..vocab import severity_rank as rank
from .table import Row, bcp47, beads, check, check_multi, score_label
from .xmlutil import XML_LANG, serialize, sub, utc

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'


def _ids(segments: tuple[dict, ...]) -> str:
    return ",".join(str(s["id"]) for s in segments)


def _clean(rows: list[Row], clean: str | None) -> tuple[list[Row], int]:
    """The two-sided beads a TM may take, and how many were left out for their findings."""
    two_sided = [row for row in rows if row.source and row.target]
    kept = [row for row in two_sided
            if clean is None or all(rank(f["severity"]) > rank(clean) for f in row.open_findings)]
    return kept, len(two_sided) - len(kept)


def _annotate(element: ET.Element, bead: Row) -> None:
    """A bead's score, target ids and findings as props and notes of a ``tu`` or ``tuv``."""
    if bead.score is not None:
        sub(element, "prop", score_label(bead.score), type="x-score")
    sub(element, "prop", _ids(bead.target), type="x-target-ids")
    for finding in bead.findings:
        kind = "x-finding-accepted" if finding.get("accepted") else "x-finding"
        sub(element, "prop", f"{finding['severity']} {finding['kind']}", type=kind)
        sub(element, "note", finding.get("message", ""))


def _root(report: dict, clean: str | None, left_out: int) -> tuple[ET.Element, ET.Element]:
    """The ``tmx`` element with its header, and the empty ``body``."""
    root = ET.Element("tmx", version="1.4")
    header = {
        "creationtool": "clausealign",
        "creationtoolversion": report.get("tool", {}).get("version", ""),
        "segtype": "sentence",
        "o-tmf": "clausealign",
        "adminlang": "en",
        "srclang": bcp47(report["source"]["lang"]),
        "datatype": "plaintext",
    }
    created = utc(report.get("created", ""))
    if created:
        header["creationdate"] = created.strftime("%Y%m%dT%H%M%SZ")
    head = sub(root, "header", **header)
    sub(head, "prop", clean or "none", type="x-clean")
    sub(head, "prop", str(left_out), type="x-left-out")
    return root, sub(root, "body")


def render_tmx(report: dict, *, clean: str | None = "critical") -> str:
    """The report's two-sided beads as a TMX 1.4b document (valid against tmx14.dtd), leaving out
    beads with an open finding at or above ``clean`` (None keeps them all)."""
    check(report)
    src_lang, tgt_lang = bcp47(report["source"]["lang"]), bcp47(report["target"]["lang"])
    kept, left_out = _clean(beads(report), clean)
    root, body = _root(report, clean, left_out)
    for bead in kept:
        tu = sub(body, "tu", tuid=f"b{bead.index}")
        sub(tu, "prop", _ids(bead.source), type="x-source-ids")
        _annotate(tu, bead)
        for lang, text in ((src_lang, bead.source_text), (tgt_lang, bead.target_text)):
            sub(sub(tu, "tuv", **{XML_LANG: lang}), "seg", text)
    return serialize(root, DOCTYPE)


def render_multi_tmx(multi: dict, *, clean: str | None = "critical") -> str:
    """One multilingual TMX of a multi-target run: a unit per group of source segments that some
    target translates as one bead, with a ``tuv`` for the source and for each such target (its
    score, ids and findings as the ``tuv``'s props and notes). Each target needs its own language."""
    check_multi(multi)
    reports = multi["reports"]
    langs = [bcp47(r["target"]["lang"]) for r in reports]
    twice = [lang for lang, n in Counter(langs).items() if n > 1]
    if twice:
        raise FormatError(f"a multilingual TMX holds one target per language, and {twice[0]} is given "
                          f"{langs.count(twice[0])} times: write one TMX per target")
    units: dict[tuple[int, ...], list[tuple[str, Row]]] = {}
    left_out = 0
    for lang, report in zip(langs, reports):
        kept, dropped = _clean(beads(report), clean)
        left_out += dropped
        for bead in kept:
            units.setdefault(tuple(s["id"] for s in bead.source), []).append((lang, bead))
    root, body = _root(reports[0], clean, left_out)
    src_lang = bcp47(reports[0]["source"]["lang"])
    for ids in sorted(units):
        translations = units[ids]
        tu = sub(body, "tu", tuid="s" + "-".join(map(str, ids)))
        sub(tu, "prop", ",".join(map(str, ids)), type="x-source-ids")
        sub(sub(tu, "tuv", **{XML_LANG: src_lang}), "seg", translations[0][1].source_text)
        for lang, bead in translations:
            tuv = sub(tu, "tuv", **{XML_LANG: lang})
            _annotate(tuv, bead)
            sub(tuv, "seg", bead.target_text)
    return serialize(root, DOCTYPE)
