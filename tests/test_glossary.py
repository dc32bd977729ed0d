"""Glossaries (CSV and TBX) and the terminology check: required, forbidden and do-not-translate
terms, the matching rule, one-line errors naming the file and the row."""
from __future__ import annotations

import re

import pytest

from align.aligner import Bead
from align.bilingual import Unit, paired_documents
from align.divergence import find_divergences
from align.divergence.checks.terminology import find_term
from align.errors import InputError
from align.glossary import Glossary, Term, load_glossary

CSV = """source,target,type,note
data centre,datasenter|datasentre,required,
,serverfarm,forbidden,old word
ClickSend,,dnt,brand
personal information,personopplysninger,,type left empty: required
"""

TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <text><body>
    <termEntry id="c1">
      <langSet xml:lang="en-GB"><tig><term>data centre</term></tig></langSet>
      <langSet xml:lang="nb">
        <tig><term>datasenter</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>serverfarm</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="de"><ntig><termGrp><term>Rechenzentrum</term></termGrp></ntig></langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="en"><tig><term>ClickSend</term></tig></langSet>
      <langSet xml:lang="nb"><tig><term>ClickSend</term></tig></langSet>
    </termEntry>
    <termEntry id="c3"><langSet xml:lang="en"><tig><term>only English</term></tig></langSet></termEntry>
  </body></text>
</martif>
"""

TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>data centre</term></termSec></langSec>
      <langSec xml:lang="nb"><termSec><term>datasenter</term></termSec>
        <termSec><term>serverfarm</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def _file(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _terminology(glossary: Glossary, *pairs: tuple[str, str]) -> list[tuple[int, str, list[str]]]:
    """(pair, message, evidence texts) of the terminology findings on ``pairs`` (en -> nb), no model."""
    docs = paired_documents("t", [Unit(str(i), s, t) for i, (s, t) in enumerate(pairs)], "en", "nb")
    beads = [Bead((i,), (i,), 0.9) for i in range(len(pairs))]
    findings = find_divergences(docs.source, docs.target, beads, glossary=glossary)
    return [(f.source[0], f.message, [e.text for e in f.evidence]) for f in findings if f.kind == "terminology"]


# -------------------------------------------------------------------------------------------- matching

@pytest.mark.parametrize(("term", "text", "found"), [
    ("data centre", "Two data centres in Sydney.", "data centres"),
    ("Data Centre", "our DATA CENTRE", "DATA CENTRE"),
    ("datasenter", "i datasenteret vårt", "datasenteret"),
    ("policy", "all policies apply", "policies"),
    ("policy", "the police", None),
    ("datasenter", "i hoveddatasenteret", None),
    ("personopplysninger", "personopplysningene", None),  # a changed ending (-er -> -ene) needs both forms
    ("app", "the apps", None),  # short words match whole
    ("data centre", "data and the centre", None),
    ("数据中心", "我们的数据中心很安全", "数据中心"),
])
def test_find_term(term, text, found):
    span = find_term(term, text)
    assert (text[span[0]:span[1]] if span else None) == found


def test_do_not_translate_keeps_case():
    assert find_term("ClickSend", "ClickSends servere", case=True) == (0, 10)
    assert find_term("ClickSend", "Clicksend", case=True) is None


# -------------------------------------------------------------------------------------------- the check

def test_csv_terms_checked_per_pair(tmp_path):
    glossary = load_glossary([_file(tmp_path, "terms.csv", CSV)])
    found = _terminology(
        glossary,
        ("Our data centres are secure.", "Våre datasentre er sikre."),                 # kept (second form)
        ("Our data centre is secure.", "Vårt datasenteret er sikkert."),               # kept (inflected)
        ("Our data centre is secure.", "Vår serverpark er sikker."),                   # required missing
        ("Our servers are secure.", "Våre serverfarmer er sikre."),                    # forbidden
        ("ClickSend stores data.", "Clicksend lagrer data."),                          # dnt changed
        ("ClickSend stores data.", "Vi lagrer data."),                                 # dnt missing
        ("ClickSend's servers", "ClickSends servere"),                                 # dnt kept (inflected)
        ("We protect personal information.", "Vi beskytter personopplysninger."),      # kept
    )
    path = str(tmp_path / "terms.csv")
    assert found == [
        (2, f"'data centre' needs 'datasenter' or 'datasentre' in the target (glossary {path} row 2)",
         ["data centre"]),
        (3, f"forbidden term 'serverfarmer' in the target (glossary {path} row 3)", ["serverfarmer"]),
        (4, f"do-not-translate term 'ClickSend' changed to 'Clicksend' in the target (glossary {path} row 4)",
         ["ClickSend", "Clicksend"]),
        (5, f"do-not-translate term 'ClickSend' is missing from the target (glossary {path} row 4)",
         ["ClickSend"]),
    ]


def test_terminology_findings_are_major_with_their_own_ids():
    glossary = Glossary((Term("required", "data centre", ("datasenter",)), Term("dnt", "ClickSend")))
    docs = paired_documents("t", [Unit("1", "ClickSend data centre", "Clicksend serverpark")], "en", "nb")
    findings = find_divergences(docs.source, docs.target, [Bead((0,), (0,), 0.9)], glossary=glossary)
    terms = [f for f in findings if f.kind == "terminology"]
    assert [(f.severity, f.mqm) for f in terms] == [("major", "terminology")] * 2
    assert len({f.id for f in terms}) == 2


@pytest.mark.parametrize("text", [TBX2, TBX3])
def test_tbx_concepts_give_terms_per_language_pair(tmp_path, text):
    glossary = load_glossary([_file(tmp_path, "terms.tbx", text)])
    terms = [(t.type, t.source, t.targets) for t in glossary.terms_for("en", "nb")]
    assert ("required", "data centre", ("datasenter",)) in terms
    assert ("forbidden", "", ("serverfarm",)) in terms
    if text is TBX2:
        assert ("dnt", "ClickSend", ()) in terms
        assert [(t.type, t.targets) for t in glossary.terms_for("en", "de")] == [("required", ("Rechenzentrum",))]
    assert glossary.terms_for("en", "fr") == ()


def test_glossaries_merge(tmp_path):
    glossary = load_glossary([_file(tmp_path, "a.csv", CSV), _file(tmp_path, "b.tbx", TBX2)])
    assert len(glossary.terms) == 4 and len(glossary.concepts) == 3


# -------------------------------------------------------------------------------------------- bad glossaries

@pytest.mark.parametrize(("name", "text", "message"), [
    ("t.csv", "source,target,type\ndata centre,datasenter,required\nfoo,bar,mandatory\n",
     "t.csv: row 3: unknown type 'mandatory' (expected required, forbidden, dnt)"),
    ("t.csv", "source,target,type\ndata centre,,required\n", "t.csv: row 2: a required term needs a target"),
    ("t.csv", "source,target,type\n,,dnt\n", "t.csv: row 2: a dnt term needs a source"),
    ("t.csv", "source,target\na,b\n", "t.csv: row 1: the header has no type column"),
    ("t.csv", "source,target,type\na,b\n", "t.csv: row 2: 2 columns, the header has 3"),
    ("t.tbx", TBX2.replace("<term>data centre</term>", "<term> </term>"), "t.tbx: line 5: <tig> has no term text"),
    ("t.tbx", TBX2.replace('<langSet xml:lang="de">', "<langSet>"), "t.tbx: line 12: <langSet> has no xml:lang"),
    ("t.tbx", "<martif><text>", "t.tbx: line 1: not well-formed XML"),
    ("t.tbx", "<xliff/>", "t.tbx: not a TBX file"),
    ("t.xlsx", "x", "t.xlsx: not a glossary format clausealign reads (use .csv or .tbx)"),
])
def test_bad_glossary_names_file_and_row(tmp_path, name, text, message):
    with pytest.raises(InputError, match=re.escape(message)) as info:
        load_glossary([_file(tmp_path, name, text)])
    assert "\n" not in str(info.value)
