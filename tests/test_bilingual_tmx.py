"""TMX in: the two languages picked from the file, unit ids, inline codes, one-line errors, and the
ClickSend TMX with three planted errors; the fixtures match their generator."""
from __future__ import annotations

import importlib.util
import json
import re

import pytest
from click.testing import CliRunner

import align.encoders
from align.bilingual import read_pairs
from align.cli import main
from align.errors import InputError

from .conftest import ROOT
from .test_bilingual_xliff import DATA, PLANTED

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en"
          srclang="{srclang}" datatype="plaintext"/>
  <body>
    <tu tuid="keep">
      <tuv xml:lang="en-US"><seg>Kept for <bpt i="1">&lt;b&gt;</bpt>7<ept i="1">&lt;/b&gt;</ept> <hi>years</hi>.</seg>
      </tuv>
      <tuv xml:lang="nb-NO"><seg>Lagret i 7 år.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="nb-NO"><seg>Hei</seg></tuv>
      <tuv xml:lang="EN-us"><seg>Hello</seg></tuv>
    </tu>
    <tu tuid="lonely"><tuv xml:lang="en-US"><seg>Alone</seg></tuv></tu>
    {extra}
  </body>
</tmx>
"""


def _tmx(tmp_path, srclang: str = "en-US", extra: str = "") -> str:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX.format(srclang=srclang, extra=extra), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("srclang", ["en-US", "*all*"])
def test_units_ids_and_the_two_languages(tmp_path, srclang):
    pairs = read_pairs(_tmx(tmp_path, srclang))
    assert pairs.units == ("keep", "tu 2")
    assert pairs.skipped == ("lonely",)
    assert pairs.source.texts == ["Kept for 7 years.", "Hello"]  # native code left out, <hi> kept
    assert pairs.target.texts == ["Lagret i 7 år.", "Hei"]
    assert (pairs.source.lang, pairs.target.lang) == ("en-US", "nb-NO")


def test_the_languages_asked_for_pick_the_sides(tmp_path):
    pairs = read_pairs(_tmx(tmp_path), "nb", "en")  # reversed; matched by primary language
    assert pairs.source.texts == ["Lagret i 7 år.", "Hei"]
    assert (pairs.source.lang, pairs.target.lang) == ("nb", "en")


@pytest.mark.parametrize(("text", "message"), [
    ('<tmx version="1.4"><header srclang="en"/><body/></tmx>', "no translation units (<tu>) in the TMX"),
    ('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>',
     "the TMX holds only en"),
    ('<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>a</seg></tuv></tu>', "not well-formed XML"),
    ('<xliff version="1.2"/>', "expected <tmx>"),
])
def test_bad_tmx_is_one_line(tmp_path, text, message):
    path = tmp_path / "bad.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_pairs(str(path))


def test_three_languages_need_the_target(tmp_path):
    path = _tmx(tmp_path, extra='<tu><tuv xml:lang="en-US"><seg>Yes</seg></tuv><tuv xml:lang="de"><seg>Ja</seg>'
                                '</tuv></tu>')
    with pytest.raises(InputError, match="the TMX holds en-US, nb-NO, de; name the target language with --tgt-lang"):
        read_pairs(path)
    assert read_pairs(path, tgt_lang="de").units == ("tu 4",)


def test_cli_tmx_without_units_exit_2_nothing_written(tmp_path, monkeypatch):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: pytest.fail("model loaded"))
    path = tmp_path / "empty.tmx"
    path.write_text('<tmx version="1.4"><header srclang="en"/><body/></tmx>', encoding="utf-8")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["check", str(path), "-f", "json", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"align: error: {path}: no translation units (<tu>) in the TMX"]
    assert not out.exists()


def test_fixtures_match_their_generator():
    spec = importlib.util.spec_from_file_location("make", ROOT / "scripts" / "make_bilingual_fixtures.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    rows = make.units()
    for name, render in (("clicksend.xliff", make.xliff12), ("clicksend.xlf", make.xliff20),
                         ("clicksend.tmx", make.tmx), ("clicksend.po", make.po)):
        assert (DATA / name).read_text(encoding="utf-8") == render(rows), \
            "tests/data/bilingual is stale: run .venv/bin/python scripts/make_bilingual_fixtures.py"
    assert {uid for uid, _, _ in rows} >= {uid for uid, _ in PLANTED}


@pytest.mark.model
def test_clicksend_tmx_three_planted_errors_nothing_else(tmp_path, monkeypatch, encoder):
    monkeypatch.setattr(align.encoders, "load_encoder", lambda *a, **k: encoder)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(DATA / "clicksend.tmx"), "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {(data["units"][d["source"][0]], d["kind"]) for d in data["divergences"]} == PLANTED
    text = CliRunner().invoke(main, ["render", str(out), "-f", "text"]).output
    assert re.search(r"CRITICAL number \[\d+\]:\[\d+\] unit cs-27 mqm mistranslation", " ".join(text.split()))
