"""XLIFF 1.2 output: namespace, structure, states and notes, and translate-toolkit reads it back."""
from __future__ import annotations

import copy

from lxml import etree

from align.render import render

from .helpers import parse_xml as parse
from .helpers import segment_text as texts

NS = "urn:oasis:names:tc:xliff:document:1.2"
CA = "https://clausealign.invalid/ns"
X = {"x": NS}


def unit(root: etree._Element, source_ids: str) -> etree._Element:
    return next(u for u in root.iterfind(".//x:trans-unit", X) if u.get(f"{{{CA}}}source-ids") == source_ids)


def test_namespace_and_file(report):
    out = render(report, "xliff")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert out == render(report, "xliff")
    root = parse(out)
    assert root.tag == f"{{{NS}}}xliff" and root.get("version") == "1.2"
    assert root.nsmap[None] == NS  # XLIFF elements are unprefixed
    files = root.findall("x:file", X)
    assert len(files) == 1
    assert {k: files[0].get(k) for k in ("original", "source-language", "target-language", "datatype")} == {
        "original": "corpus/clicksend/privacy.en.txt", "source-language": "en", "target-language": "nb",
        "datatype": "plaintext"}
    assert files[0].get("date") == "2026-11-22T10:00:00Z"
    tool = files[0].find("x:header/x:tool", X)
    assert tool.get("tool-id") == "clausealign" and tool.get("tool-version") == "0.2.0"
    # every element is in the XLIFF namespace; only attributes use the extension namespace
    assert {etree.QName(e).namespace for e in root.iter()} == {NS}
    assert {etree.QName(a).namespace for e in root.iter() for a in e.attrib} <= {None, CA}


def test_structure_one_unit_per_bead(report):
    root = parse(render(report, "xliff"))
    units = root.findall("x:file/x:body/x:trans-unit", X)
    assert len(units) == len(report["pairs"])
    assert [u.get("id") for u in units] == [f"b{i}" for i in range(len(units))]
    for u, pair in zip(units, report["pairs"]):
        children = [etree.QName(c).localname for c in u]
        assert children[:2] == ["source", "target"] and set(children[2:]) <= {"note"}
        assert (u.findtext("x:source", "", X)) == texts(report, "source", pair["source"])
        assert (u.findtext("x:target", "", X)) == texts(report, "target", pair["target"])
        assert u.get(f"{{{CA}}}score") == f"{pair['score']:.2f}"


def test_states_and_notes(report):
    root = parse(render(report, "xliff"))
    faithful = unit(root, "0")
    assert faithful.get("approved") is None and faithful.find("x:target", X).get("state") == "translated"
    assert faithful.find("x:note", X) is None
    sydney = unit(root, "23")
    assert sydney.get("approved") == "no"
    assert sydney.find("x:target", X).get("state") == "needs-review-translation"
    note = sydney.find("x:note", X)
    assert note.get("from") == "clausealign" and note.get("priority") == "1"
    assert "critical partial" in note.text and "Sydney" in note.text
    dropped = unit(root, "24")
    assert dropped.findtext("x:target", None, X) in (None, "")
    assert dropped.find("x:target", X).get("state") == "needs-translation"
    added = next(u for u in root.iterfind(".//x:trans-unit", X) if u.get(f"{{{CA}}}target-ids") == "30")
    assert added.findtext("x:source", None, X) in (None, "") and added.get("approved") == "no"
    assert added.find("x:note", X).get("priority") == "2"  # major
    minor = next(u for u in root.iterfind(".//x:trans-unit", X) if u.get(f"{{{CA}}}target-ids") == "38")
    assert minor.find("x:note", X).get("priority") == "3"


def test_markup_and_control_characters(report):
    data = copy.deepcopy(report)
    data["source"]["segments"][0]["text"] = "Fish & <chips> \"x\"\x0b\x1b"
    data["target"]["segments"][0]["text"] = "Fisk & <chips>\x00 \U0001F41F"
    u = parse(render(data, "xliff")).find(".//x:trans-unit", X)
    assert u.findtext("x:source", None, X) == "Fish & <chips> \"x\""
    assert u.findtext("x:target", None, X) == "Fisk & <chips> \U0001F41F"


def test_translate_toolkit_reads_it(report):
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(render(report, "xliff").encode("utf-8"))
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "nb"
    assert [(u.source, u.target or "") for u in store.units] == [
        (texts(report, "source", p["source"]), texts(report, "target", p["target"])) for p in report["pairs"]]
    sydney = next(u for u in store.units if u.source.startswith("ClickSend’s servers"))
    assert "Sydney" in sydney.getnotes()
    assert not sydney.isapproved()
