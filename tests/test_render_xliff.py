"""XLIFF 1.2 output: namespace, structure, states and notes, added target text joined to the unit
before it (never an empty source), and translate-toolkit reads it back."""
from __future__ import annotations

import copy

from lxml import etree

from align.render import render
from align.render.table import beads
from align.render.xliff import units

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


def joined_pairs(report: dict) -> list[dict]:
    """The report's pairs with each source-less pair's target ids added to the pair before it."""
    out: list[dict] = []
    for pair in report["pairs"]:
        if pair["source"]:
            out.append({**pair, "target": list(pair["target"])})
        else:
            out[-1]["target"] += pair["target"]
    return out


def test_structure_one_unit_per_bead_with_source(report):
    root = parse(render(report, "xliff"))
    found = root.findall("x:file/x:body/x:trans-unit", X)
    pairs = joined_pairs(report)
    assert len(found) == len(pairs) == len(report["pairs"]) - 4  # the four additions joined
    assert [u.get("id") for u in found] == [f"b{i}" for i, p in enumerate(report["pairs"]) if p["source"]]
    for u, pair in zip(found, pairs):
        children = [etree.QName(c).localname for c in u]
        assert children[:2] == ["source", "target"] and set(children[2:]) <= {"note"}
        assert u.findtext("x:source", "", X) == texts(report, "source", pair["source"]) != ""
        assert u.findtext("x:target", "", X) == texts(report, "target", pair["target"])
        assert u.get(f"{{{CA}}}target-ids") == " ".join(map(str, pair["target"]))
        assert u.get(f"{{{CA}}}score") == f"{pair['score']:.2f}"


def test_added_text_joins_the_unit_before_it(report):
    root = parse(render(report, "xliff"))
    added = unit(root, "31")
    assert added.get(f"{{{CA}}}target-ids") == "29 30"
    assert added.findtext("x:target", None, X).endswith(" Dette inkluderer både elektronisk og fysisk data/materiale.")
    assert added.get("approved") == "no"
    assert added.find("x:target", X).get("state") == "needs-review-translation"
    note = added.find("x:note", X)
    assert note.get("priority") == "2" and "major addition" in note.text  # the addition's own finding
    # text added before the first bead with source joins that bead, before its target
    data = copy.deepcopy(report)
    data["pairs"] = [{"source": [], "target": [0], "score": 0.0, "margin": 0.0},
                     {**data["pairs"][0], "target": []}] + data["pairs"][1:]
    first = units(beads(data))[0]
    assert first.index == 1 and [s["id"] for s in first.target] == [0] and [s["id"] for s in first.source] == [0]


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
    minor = unit(root, "38")
    assert minor.get(f"{{{CA}}}target-ids") == "37 38" and minor.find("x:note", X).get("priority") == "3"


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
        (texts(report, "source", p["source"]), texts(report, "target", p["target"])) for p in joined_pairs(report)]
    assert all(u.source for u in store.units)
    sydney = next(u for u in store.units if u.source.startswith("ClickSend’s servers"))
    assert "Sydney" in sydney.getnotes()
    assert not sydney.isapproved()
