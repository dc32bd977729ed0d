"""Tune the aligner's feature weights and gap cost by coordinate ascent on dev data only.

Data: the Text+Berg *dev* document and ClickSend en-nb, whole and in some of the
partial versions of ``partial.py`` (the Text+Berg test documents are never read).
Objective (what the defaults in ``align/aligner.py`` were chosen with):

    dev strict F1 + 0.5 * dev lax F1
    - 10 * (1 - ClickSend strict F1)                        ClickSend must stay exact
    - 5 * max(0, 0.975 - ClickSend partial strict F1)       partial translations
    - 5 * max(0, dev F1 - dev partial F1 - 0.015)           partial dev within 0.015

Each round tries every weight one step up and down and keeps the first
improvement; a round without one halves the steps.

    python eval/tune_aligner.py --rounds 4
    python eval/tune_aligner.py --start '{"gap_open": 0.05}' --cache /tmp/tune.pkl
"""
from __future__ import annotations

import argparse
import json
import pickle
from dataclasses import replace
from pathlib import Path

import numpy as np
from common import read_gold
from partial import Case, bead_starts, make_cases, read_pair, restrict, sets

from align.aligner import FEATURES, AlignConfig, align_runs
from align.scoring.alignment import score_alignments

DEV_CASES = {"cut-77-213", "sample-277-r", "truncate-277", "drop-4-122", "cut-0-109"}   # partial dev cases used
STEPS = {"bert": 0.25, "merge": 0.5, "gap_open": 0.02, "skip": 0.01, "skip_best": 0.05, "open_best": 0.1,
         "gale_church": 0.01, "mismatch2": 0.02, "lenpen": 0.05, "cos": 0.05, "bias": 0.02}


def build(cache: Path | None, model: str | None) -> list[dict]:
    """The tuning documents: runs, lengths and (restricted) gold of each whole or partial document."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from align.encoders import embed_runs, load_encoder
    encoder = load_encoder(model)
    data = []
    for name, sp, tp, gp, sl, tl, issue in sets(["clicksend", "textberg-dev"]):
        src, tgt = read_pair(sp, tp, sl, tl)
        gold = read_gold(gp)
        src_runs = embed_runs(src, encoder, 4)
        for case in [Case("full", "full", tuple(range(len(tgt))))] + make_cases(len(tgt), 7, issue, bead_starts(gold)):
            if case.kind == "move" or (name == "textberg-dev" and case.kind != "full" and case.name not in DEV_CASES):
                continue
            texts = [tgt[i] for i in case.keep]
            data.append({"set": name, "case": case.name, "src_runs": src_runs,
                         "tgt_runs": embed_runs(texts, encoder, 4),
                         "src_len": np.array([len(x) for x in src]), "tgt_len": np.array([len(x) for x in texts]),
                         "gold": restrict(gold, case.keep)})
    if cache:
        cache.write_bytes(pickle.dumps(data))
    return data


def metrics(data: list[dict], config: AlignConfig) -> dict[str, float]:
    out = {}
    for key in ("clicksend-full", "clicksend-partial", "textberg-dev-full", "textberg-dev-partial"):
        pairs = []
        for d in data:
            if f"{d['set']}-{'full' if d['case'] == 'full' else 'partial'}" == key:
                beads = align_runs(d["src_runs"], d["tgt_runs"], d["src_len"], d["tgt_len"], config)
                pairs.append((d["gold"], [(b.source, b.target) for b in beads]))
        scores = score_alignments(pairs)
        out[key] = scores.strict_f1
        if key == "textberg-dev-full":
            out["textberg-dev-lax"] = scores.lax_f1
    return out


def objective(m: dict[str, float]) -> float:
    return (m["textberg-dev-full"] + 0.5 * m["textberg-dev-lax"] - 10 * (1 - m["clicksend-full"])
            - 5 * max(0.0, 0.975 - m["clicksend-partial"])
            - 5 * max(0.0, m["textberg-dev-full"] - m["textberg-dev-partial"] - 0.015))


def config_of(w: dict[str, float], base: AlignConfig) -> AlignConfig:
    return replace(base, weights=tuple((f, w[f]) for f in FEATURES if w.get(f)),
                   gap_open=w["gap_open"], skip=w["skip"], skip_best=w["skip_best"], open_best=w["open_best"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--start", default="{}", help="starting weights / gap costs as JSON (default: the defaults)")
    parser.add_argument("--cache", type=Path, help="pickle of the embedded tuning documents")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    base = AlignConfig()
    w = dict.fromkeys(FEATURES, 0.0)
    w.update(dict(base.weights))
    w.update(gap_open=base.gap_open, skip=base.skip, skip_best=base.skip_best, open_best=base.open_best)
    w.update(json.loads(args.start))
    steps = {k: STEPS.get(k, 0.05) for k in w}
    data = build(args.cache, args.model)
    m = metrics(data, config_of(w, base))
    best = objective(m)
    print(f"start {best:.4f} {json.dumps({k: round(v, 4) for k, v in m.items()})}", flush=True)
    for rnd in range(args.rounds):
        improved = False
        for k in list(w):
            for sign in (1, -1):
                trial = dict(w, **{k: round(w[k] + sign * steps[k], 5)})
                mt = metrics(data, config_of(trial, base))
                if objective(mt) > best + 1e-4:
                    best, w, m, improved = objective(mt), trial, mt, True
                    shown = json.dumps({x: round(v, 4) for x, v in m.items()})
                    print(f"round {rnd + 1}: {k}={w[k]} -> {best:.4f} {shown}", flush=True)
                    break
        if not improved:
            steps = {k: v / 2 for k, v in steps.items()}
            print(f"round {rnd + 1}: no step helps; halving the steps", flush=True)
    print(json.dumps({k: v for k, v in w.items() if v}))


if __name__ == "__main__":
    main()
