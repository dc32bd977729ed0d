"""Fit the aligner's bead-feature weights and gap costs with an averaged structured perceptron.

Training data: the Text+Berg *dev* document and ClickSend en-nb, each whole and
in the partial versions of ``partial.py`` (cut, truncated, sampled, lines dropped;
moves are left out: their gold is ambiguous). The Text+Berg test documents are
never read. Each step decodes a document with the current weights (cost-augmented:
every bead not in the gold gets ``+augment``), decodes the *oracle* (the path in the
same band that matches most gold beads) and moves the weights towards the oracle's
features. Prints the averaged weights as an ``AlignConfig`` literal.

    python eval/train_weights.py --epochs 8
    python eval/train_weights.py --cache /tmp/cases.pkl     # reuse the embedded cases

Embedding the partial cases takes a few minutes the first time (then the cache has them).
"""
from __future__ import annotations

import argparse
import json
import pickle
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from partial import Case, bead_starts, make_cases, read_pair, restrict, sets

from align.aligner import FEATURES, NEG, AlignConfig, Problem, _chunks
from align.metrics import read_beads, score_alignments

GAPS = ("open", "skip", "skip_best")


def oracle(problem: Problem, gold: list) -> list[tuple[int, int, int, int]]:
    """The path through the band that reproduces the most gold beads."""
    ends = {}
    for s, t in gold:
        if s and t:
            ends.setdefault((len(s), len(t)), set()).add((s[-1] + 1, t[-1] + 1))
    lo, hi = problem.lo, problem.hi

    def gains_of(r0: int, r1: int) -> dict:
        width = int((hi[r0:r1] - lo[r0:r1]).max()) + 1
        out = {}
        for a, b in problem.match:
            g = np.full((r1 - r0, width), -1e-3)
            for i, j in ends.get((a, b), ()):
                if r0 <= i < r1 and lo[i] <= j <= hi[i]:
                    g[i - r0, j - lo[i]] = 1.0
            cols = lo[r0:r1, None] + np.arange(width)[None, :]
            rows = np.arange(r0, r1)[:, None]
            g[(cols > hi[r0:r1, None]) | (rows < a) | (cols < b)] = NEG
            out[a, b] = g
        return out

    del_s = {s[0] for s, t in gold if s and not t}
    ins_t = {t[0] for s, t in gold if t and not s}
    skip_s = np.array([-1.0 if x in del_s else 1e-3 for x in range(problem.n)])
    skip_t = np.array([-1.0 if y in ins_t else 1e-3 for y in range(problem.m)])
    return problem.decode(gains_of, skip_s, skip_t, 0.0)


def augmented(problem: Problem, gold: list, augment: float) -> list[tuple[int, int, int, int]]:
    """The best path under the current weights with every non-gold bead made ``augment`` more attractive."""
    ends = {(s[-1] + 1, t[-1] + 1, len(s), len(t)) for s, t in gold if s and t}
    lo = problem.lo

    def gains_of(r0: int, r1: int) -> dict:
        out = {}
        for (a, b), v in problem.scorer.block(r0, r1).items():
            g = v[0].copy()
            bonus = np.full(g.shape, augment)
            for i, j, ga, gb in ends:
                if (ga, gb) == (a, b) and r0 <= i < r1 and 0 <= j - lo[i] < g.shape[1]:
                    bonus[i - r0, j - lo[i]] = 0.0
            out[a, b] = np.where(g > NEG / 2, g + bonus, g)
        return out

    del_s = {s[0] for s, t in gold if s and not t}
    ins_t = {t[0] for s, t in gold if t and not s}
    skip_s = problem.skip_s - augment * np.array([x not in del_s for x in range(problem.n)])
    skip_t = problem.skip_t - augment * np.array([y not in ins_t for y in range(problem.m)])
    return problem.decode(gains_of, skip_s, skip_t)


def to_config(base: AlignConfig, w: dict[str, float]) -> AlignConfig:
    return replace(base, weights=tuple((f, round(w[f], 5)) for f in FEATURES if w.get(f)),
                   gap_open=round(w["open"], 5), skip=round(w["skip"], 5), skip_best=round(w["skip_best"], 5))


def from_config(config: AlignConfig) -> dict[str, float]:
    w = {f: 0.0 for f in FEATURES}
    w.update(dict(config.weights))
    w.update(open=config.gap_open, skip=config.skip, skip_best=config.skip_best)
    return w


def build(cache: Path | None, encoder_name: str | None) -> list[dict]:
    """Training instances: runs, lengths and gold of each whole or partial document."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from align.embed import embed_runs, load_encoder
    encoder = load_encoder(encoder_name)
    data = []
    for name, sp, tp, gp, sl, tl, issue in sets(["clicksend", "textberg-dev"]):
        src, tgt = read_pair(sp, tp, sl, tl)
        gold = read_beads(gp)
        src_runs = embed_runs(src, encoder, 4)
        cases = [Case("full", "full", tuple(range(len(tgt))))] + make_cases(len(tgt), 7, issue, bead_starts(gold))
        for case in cases:
            if case.kind == "move":
                continue
            texts = [tgt[i] for i in case.keep]
            data.append({"set": name, "case": case.name, "src_runs": src_runs,
                         "tgt_runs": embed_runs(texts, encoder, 4),
                         "src_len": np.array([len(x) for x in src]), "tgt_len": np.array([len(x) for x in texts]),
                         "gold": restrict(gold, case.keep)})
    if cache:
        cache.write_bytes(pickle.dumps(data))
    return data


def evaluate(data: list[dict], config: AlignConfig) -> dict[str, float]:
    from align.aligner import align_runs
    out = {}
    for group in sorted({(d["set"], d["case"] == "full") for d in data}):
        pairs = []
        for d in data:
            if (d["set"], d["case"] == "full") != group:
                continue
            beads = align_runs(d["src_runs"], d["tgt_runs"], d["src_len"], d["tgt_len"], config)
            pairs.append((d["gold"], [(b.source, b.target) for b in beads]))
        out[f"{group[0]}-{'full' if group[1] else 'partial'}"] = round(score_alignments(pairs).strict_f1, 4)
    return out


def train(data: list[dict], base: AlignConfig, epochs: int, rate: float, augment: float, seed: int,
          weight_of: dict[str, float]) -> AlignConfig:
    w = from_config(base)
    names = list(w)
    total = {k: 0.0 for k in names}
    steps = 0
    rng = random.Random(seed)
    order = list(range(len(data)))
    for epoch in range(epochs):
        rng.shuffle(order)
        mistakes = 0
        for idx in order:
            d = data[idx]
            config = to_config(base, w)
            problem = Problem(d["src_runs"], d["tgt_runs"], d["src_len"], d["tgt_len"], config)
            pred = augmented(problem, d["gold"], augment)
            best = oracle(problem, d["gold"])
            if pred != best:
                mistakes += 1
                fp, fo = problem.path_features(pred), problem.path_features(best)
                scale = rate * weight_of.get(d["set"], 1.0)
                for k in names:
                    w[k] += scale * (fo.get(k, 0.0) - fp.get(k, 0.0))
            steps += 1
            for k in names:
                total[k] += w[k]
        avg = {k: total[k] / steps for k in names}
        print(f"epoch {epoch + 1}: {mistakes} of {len(data)} decoded wrongly; averaged "
              f"{json.dumps({k: round(v, 4) for k, v in avg.items()})}", flush=True)
    return to_config(base, {k: total[k] / steps for k in names})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0.01)
    parser.add_argument("--augment", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clicksend-weight", type=float, default=3.0)
    parser.add_argument("--config", default="{}", help="starting AlignConfig as JSON")
    parser.add_argument("--cache", type=Path, help="pickle of the embedded training cases")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    base = AlignConfig(**{k: (tuple(map(tuple, v)) if k == "weights" else v)
                          for k, v in json.loads(args.config).items()})
    t0 = time.perf_counter()
    data = build(args.cache, args.model)
    print(f"{len(data)} training documents ({time.perf_counter() - t0:.0f} s); before: {evaluate(data, base)}")
    config = train(data, base, args.epochs, args.rate, args.augment, args.seed,
                   {"clicksend": args.clicksend_weight})
    print(f"after: {evaluate(data, config)}")
    print(json.dumps({"weights": [list(p) for p in config.weights], "gap_open": config.gap_open,
                      "skip": config.skip, "skip_best": config.skip_best}))


if __name__ == "__main__":
    main()
