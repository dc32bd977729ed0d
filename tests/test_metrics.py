"""Alignment scores match the independent scorer (Bertalign/Vecalign convention)."""
from __future__ import annotations

import importlib.util
import random

import pytest

from align.errors import FormatError
from align.scoring.alignment import format_beads, parse_beads, read_beads, score_alignments

from .conftest import GOLD, SHARED


def test_parse_and_format_round_trip():
    text = "[0]:[0]\n[45, 46]:[45,46]\n[2]:[]\n[]:[7]\n"
    beads = parse_beads(text)
    assert beads == [((0,), (0,)), ((45, 46), (45, 46)), ((2,), ()), ((), (7,))]
    assert format_beads(beads) == "[0]:[0]\n[45,46]:[45,46]\n[2]:[]\n[]:[7]\n"


def test_bad_bead_line():
    with pytest.raises(FormatError, match=r"x\.txt:2"):
        parse_beads("[0]:[0]\n0 - 0\n", "x.txt")


def test_perfect_and_known_values():
    gold = read_beads(GOLD / "alignment.txt")
    perfect = score_alignments([(gold, gold)])
    assert perfect.strict_f1 == perfect.lax_f1 == 1.0
    # merge two 1-1 beads into one 2-2: strict loses, lax keeps precision
    pred = [((0, 1), (0, 1))] + [b for b in gold if b[0][:1] not in ((0,), (1,))]
    scores = score_alignments([(gold, pred)])
    assert scores.strict_recall < 1.0 and scores.lax_precision == 1.0


@pytest.mark.skipif(not (SHARED / "tools/score.py").is_file(), reason="shared scorer not present")
def test_agrees_with_independent_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools/score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = read_beads(GOLD / "alignment.txt")
    rng = random.Random(3)
    for _ in range(20):
        pred = list(gold)
        for _ in range(5):  # random merges and splits
            k = rng.randrange(len(pred) - 1)
            (s1, t1), (s2, t2) = pred[k], pred[k + 1]
            pred[k:k + 2] = [(s1 + s2, t1 + t2)]
        (strict, lax) = score.f1(gold, pred)
        ours = score_alignments([(gold, pred)])
        assert ours.strict_f1 == pytest.approx(strict[2])
        assert ours.lax_f1 == pytest.approx(lax[2])
