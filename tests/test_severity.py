"""The severity policy: one table in code, the same table in the README."""
from __future__ import annotations

import pytest

from align.divergence.severity import TABLE, markdown_table, pair_severity, unpaired_severity

from .conftest import ROOT


def test_readme_shows_the_policy_table():
    assert markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_row_names_a_severity():
    assert {row[0] for row in TABLE} == {"critical", "major", "minor"}


@pytest.mark.parametrize("side, boilerplate, facts, obligation, expected", [
    ("source", False, True, False, "critical"),
    ("source", False, False, True, "critical"),
    ("source", True, False, True, "minor"),
    ("source", False, False, False, "major"),
    ("target", False, True, True, "major"),
    ("target", True, False, False, "minor"),
    ("target", True, True, False, "major"),
])
def test_unpaired(side, boilerplate, facts, obligation, expected):
    assert unpaired_severity(side, boilerplate=boilerplate, facts=facts, obligation=obligation) == expected


def test_in_pair():
    assert pair_severity("meaning") == "critical"
    assert pair_severity("number", source_side=True) == "critical"
    assert pair_severity("number", source_side=False) == "major"
    assert pair_severity("entity", source_side=False) == "major"
    assert pair_severity("partial", carries_facts=True) == "critical"
    assert pair_severity("partial") == "major"
    assert pair_severity("untranslated") == "major"
