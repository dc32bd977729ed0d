"""TMX 1.4b output: valid against the LISA DTD and readable by translate-toolkit; beads with open
critical findings left out (or more with ``clean``); one multilingual TMX for several targets."""
from __future__ import annotations

import copy

import pytest
from lxml import etree

from align.errors import FormatError
from align.render import render, render_multi
from align.render.table import bcp47

from .helpers import DATA, accept, segment_text
from .helpers import parse_xml as parse

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CRITICAL_PAIRS = [[23], [25], [29]]  # the two-sided beads with an open critical finding in the fixture


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
    root = parse(render(report, "tmx", clean=None))
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


def test_beads_with_an_open_critical_finding_are_left_out(report, dtd):
    root = parse(render(report, "tmx"))
    assert_valid(dtd, root)
    left_out = [p["source"] for p in report["pairs"] if p["source"] and p["target"]
                and any(d["severity"] == "critical" for d in report["divergences"] if d["source"] == p["source"])]
    assert left_out == CRITICAL_PAIRS
    ids = [tu.findtext("prop[@type='x-source-ids']") for tu in root.iter("tu")]
    assert len(ids) == 53 and not {"23", "25", "29"} & set(ids)
    assert root.findtext("header/prop[@type='x-clean']") == "critical"
    assert root.findtext("header/prop[@type='x-left-out']") == "3"
    # accepted in the baseline: back in the memory, its finding marked as accepted
    tus = parse(render(accept(report, source=[29]), "tmx")).findall("body/tu")
    assert "29" in [tu.findtext("prop[@type='x-source-ids']") for tu in tus]
    assert parse(render(report, "tmx", clean=None)).findtext("header/prop[@type='x-clean']") == "none"


@pytest.mark.parametrize("clean, left_out", [("critical", 2), ("major", 3), ("minor", 4)])
def test_clean_severity(report, clean, left_out):
    data = copy.deepcopy(report)  # [29]'s critical finding made major, and a minor one on [45,46]:[45,46]
    data["divergences"][[d["source"] for d in data["divergences"]].index([29])]["severity"] = "major"
    data["divergences"].append({"id": "0123456789ab", "kind": "moved", "severity": "minor", "mqm": "other",
                                "source": [45, 46], "target": [45, 46], "message": "moved", "evidence": []})
    root = parse(render(data, "tmx", clean=clean))
    assert root.findtext("header/prop[@type='x-left-out']") == str(left_out)
    assert len(root.findall("body/tu")) == 56 - left_out


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
    root = parse(render(report, "tmx", clean=None))
    tu = next(t for t in root.iter("tu") if t.findtext("prop[@type='x-source-ids']") == "23")
    assert tu.findtext("prop[@type='x-finding']") == "critical partial"
    assert "Sydney" in tu.findtext("note")
    # an accepted finding is kept apart from the open ones
    accepted = copy.deepcopy(report)
    next(d for d in accepted["divergences"] if d["source"] == [23])["accepted"] = True
    tu = next(t for t in parse(render(accepted, "tmx", clean=None)).iter("tu")
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
    two_sided = [p for p in report["pairs"] if p["source"] and p["target"] and p["source"] not in CRITICAL_PAIRS]
    assert [(u.source, u.target) for u in store.units] == [
        (segment_text(report, "source", p["source"]), segment_text(report, "target", p["target"])) for p in two_sided]


# -------------------------------------------------------------------------- several targets

@pytest.fixture(scope="module")
def multilingual(multi) -> dict:
    """The two-target fixture with the edited Norwegian declared Danish: one language per target."""
    data = copy.deepcopy(multi)
    data["reports"][1]["target"]["lang"] = "da"
    return data


def test_multilingual_tmx(multilingual, dtd):
    out = render_multi(multilingual, "tmx")
    assert out == render_multi(multilingual, "tmx")
    root = parse(out)
    assert_valid(dtd, root)
    assert root.find("header").get("srclang") == "en"
    units = {tu.findtext("prop[@type='x-source-ids']"): tu for tu in root.iter("tu")}
    assert list(units) == sorted(units, key=lambda ids: [int(i) for i in ids.split(",")])
    both = units["0"].findall("tuv")
    assert [t.get(XML_LANG) for t in both] == ["en", "nb", "da"]
    assert [t.findtext("seg") for t in both] == ["Legal Information", "Juridisk informasjon", "Juridisk informasjon"]
    assert both[1].findtext("prop[@type='x-target-ids']") == "0" and both[1].find("prop[@type='x-score']") is not None
    # the retention period changed only in the edited target (a critical number finding): that target
    # is left out of the unit, the faithful one stays
    edited = multilingual["reports"][1]
    changed = next(d for d in edited["divergences"] if d["kind"] == "number")
    unit = units[",".join(map(str, changed["source"]))]
    assert [t.get(XML_LANG) for t in unit.findall("tuv")] == ["en", "nb"]
    left_out = sum(1 for r in multilingual["reports"] for p in r["pairs"] if p["source"] and p["target"]
                   and any(d["severity"] == "critical" and not d.get("accepted") and set(d["source"]) & set(p["source"])
                           for d in r["divergences"]))
    assert root.findtext("header/prop[@type='x-left-out']") == str(left_out)


def test_multilingual_findings_on_their_tuv(multilingual):
    root = parse(render_multi(multilingual, "tmx", clean=None))
    unit = next(tu for tu in root.iter("tu") if tu.findtext("prop[@type='x-source-ids']") == "23")
    tuvs = {t.get(XML_LANG): t for t in unit.findall("tuv")}
    assert tuvs["nb"].findtext("prop[@type='x-finding']") == "critical partial"
    assert "Sydney" in tuvs["nb"].findtext("note")
    assert unit.find("prop[@type='x-finding']") is None  # per target, never on the unit


def test_multilingual_tmx_needs_one_target_per_language(multi):
    with pytest.raises(FormatError, match="one target per language, and nb is given 2 times"):
        render_multi(multi, "tmx")


def test_translate_toolkit_reads_the_multilingual_tmx(multilingual):
    from translate.storage import tmx

    store = tmx.tmxfile.parsestring(render_multi(multilingual, "tmx").encode("utf-8"))
    assert store.units and store.units[0].source == "Legal Information"
    assert store.units[0].target == "Juridisk informasjon"
