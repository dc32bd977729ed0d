"""Terminal output: 80 columns, findings before the table, colour only when asked."""
from __future__ import annotations

import copy

import click
import pytest

from align.errors import InputError
from align.render import render, render_multi
from align.render.text import width, wrap

from .helpers import accept


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
    for expected in ("clausealign 0.2.0 · 2026-11-22T10:00:00Z", "corpus/clicksend/privacy.en.txt",
                     "corpus/clicksend/privacy.no.txt", "[en, 59 segments]", "[nb, 62 segments]",
                     "\nmodel    e5-onnx\n", "beads    62, 2 dropped, 4 added, mean score 0.91\n"):
        assert expected in head
    assert head.endswith("\nfindings 5 critical, 2 major, 2 minor")  # nothing accepted
    head = render(accept(report, target=[58]), "text").split("\n\n")[0]
    assert head.endswith("\nfindings 5 critical, 2 major, 1 minor; 1 accepted")


def test_findings_ranked_before_table(report):
    out = render(report, "text")
    findings, table = out.index("FINDINGS (9)"), out.index("ALIGNMENT (62 beads)")
    assert findings < table
    section = out[findings:table]
    heads = [line.split()[0] for line in section.splitlines() if line[:1].isupper() and line.split()[0] in
             ("CRITICAL", "MAJOR", "MINOR")]
    assert heads == ["CRITICAL"] * 5 + ["MAJOR"] * 2 + ["MINOR"] * 2
    assert section.index("partial [23]:[22]") < section.index("MAJOR")
    # within a severity, in document order
    assert section.index("[]:[30]") < section.index("[]:[61]") < section.index("[]:[38]") < section.index("[]:[58]")
    assert "source 23 @62-68 entity: Sydney" in section
    assert "source 24 @0-42 segment: All data is stored securely and encrypted." in section
    assert "source 29 @20-32 meaning: deidentified" in section
    assert "ACCEPTED" not in section
    # an accepted finding is listed apart, after the open ones
    out = render(accept(report, target=[58]), "text")
    section = out[out.index("FINDINGS (8)"):out.index("ALIGNMENT (62 beads)")]
    assert section.index("ACCEPTED IN BASELINE (1)") < section.index("accepted addition []:[58]") \
        < section.index("Spørsmål?")
    assert "MINOR    addition []:[58]" not in section


def test_table_marks_dropped_and_added(report):
    table = render(report, "text").split("ALIGNMENT (62 beads)")[1]
    assert "\n[2]:[]  0.00  DROPPED  ! critical omission\n" in table
    assert "Last updated: September 2015         │ ✗ not in target" in table
    assert "\n[24]:[]  0.00  DROPPED  ! critical omission\n" in table
    assert "\n[]:[30]  0.00  ADDED  ! major addition\n" in table
    assert "+ not in source                      │ Dette inkluderer" in table
    assert "\n[]:[38]  0.00  ADDED  · minor addition\n" in table
    assert "\n[23]:[22]  0.91  ! critical partial\n" in table
    assert "\n[45,46]:[45,46]  0.89\n" in table and "\n[50]:[50,51]  0.89\n" in table
    # a bead whose only finding is accepted carries no severity tag
    table = render(accept(report, target=[58]), "text").split("ALIGNMENT (62 beads)")[1]
    assert "\n[]:[58]  0.00  ADDED\n" in table


def test_show_findings_omits_table(report):
    out = render(report, "text", show="findings")
    assert "FINDINGS (9)" in out and "ALIGNMENT" not in out


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
    assert "\n1. nb (privacy.no.txt)\n    corpus/clicksend/privacy.no.txt · 5 critical, 2 major, 2 minor\n" in out
    assert ("\n2. nb (privacy.edited.no.txt)\n"
            "    tests/data/privacy.edited.no.txt · 8 critical, 2 major, 2 minor\n") in out
    rows = {line.split()[0]: line for line in out.splitlines() if line[:4].strip().isdigit()}
    assert len(rows) == 59
    assert rows["0"].endswith("✓            ✓")
    assert rows["2"].endswith("✗ missing    ✗ missing")
    assert rows["23"].endswith("! critical   ! critical")
    assert rows["24"].endswith("✗ missing    ✗ missing")
    # the edited translation: two sentences dropped, 'opptil 7 år' became 'opptil 3 år'
    assert rows["26"].endswith("✓            ✗ missing") and rows["28"].endswith("✓            ✗ missing")
    assert rows["27"].endswith("✓            ! critical")
    assert out.index("== 1. nb") < out.index("== 2. nb")
    assert click.unstyle(render_multi(multi, "text", color=True)) == out
    # the edited target with a baseline accepting the meaning flip and a severity override making
    # the 'within Australia' finding major (minimal hand edits: the generated run has neither)
    edited = accept(multi["reports"][1], source=[29])
    next(f for f in edited["divergences"] if f["source"] == [25])["severity"] = "major"
    rows = {line.split()[0]: line for line in render_multi(dict(multi, reports=[multi["reports"][0], edited]),
                                                           "text").splitlines() if line[:4].strip().isdigit()}
    assert rows["29"].endswith("! critical   ✓")
    assert rows["25"].endswith("! critical   ! major")


def test_multi_unsupported_format(multi):
    with pytest.raises(InputError, match="format tsv does not support several targets"):
        render_multi(multi, "tsv")


def test_bad_options(report):
    with pytest.raises(InputError):
        render(report, "pdf")
    with pytest.raises(InputError):
        render(report, "text", show="some")
