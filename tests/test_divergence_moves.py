"""Moved blocks: one minor `moved` finding naming both places, not an omission plus an addition."""
from __future__ import annotations

import pytest

from align.aligner import Bead
from align.divergence import find_divergences
from align.document import document_from_text
from align.moves import Move

from .conftest import GOLD

EN = "First sentence here.\nSecond sentence here.\nWe keep data for 7 years.\nLast sentence here."
NB = "Første setning her.\nVi lagrer data i 3 år.\nAndre setning her.\nSiste setning her."


def _docs():
    return (document_from_text(EN, lang="en", presegmented=True),
            document_from_text(NB, lang="nb", presegmented=True))


def test_a_moved_segment_is_one_finding_and_is_still_checked():
    src, tgt = _docs()
    beads = [Bead((0,), (0,), 0.9, 1.1), Bead((), (1,)), Bead((1,), (2,), 0.9, 1.1), Bead((2,), ()),
             Bead((3,), (3,), 0.9, 1.1)]
    found = find_divergences(src, tgt, beads, moves=[Move((2,), (1,), 1.06)])
    kinds = sorted((f.kind, f.severity, f.source, f.target) for f in found)
    assert kinds == [("moved", "minor", (2,), (1,)), ("number", "critical", (2,), (1,))]
    moved = next(f for f in found if f.kind == "moved")
    assert "source 2 stands at target 1" in moved.message
    assert {(e.side, e.segment) for e in moved.evidence} == {("source", 2), ("target", 1)}


def test_without_moves_the_same_beads_are_an_omission_and_an_addition():
    src, tgt = _docs()
    beads = [Bead((0,), (0,), 0.9, 1.1), Bead((), (1,)), Bead((1,), (2,), 0.9, 1.1), Bead((2,), ()),
             Bead((3,), (3,), 0.9, 1.1)]
    assert sorted(f.kind for f in find_divergences(src, tgt, beads)) == ["addition", "omission"]


@pytest.mark.model
def test_a_block_moved_in_the_clicksend_translation(tmp_path, encoder):
    from align.pipeline import compare

    lines = (GOLD / "no.lines").read_text(encoding="utf-8").splitlines()
    moved = lines[:10] + lines[30:35] + lines[10:30] + lines[35:]
    path = tmp_path / "moved.no.lines"
    path.write_text("\n".join(moved) + "\n", encoding="utf-8")
    report = compare(str(GOLD / "en.lines"), str(path), src_lang="en", tgt_lang="nb", presegmented=True,
                     encoder=encoder)
    moves = [f for f in report.divergences if f.kind == "moved"]
    assert len(moves) == 1 and moves[0].target[0] == 11 and moves[0].severity == "minor"
    block = set(moves[0].source)
    assert not [f for f in report.divergences if f.kind == "omission" and block & set(f.source)]
    html = report.render("html")
    assert 'class="fids moved-to">→ target 11</a>' in html
    assert report.to_dict()["moves"][0]["target"][0] == 11
