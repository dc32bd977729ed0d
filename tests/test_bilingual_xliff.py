"""XLIFF 1.2 and 2.x in: units, ids and languages from the file, one-line errors, findings written back
(checked with translate-toolkit as an independent reader), and the ClickSend XLIFF with three planted errors."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree

import align.encoders
from align.bilingual import Note, detect_format, read_pairs, write_back
from align.cli import main
from align.errors import InputError

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "bilingual"
PLANTED = {("cs-27", "number"), ("cs-06", "partial"), ("cs-48", "meaning")}

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:x="urn:example:ext">
  <file original="policy.html" source-language="en" target-language="nb-NO" datatype="html">
    <body>
      <group id="g1">
        <trans-unit id="retention">
          <source>We keep data for <g id="1">up to 7 years</g>.</source>
          <target state="translated">Vi lagrer data i <g id="1">opptil 5 år</g>.</target>
        </trans-unit>
      </group>
      <trans-unit id="hello" approved="yes">
        <source>Hello<x id="2"/> world</source>
        <target>Hei verden</target>
        <note>from the translator</note>
        <x:extension/>
      </trans-unit>
      <trans-unit id="todo"><source>Not translated yet</source></trans-unit>
      <trans-unit id="code" translate="no"><source>SELECT 1</source><target>SELECT 1</target></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f1">
    <unit id="price">
      <originalData>
        <data id="d1">&lt;br/&gt;</data>
      </originalData>
      <segment id="s1" state="final">
        <source>Press <pc id="1">Save</pc><ph id="2" dataRef="d1"/>.</source>
        <target>Drücken Sie <pc id="1">Speichern</pc>.</target>
      </segment>
      <segment id="s2">
        <source>It costs 5<cp hex="20AC"/>.</source>
        <target>Es kostet 6<cp hex="20AC"/>.</target>
      </segment>
    </unit>
    <unit id="empty">
      <segment><source>Only a source</source></segment>
    </unit>
    <unit id="yes">
      <notes>
        <note>keep me</note>
      </notes>
      <segment><source>Yes</source><target>Ja</target></segment>
    </unit>
  </file>
</xliff>
"""


def _write(tmp_path, text: str, name: str = "in.xlf") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -------------------------------------------------------------------------------------------- reading

def test_xliff12_units_ids_languages_and_inline_markup(tmp_path):
    pairs = read_pairs(_write(tmp_path, XLIFF12))
    assert pairs.units == ("retention", "hello")
    assert pairs.skipped == ("todo",)  # no target; translate="no" units are not counted
    assert pairs.source.texts == ["We keep data for up to 7 years.", "Hello world"]
    assert pairs.target.texts == ["Vi lagrer data i opptil 5 år.", "Hei verden"]
    assert (pairs.source.lang, pairs.target.lang) == ("en", "nb-NO")


def test_given_languages_win_over_the_file(tmp_path):
    pairs = read_pairs(_write(tmp_path, XLIFF12), "en-GB", "nn")
    assert (pairs.source.lang, pairs.target.lang) == ("en-GB", "nn")


def test_xliff20_units_join_segments(tmp_path):
    pairs = read_pairs(_write(tmp_path, XLIFF20))
    assert pairs.units == ("price", "yes")
    assert pairs.skipped == ("empty",)
    assert pairs.source.texts == ["Press Save. It costs 5€.", "Yes"]
    assert pairs.target.texts == ["Drücken Sie Speichern. Es kostet 6€.", "Ja"]
    assert (pairs.source.lang, pairs.target.lang) == ("en", "de")


def test_several_files_prefix_the_unit_ids(tmp_path):
    two = XLIFF12.replace("</file>\n</xliff>", """</file>
  <file original="terms.html" source-language="en-US" target-language="nb">
    <body><trans-unit id="hello"><source>Terms</source><target>Vilkår</target></trans-unit></body>
  </file>
</xliff>""")
    assert read_pairs(_write(tmp_path, two)).units == ("policy.html#retention", "policy.html#hello", "terms.html#hello")


@pytest.mark.parametrize(("name", "text", "fmt"), [
    ("a.xlf", XLIFF12, "xliff"), ("a.xlf", XLIFF20, "xliff2"), ("a.xliff", XLIFF20, "xliff2"),
    ("a.sdlxliff", XLIFF12, "xliff"), ("a.txt", XLIFF12, "xliff"), ("a.txt", "Plain text.", None),
])
def test_detected_by_extension_then_content(tmp_path, name, text, fmt):
    assert detect_format(_write(tmp_path, text, name)) == fmt


@pytest.mark.parametrize(("text", "message"), [
    ("<xliff version='1.2'><file source-language='en'>", "line 1: not well-formed XML"),
    (XLIFF12.replace("</file>\n</xliff>", """</file>
  <file original="b" source-language="en" target-language="de"><body/></file>
</xliff>"""), "line 21: <file> target-language de differs from the first <file>'s nb-NO"),
    (XLIFF12.replace('<target>Hei verden</target>', '<target xml:lang="sv">Hej världen</target>'),
     "line 13: <target xml:lang=\"sv\"> differs from the file's target-language nb-NO"),
    (XLIFF20.replace("<source>Yes</source>", '<source xml:lang="fr">Oui</source>'),
     "<source xml:lang=\"fr\"> differs from the document's srcLang en"),
    ("<?xml version='1.0'?><tmx version='1.4'/>", "expected <xliff>"),
    (XLIFF12.replace('<trans-unit id="retention">', '<trans-unit id="retention"><oops>'), "not well-formed XML"),
    ('<xliff version="1.2"><file source-language="en"><body/></file></xliff>', "no pairs found"),
])
def test_bad_xliff_is_one_line(tmp_path, text, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as info:
        read_pairs(_write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_entities_are_not_expanded(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            '<xliff version="1.2"><file source-language="en" target-language="de"><body>'
            '<trans-unit id="1"><source>Hi &b;</source><target>Hallo</target></trans-unit></body></file></xliff>')
    assert read_pairs(_write(tmp_path, bomb)).source.texts == ["Hi"]


# -------------------------------------------------------------------------------------------- writing back

def test_write_back_xliff12_notes_state_and_the_rest_kept(tmp_path):
    path = _write(tmp_path, XLIFF12)
    data = write_back(path, [[Note("critical", "number 7 vs 5"), Note("minor", "style")], []])
    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    unit, hello = root.findall(".//x:trans-unit", ns)[:2]
    assert [(n.get("from"), n.get("priority"), n.text) for n in unit.findall("x:note", ns)] == [
        ("clausealign", "1", "number 7 vs 5"), ("clausealign", "3", "style")]
    assert unit.find("x:target", ns).get("state") == "needs-review-translation"
    assert unit.get("approved") == "no"
    assert hello.get("approved") == "yes" and hello.find("x:target", ns).get("state") is None
    assert [n.text for n in hello.findall("x:note", ns)] == ["from the translator"]
    # the rest of the file is as it was: only the flagged unit changed
    assert data.decode().replace(">\n", ">").count("<g id=\"1\">") == 2

    from translate.storage import xliff

    store = xliff.xlifffile(data)
    first = store.units[0]
    assert first.getid().endswith("retention")
    assert "number 7 vs 5" in first.getnotes()
    assert first.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target").get("state") == \
        "needs-review-translation"


def test_write_back_replaces_its_own_earlier_notes(tmp_path):
    first = tmp_path / "first.xlf"
    first.write_bytes(write_back(_write(tmp_path, XLIFF12), [[Note("major", "old finding")], [Note("minor", "x")]]))
    again = write_back(str(first), [[Note("major", "new finding")], []]).decode()
    assert "old finding" not in again and "new finding" in again and ">x<" not in again
    assert "from the translator" in again


def test_write_back_xliff20_notes_before_the_segments(tmp_path):
    data = write_back(_write(tmp_path, XLIFF20), [[Note("critical", "number 5 vs 6")], [Note("major", "term")]])
    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    price, _, yes = root.findall(".//x:unit", ns)
    assert [etree.QName(c).localname for c in price] == ["notes", "originalData", "segment", "segment"]
    note = price.find("x:notes/x:note", ns)
    assert (note.get("category"), note.get("appliesTo"), note.get("priority"), note.text) == (
        "clausealign", "target", "1", "number 5 vs 6")
    assert [(s.get("state"), s.get("subState")) for s in price.findall("x:segment", ns)] == [
        ("translated", "clausealign:needs-review")] * 2
    assert [n.text for n in yes.findall("x:notes/x:note", ns)] == ["keep me", "term"]

    from translate.storage import xliff2

    store = xliff2.Xliff2File(data)  # still a valid XLIFF 2 for another reader (it reads segments, not notes)
    assert [u.getid() for u in store.units] == ["price::s1", "price::s2", "empty", "yes"]


@pytest.mark.parametrize("name", ["clicksend.tmx", "clicksend.po"])
def test_write_back_is_xliff_only(name):
    with pytest.raises(InputError, match="XLIFF files only"):
        write_back(str(DATA / name), [[]] * 51)


def test_write_back_needs_the_checked_file(tmp_path):
    with pytest.raises(InputError, match="has 2 units to check, the report 3"):
        write_back(_write(tmp_path, XLIFF12), [[], [], []])


# -------------------------------------------------------------------------------------------- the CLI

@pytest.mark.parametrize(("args", "message"), [
    (["--write-back", "{out}"], "not well-formed XML"),
    (["--pairs", "--write-back", "{src}"], "is one of the inputs"),
])
def test_cli_bad_xliff_one_line_exit_2_nothing_written(tmp_path, monkeypatch, args, message):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: pytest.fail("model loaded"))
    src = _write(tmp_path, XLIFF12 if "{src}" in args else "<xliff version='1.2'><file>", "bad.xlf")
    out = tmp_path / "out.xlf"
    report = tmp_path / "r.json"
    argv = ["check", src, "-f", "json", "-o", str(report)] + [a.format(out=out, src=src) for a in args]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not out.exists() and not report.exists()


def test_cli_write_back_needs_xliff(tmp_path, monkeypatch):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: pytest.fail("model loaded"))
    result = CliRunner().invoke(main, ["check", str(DATA / "clicksend.tmx"), "--write-back", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--write-back needs SOURCE to be an XLIFF" in result.stderr


@pytest.mark.model
@pytest.mark.parametrize("name", ["clicksend.xliff", "clicksend.xlf"])
def test_clicksend_xliff_three_planted_errors_nothing_else(tmp_path, monkeypatch, encoder, name):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: encoder)
    source = tmp_path / name
    source.write_bytes((DATA / name).read_bytes())
    out, report = tmp_path / f"reviewed-{name}", tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(source), "--write-back", str(out), "-f", "json",
                                       "-o", str(report)])
    assert result.exit_code == 1, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["units"][:3] == ["cs-00", "cs-01", "cs-03"] and len(data["units"]) == 51
    assert (data["source"]["lang"], data["target"]["lang"]) == ("en", "nb-NO")
    found = {(data["units"][d["source"][0]], d["kind"]) for d in data["divergences"]}
    assert found == PLANTED
    assert source.read_bytes() == (DATA / name).read_bytes()
    flagged = read_pairs(str(out))  # the written file is still a valid XLIFF with the same units
    assert flagged.units == tuple(data["units"])
    text = out.read_text(encoding="utf-8")
    assert text.count("clausealign") == 3 + (3 if name.endswith(".xlf") else 0)  # notes (+ subState)
    from align.report import load_report_dict

    assert load_report_dict(str(report))["units"] == data["units"]  # the schema knows "units"


@pytest.mark.model
def test_cli_checks_a_lone_xliff_and_lists_units_without_target(tmp_path, monkeypatch, encoder):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: encoder)
    result = CliRunner().invoke(main, ["check", _write(tmp_path, XLIFF12)])
    assert result.exit_code == 1
    assert "1 unit(s) without a target not checked: todo" in result.stderr
    assert "CRITICAL number [0]:[0] unit retention" in " ".join(result.output.split())
