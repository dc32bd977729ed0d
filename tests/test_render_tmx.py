"""TMX 1.4b output: valid against the LISA DTD and readable by translate-toolkit."""
from __future__ import annotations

import copy

import pytest
from lxml import etree

from align.render import render
from align.render.table import bcp47

from .helpers import DATA, segment_text
from .helpers import parse_xml as parse

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    return etree.DTD(str(DATA / "tmx14.dtd"))


def assert_valid(dtd: etree.DTD, root: etree._Element) -> None:
    assert dtd.validate(root), dtd.error_log.filter_from_errors()


def test_prolog_and_doctype(report):
    out = render(report, "tmx")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    assert out == render(report, "tmx")  # deterministic


def test_valid_against_dtd(report, dtd):
    assert_valid(dtd, parse(render(report, "tmx")))


def test_header(report):
    header = parse(render(report, "tmx")).find("header")
    assert report["tool"] == {"name": "clausealign", "version": "0.2.0"}
    assert header.attrib == {
        "creationtool": "clausealign", "creationtoolversion": "0.2.0", "segtype": "sentence",
        "o-tmf": "clausealign", "adminlang": "en", "srclang": "en", "datatype": "plaintext",
        "creationdate": "20261122T100000Z",
    }
    assert parse(render(report, "tmx")).get("version") == "1.4"


def test_one_unit_per_two_sided_bead(report):
    root = parse(render(report, "tmx"))
    two_sided = [p for p in report["pairs"] if p["source"] and p["target"]]
    units = root.findall("body/tu")
    assert len(units) == len(two_sided) == report["summary"]["aligned"] == 56
    for tu, pair in zip(units, two_sided):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["en", "nb"]
        assert tuvs[0].findtext("seg") == segment_text(report, "source", pair["source"])
        assert tuvs[1].findtext("seg") == segment_text(report, "target", pair["target"])
        props = {p.get("type"): p.text for p in tu.findall("prop") if p.get("type").startswith("x-s")}
        assert props["x-score"] == f"{pair['score']:.2f}"
        assert props["x-source-ids"] == ",".join(map(str, pair["source"]))


def test_many_to_many_bead_joined_with_space(report):
    root = parse(render(report, "tmx"))
    tu = next(t for t in root.iter("tu") if t.findtext("prop[@type='x-source-ids']") == "45,46")
    assert tu.findtext("prop[@type='x-target-ids']") == "45,46"
    assert tu.find("tuv/seg").text == ("On rare occasions it is necessary to send out a strictly service related "
                                       "announcement. For instance, if our service is temporarily suspended for "
                                       "maintenance we might send users an email.")
    assert tu.findall("tuv/seg")[1].text == ("I sjeldne tilfeller er det nødvendig å sende ut en strengt "
                                             "tjenestemessig kunngjøring, for eksempel, hvis tjenesten vår er "
                                             "midlertidig suspendert for vedlikehold. Da kan vi sende brukerne en "
                                             "e-post.")


def test_findings_as_props_and_notes(report):
    root = parse(render(report, "tmx"))
    tu = next(t for t in root.iter("tu") if t.findtext("prop[@type='x-source-ids']") == "23")
    assert tu.findtext("prop[@type='x-finding']") == "critical partial"
    assert "Sydney" in tu.findtext("note")
    # an accepted finding is kept apart from the open ones
    accepted = copy.deepcopy(report)
    next(d for d in accepted["divergences"] if d["source"] == [23])["accepted"] = True
    tu = next(t for t in parse(render(accepted, "tmx")).iter("tu")
              if t.findtext("prop[@type='x-source-ids']") == "23")
    assert tu.find("prop[@type='x-finding']") is None
    assert tu.findtext("prop[@type='x-finding-accepted']") == "critical partial"


@pytest.mark.parametrize("created, expected", [
    ("2026-11-22T12:30:00+02:00", "20261122T103000Z"), ("2026-11-22T10:00:00", None), ("yesterday", None),
])
def test_creation_date(report, dtd, created, expected):
    data = dict(report, created=created)
    root = parse(render(data, "tmx"))
    assert root.find("header").get("creationdate") == expected
    assert_valid(dtd, root)


@pytest.mark.parametrize("tag, expected", [
    ("EN", "en"), ("nb", "nb"), ("pt_br", "pt-BR"), ("PT-br", "pt-BR"), ("zh-hant-tw", "zh-Hant-TW"),
    ("es-419", "es-419"), ("no", "no"),
])
def test_bcp47_case(tag, expected):
    assert bcp47(tag) == expected


def test_language_tags_normalised(report, dtd):
    data = copy.deepcopy(report)
    data["source"]["lang"], data["target"]["lang"] = "EN-gb", "pt_br"
    root = parse(render(data, "tmx"))
    assert root.find("header").get("srclang") == "en-GB"
    assert [t.get(XML_LANG) for t in root.find("body/tu").findall("tuv")] == ["en-GB", "pt-BR"]
    assert_valid(dtd, root)


def test_markup_and_control_characters(report, dtd):
    data = copy.deepcopy(report)
    data["source"]["segments"][0]["text"] = "A & B <b>\"q\"</b> 'x'\x00\x07\x1b[31m\ufffe end"
    data["target"]["segments"][0]["text"] = "]]> <![CDATA[ x ]]> \ud800 \U0001F600"
    root = parse(render(data, "tmx"))
    assert_valid(dtd, root)
    segs = root.find("body/tu").findall("tuv/seg")
    assert segs[0].text == "A & B <b>\"q\"</b> 'x'[31m end"
    assert segs[1].text == "]]> <![CDATA[ x ]]>  \U0001F600"


def test_translate_toolkit_reads_it(report):
    from translate.storage import tmx

    store = tmx.tmxfile.parsestring(render(report, "tmx").encode("utf-8"))
    two_sided = [p for p in report["pairs"] if p["source"] and p["target"]]
    assert [(u.source, u.target) for u in store.units] == [
        (segment_text(report, "source", p["source"]), segment_text(report, "target", p["target"])) for p in two_sided]
