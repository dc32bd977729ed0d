"""Alignment scores exactly as Bertalign and Vecalign compute them.

strict: a predicted bead counts when it is identical to a gold bead;
lax: when it shares a target with a gold bead of one of its sources.
Precision is over all predicted beads, recall over gold beads with both sides
non-empty; counts are summed over all files before the ratios are taken.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import FormatError
from ..vocab import bead_label

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def parse_beads(text: str, name: str = "<text>") -> list[BeadIds]:
    """Parse ``[0]:[0]`` / ``[45, 46]:[45,46]`` / ``[2]:[]`` lines."""
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _BEAD.match(line)
        if not match:
            raise FormatError(f"{name}:{number}: not an alignment bead: {line.strip()[:60]!r}")
        src, tgt = (tuple(int(x) for x in re.findall(r"\d+", part)) for part in match.groups())
        beads.append((src, tgt))
    return beads


def _check_order(beads: list[BeadIds], name: str) -> None:
    """Each side's ids strictly increase through the file: none repeated, none out of order."""
    if not beads:
        raise FormatError(f"{name}: no alignment beads (an empty file)")
    for n, side in enumerate(("source", "target")):
        last = -1
        for number, bead in enumerate(beads, 1):
            for i in bead[n]:
                if i <= last:
                    raise FormatError(f"{name}: bead {number} repeats or reorders {side} segment {i}")
                last = i


def check_in_range(gold: Sequence[BeadIds], predicted: Sequence[BeadIds], name: str) -> None:
    """Raise :class:`FormatError` if ``gold`` names a segment beyond those ``predicted`` covers."""
    for n, side in enumerate(("source", "target")):
        top = max((i for b in predicted for i in b[n]), default=-1)
        over = [i for b in gold for i in b[n] if i > top]
        if over:
            raise FormatError(f"{name}: names {side} segment {over[0]}, but the prediction has segments 0-{top}")


def read_beads(path: str | Path) -> list[BeadIds]:
    """Read an alignment file (one bead a line, ``[45,46]:[45]``)."""
    from ..io import read_text

    beads = parse_beads(read_text(path, max_bytes=None), str(path))
    _check_order(beads, str(path))
    return beads


def format_beads(beads: Iterable[BeadIds]) -> str:
    """One bead a line, ``[45,46]:[45,46]``."""
    return "".join(bead_label(s, t) + "\n" for s, t in beads)


def _counts(gold: Sequence[BeadIds], test: Sequence[BeadIds]) -> tuple[int, int, int, int]:
    """strict tp, strict fp, lax tp, lax fp of ``test`` against ``gold``."""
    gold_set = {b for b in gold if b[0] or b[1]}
    src_to_tgt: dict[int, set[int]] = {}
    for gs, gt in gold_set:
        for s in gs:
            src_to_tgt.setdefault(s, set()).update(gt)
    tps = fps = tpl = fpl = 0
    for ts, tt in {b for b in test if b[0] or b[1]}:
        if (ts, tt) in gold_set:
            tps, tpl = tps + 1, tpl + 1
        elif set(tt) & {t for s in ts for t in src_to_tgt.get(s, ())}:
            fps, tpl = fps + 1, tpl + 1
        else:
            fps, fpl = fps + 1, fpl + 1
    return tps, fps, tpl, fpl


@dataclass(frozen=True)
class Scores:
    """Strict and lax precision, recall and F1."""

    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float

    def to_dict(self) -> dict:
        """JSON form, rounded to 4 places."""
        return {k: round(v, 4) for k, v in self.__dict__.items()}

    def __str__(self) -> str:
        return (f"strict P {self.strict_precision:.3f} R {self.strict_recall:.3f} F1 {self.strict_f1:.3f} | "
                f"lax P {self.lax_precision:.3f} R {self.lax_recall:.3f} F1 {self.lax_f1:.3f}")


def score_alignments(pairs: Iterable[tuple[Sequence[BeadIds], Sequence[BeadIds]]]) -> Scores:
    """Score (gold, predicted) alignments of one or many files, counts summed.

    >>> gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    >>> round(score_alignments([(gold, [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())])]).strict_f1, 3)
    0.5
    """
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in pairs:
        p = [x + y for x, y in zip(p, _counts(gold, test))]
        both = [b for b in test if b[0] and b[1]]
        r = [x + y for x, y in zip(r, _counts(both, [b for b in gold if b[0] and b[1]]))]

    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    def f1(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    sp, sr, lp, lr = ratio(p[0], p[1]), ratio(r[0], r[1]), ratio(p[2], p[3]), ratio(r[2], r[3])
    return Scores(sp, sr, f1(sp, sr), lp, lr, f1(lp, lr))


def dumps_scores(scores: Scores, files: int) -> str:
    """The JSON line ``align eval alignment --json`` prints."""
    return json.dumps({"files": files, **scores.to_dict()})
