"""Partial translations: cut, truncate, sample and move the target, then score the alignment.

Each case edits the target side of a gold-aligned pair (ClickSend en-nb, and
the Text+Berg de-fr dev document when ../shared/benchmarks/textberg is
present):

* ``truncate-F``  keep the first fraction F of the target lines (a truncated file);
* ``cut-A-B``     remove target lines A..B inclusive (a missing section);
* ``sample-N``    keep N target lines chosen at random (a translation of a subset);
* ``drop-N``      remove N single lines at random;
* ``move-L@D``    move L consecutive lines to just after line D (reordered sections).

The gold is restricted to the remaining target lines and renumbered: a bead keeps
the target lines that remain; a bead left with one empty side becomes 1-0 (or 0-1)
beads, one per segment. The score is strict/lax F1 over that gold, as in
``bench_alignment.py``. For ``move`` cases the gold is ambiguous (a monotonic
alignment keeps either the block or the lines it jumped over), so the better of
the two readings is scored, and the case counts as *detected* when
:func:`align.moves.place_moves` reports exactly one block and it covers at least
80 % of the moved segments on both sides (*exact*: every gold link of the move).

    python eval/partial.py                        # both sets, all cases
    python eval/partial.py --set clicksend -v     # per-case lines
    PYTHONPATH=/work/main python eval/partial.py  # another checkout's aligner (no moves there)
"""
from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass

import numpy as np
from common import BENCHMARKS, GOLD, emit_json, read_gold

from align.aligner import AlignConfig, align_runs
from align.document import load_document
from align.encoders import embed_runs, load_encoder
from align.scoring.alignment import score_alignments

try:
    from align.moves import place_moves
except ImportError:  # an older checkout: alignment only
    place_moves = None

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Case:
    """One edit of the target: ``keep`` lists the original target ids in their new order."""

    name: str
    kind: str
    keep: tuple[int, ...]
    moved: tuple[int, ...] = ()      # original ids of the moved block (move cases)
    jumped: tuple[int, ...] = ()     # original ids the block jumped over (move cases)


def make_cases(m: int, seed: int = 7, issue: bool = False,
               beads: tuple[list[int], set[int]] | None = None) -> list[Case]:
    """The cases for a target of ``m`` lines (``issue``: add the ClickSend cases from the bug report).

    ``beads`` (from :func:`bead_starts`): the target lines where a gold bead
    begins and the lines no source line is aligned with; moved blocks start and
    end at bead starts, so that a move never splits a bead, and hold no
    unaligned line.
    """
    rng = random.Random(seed)
    ids = list(range(m))
    cases: list[Case] = []
    for f in (0.25, 0.5, 0.75):
        k = max(1, round(f * m))
        cases.append(Case(f"truncate-{k}", "truncate", tuple(ids[:k])))
    if issue:
        cases.append(Case("truncate-31", "truncate", tuple(ids[:31])))  # == truncate-0.5 when m == 62
        cases.append(Case("cut-12-29", "cut", tuple(i for i in ids if not 12 <= i <= 29)))
        cases.append(Case("sample-22", "sample", tuple(sorted(random.Random(22).sample(ids, 22)))))
    for _ in range(4):
        length = rng.randint(max(2, m // 10), max(3, m // 3))
        start = rng.randint(0, m - length)
        cases.append(Case(f"cut-{start}-{start + length - 1}", "cut",
                          tuple(i for i in ids if not start <= i < start + length)))
    cases.append(Case(f"cut-0-{m // 5 - 1}", "cut", tuple(ids[m // 5:])))  # a target that starts late
    for f in (0.35, 0.5, 0.7):
        k = max(1, round(f * m))
        cases.append(Case(f"sample-{k}-r", "sample", tuple(sorted(rng.sample(ids, k)))))
    for _ in range(3):
        gone = set(rng.sample(ids, 4))
        cases.append(Case(f"drop-4-{min(gone)}", "drop", tuple(i for i in ids if i not in gone)))
    # moves: whole gold beads (``starts``: target ids where a bead begins) moved at least 8 lines away
    mrng = random.Random(seed + 1)
    starts, unmatched = beads or (list(range(m)), set())
    bounds = sorted(set(starts) | {0, m})
    moves = [(5, 10)] if issue else []
    moves += [(length, None) for length in (2, 3, 4, 5, 6, 8)]
    for length, dest in moves:
        for _ in range(10000):
            start = mrng.choice(bounds[:-1])
            end = next((b for b in bounds if b >= start + length), m + 1)
            if end > m:
                continue
            d = dest if dest is not None else mrng.choice(bounds) - 1     # the block goes after line d
            if (start - 1 - d >= 8 or d - end + 1 >= 8) and not unmatched & set(range(start, end)):
                break
        else:
            continue
        block = ids[start:end]
        rest = [i for i in ids if i not in block]
        at = rest.index(d) + 1 if d >= 0 else 0
        jumped = tuple(range(d + 1, start)) if d < start else tuple(range(end, d + 1))
        cases.append(Case(f"move-{len(block)}@{d}", "move", tuple(rest[:at] + block + rest[at:]), tuple(block), jumped))
    seen: set[tuple[int, ...]] = set()
    return [c for c in cases if not (c.keep in seen or seen.add(c.keep))]


def bead_starts(gold: list[Bead]) -> list[int]:
    """Target lines where a gold bead begins (moved blocks start and end there).

    Lines of beads without a source are left out, so that a moved block always
    carries a translation of something (a block of unmatched captions would be
    nothing to detect).
    """
    starts = {min(t) for _, t in gold if t}
    unmatched = {j for s, t in gold if not s for j in t}
    return sorted(starts | {j + 1 for j in unmatched}), unmatched


def restrict(gold: list[Bead], keep: tuple[int, ...], drop_src: set[int] = frozenset(),
             drop_tgt: set[int] = frozenset()) -> list[Bead]:
    """Gold beads over the remaining target lines (``keep``, in their new order), renumbered.

    ``drop_src``/``drop_tgt`` (original ids) become unpaired even though they remain
    (the two sides of a move). The scorer compares sets, so bead order does not matter.
    """
    new = {t: k for k, t in enumerate(keep)}
    out: list[Bead] = []
    for s, t in gold:
        s2 = tuple(x for x in s if x not in drop_src)
        t2 = tuple(sorted(new[x] for x in t if x in new and x not in drop_tgt))
        gone_s = tuple(x for x in s if x in drop_src)
        if s2 and t2:
            out.append((s2, t2))
        else:
            out.extend(((x,), ()) for x in s2)
            out.extend(((), (x,)) for x in t2)
        out.extend(((x,), ()) for x in gone_s)
        out.extend(((), (new[x],)) for x in t if x in new and x in drop_tgt)
    return out


def run_case(case: Case, src_runs, src_texts, tgt_texts, gold, encoder, config) -> dict:
    """Embed the edited target, align it and score it."""
    texts = [tgt_texts[i] for i in case.keep]
    tgt_runs = embed_runs(texts, encoder, config.side) if texts else {}
    return score_case(case, src_runs, src_texts, tgt_runs, texts, gold, config)


def score_case(case: Case, src_runs, src_texts, tgt_runs, texts, gold, config) -> dict:
    """Align the edited target (its runs given) and score it against the restricted gold."""
    t0 = time.perf_counter()
    beads = align_runs(src_runs, tgt_runs, np.array([len(x) for x in src_texts]),
                       np.array([len(x) for x in texts]), config)
    moves = []
    if place_moves and tgt_runs:
        beads, moves = place_moves(beads, src_runs, tgt_runs)
    seconds = time.perf_counter() - t0
    pred = [(b.source, b.target) for b in beads]
    new = {t: k for k, t in enumerate(case.keep)}
    out = {"case": case.name, "kind": case.kind, "seconds": seconds}
    if case.kind != "move":
        g = restrict(gold, case.keep)
        out["scores"] = score_alignments([(g, pred)])
        out["pairs"] = (g, pred)
        out["moves"] = len(moves)
        return out
    # a move: score the better of "block unpaired" and "jumped lines unpaired"
    best = None
    for unpaired in (set(case.moved), set(case.jumped)):
        drop_src = {s for src, tgt in gold if set(tgt) & unpaired for s in src}
        g = restrict(gold, case.keep, drop_src, unpaired)
        sc = score_alignments([(g, pred)])
        need = {(s, new[t]) for src, tgt in gold for s in src for t in tgt if t in unpaired}
        if best is None or sc.strict_f1 > best[0].strict_f1:
            best = (sc, g, need)
    sc, g, need = best
    move_links = {(s, t) for mv in moves for s in mv.source for t in mv.target}
    out["scores"] = sc
    out["pairs"] = (g, pred)
    out["moves"] = len(moves)
    need_s, need_t = {s for s, _ in need}, {t for _, t in need}
    cover = [(len(need_s & set(mv.source)) / len(need_s), len(need_t & set(mv.target)) / len(need_t))
             for mv in moves if need_s & set(mv.source) or need_t & set(mv.target)]
    # detected: one block covers at least 80 % of the moved segments on both sides, and
    # nothing else is reported as moved; exact: it covers every gold link of the move
    out["detected"] = len(moves) == 1 and len(cover) == 1 and min(cover[0]) >= 0.8
    out["exact"] = out["detected"] and need <= move_links
    out["move_list"] = [(mv.source, mv.target, round(mv.score, 3)) for mv in moves]
    out["need"] = sorted(need)
    return out


def read_pair(sp, tp, sl: str, tl: str) -> tuple[list[str], list[str]]:
    """Both sides' segments, exactly as ``bench_alignment.py`` reads them."""
    return (load_document(str(sp), sl, presegmented=True).texts,
            load_document(str(tp), tl, presegmented=True).texts)


def sets(names: list[str]):
    g = GOLD / "clicksend-en-no"
    out = []
    if "clicksend" in names:
        out.append(("clicksend", g / "en.lines", g / "no.lines", g / "alignment.txt", "en", "nb", True))
    tb = BENCHMARKS / "textberg" / "dev"
    if "textberg-dev" in names and tb.is_dir():
        out.append(("textberg-dev", tb / "de/dev", tb / "fr/dev", tb / "gold/dev", "de", "fr", False))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=["clicksend", "textberg-dev"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--config", default="{}", help="AlignConfig overrides as JSON")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    config = AlignConfig(**json.loads(args.config))
    encoder = load_encoder(args.model)
    records = []
    for name, sp, tp, gp, sl, tl, issue in sets(args.set or ["clicksend", "textberg-dev"]):
        src_texts, tgt_texts = read_pair(sp, tp, sl, tl)
        gold = read_gold(gp)
        src_runs = embed_runs(src_texts, encoder, config.side)
        full = run_case(Case("full", "full", tuple(range(len(tgt_texts)))), src_runs, src_texts, tgt_texts,
                        gold, encoder, config)
        results = [run_case(c, src_runs, src_texts, tgt_texts, gold, encoder, config)
                   for c in make_cases(len(tgt_texts), args.seed, issue, bead_starts(gold))]
        print(f"\n{name}: {len(src_texts)} x {len(tgt_texts)} lines; full document strict F1 "
              f"{full['scores'].strict_f1:.3f}, lax F1 {full['scores'].lax_f1:.3f}")
        by_kind: dict[str, list[dict]] = {}
        for r in results:
            by_kind.setdefault(r["kind"], []).append(r)
            if args.verbose:
                extra = ""
                if r["kind"] == "move":
                    extra = f" detected={r['detected']} moves={r['move_list']}"
                elif r["moves"]:
                    extra = f" spurious moves={r['moves']}"
                print(f"  {r['case']:16} strict F1 {r['scores'].strict_f1:.3f} lax F1 {r['scores'].lax_f1:.3f}{extra}")
        print(f"  {'kind':9} {'cases':>5} {'strict F1':>9} {'lax F1':>7} {'min':>6}  moves")
        summary = {}
        for kind, rs in by_kind.items():
            sc = score_alignments([r["pairs"] for r in rs])
            worst = min(r["scores"].strict_f1 for r in rs)
            mv = ""
            if kind == "move":
                mv = f"{sum(r['detected'] for r in rs)}/{len(rs)} detected ({sum(r['exact'] for r in rs)} exactly)"
            else:
                spur = sum(r["moves"] for r in rs)
                mv = f"{spur} spurious" if spur else ""
            print(f"  {kind:9} {len(rs):5d} {sc.strict_f1:9.3f} {sc.lax_f1:7.3f} {worst:6.3f}  {mv}")
            summary[kind] = {"cases": len(rs), "strict_f1": round(sc.strict_f1, 4), "lax_f1": round(sc.lax_f1, 4),
                             "min_strict_f1": round(worst, 4),
                             **({"detected": sum(r["detected"] for r in rs), "exact": sum(r["exact"] for r in rs)}
                                if kind == "move" else {})}
        allp = score_alignments([r["pairs"] for r in results if r["kind"] != "move"])
        print(f"  {'all-gaps':9} {sum(r['kind'] != 'move' for r in results):5d} {allp.strict_f1:9.3f} "
              f"{allp.lax_f1:7.3f} {min(r['scores'].strict_f1 for r in results if r['kind'] != 'move'):6.3f}")
        records.append({"set": name, "full_strict_f1": round(full["scores"].strict_f1, 4),
                        "gaps_strict_f1": round(allp.strict_f1, 4), "by_kind": summary,
                        "align_seconds": round(sum(r["seconds"] for r in results), 2)})
    emit_json({"bench": "partial", "model": encoder.name, "config": config.__dict__, "results": records})


if __name__ == "__main__":
    main()
