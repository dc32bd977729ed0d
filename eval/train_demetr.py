"""Refit a word-level scorer (``addition`` or ``meaning``) on the DEMETR development half.

    python eval/train_demetr.py --kind addition --dry-run   # cross-validated figures only
    python eval/train_demetr.py --kind meaning --fa 0.006   # also writes the model into wordcheck.json

``eval/train_wordcheck.py`` fits every scorer on synthetic edits of parallel text; on real
translations its ``addition`` and ``meaning`` scorers separate poorly. This script fits the same
regression (the same features) on the DEMETR development half: the positives are the candidates
of ``--kind`` in a broken pair (source vs the translation with words added,
``critical_id6_addition``, or one word swapped for its antonym, ``critical_id7_antonym``) that
overlap the changed words; the negatives are the candidates of the faithful pairs (source vs
reference, every file's sources once). Five folds grouped by source sentence give the figures
printed (none is scored on the pairs it was fitted on); the stored model is then fitted on all of
them and its threshold set so that at most ``--fa`` of the faithful pairs get a finding of that
kind. DEMETR's test half is never read.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict

import numpy as np
from bench_demetr import changed_spans
from calibrate_wordcheck import faithful_pairs
from common import BENCHMARKS, ROOT, skip

from align.divergence.wordcheck import FEATURES, SUB_FEATURES, WordChecker
from align.encoders import load_encoder

DATA = BENCHMARKS / "demetr"
OUT = ROOT / "align" / "divergence" / "wordcheck.json"
KINDS = {"addition": ("critical_id6_addition", FEATURES), "meaning": ("critical_id7_antonym", SUB_FEATURES)}


def rows(checker: WordChecker, kind: str) -> list[tuple[str, str, np.ndarray, int]]:
    """(group, pair key, features, label) of every candidate of ``kind``; label -1: not a training
    row, -2: a placeholder that makes every pair count."""
    broken_file, names = KINDS[kind]
    out: list[tuple[str, str, np.ndarray, int]] = []
    faithful = faithful_pairs(None)
    broken = [json.loads(line) for line in (DATA / f"{broken_file}.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = [(src, lang, mt, "en") for src, lang, mt in faithful]
    pairs += [(b["src"], b["lang"], b["pert"], "en") for b in broken]
    results = []
    for start in range(0, len(pairs), 128):
        results += checker.candidates_many(pairs[start:start + 128])
    n_faithful = len(faithful)
    for n, ((src, lang, tgt, _), (_, cands)) in enumerate(zip(pairs, results)):
        group = f"{lang}\x00{src}"
        spans = changed_spans(broken[n - n_faithful]["mt"], tgt, deletions=False) if n >= n_faithful else []
        key = f"{'faithful' if n < n_faithful else 'broken'}\x00{n}"
        out.append((group, key, np.zeros(len(names)), -2))
        for cand in cands:
            if cand.kind != kind:
                continue
            hit = cand.side == "target" and any(cand.start < e and s < cand.end for s, e in spans)
            label = 0 if n < n_faithful else int(hit)
            out.append((group, key, np.array([cand.features[f] for f in names]),
                        label if label or n < n_faithful else -1))
    return out


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit((x - mean) / scale, y)
    return mean, scale, model


def pair_max(data, scores) -> dict[str, float]:
    best: dict[str, float] = defaultdict(float)
    for (_, key, _, label), score in zip(data, scores):
        best[key] = max(best[key], score if label != -2 else 0.0)
    return best


def at_rate(best: dict[str, float], fa: float) -> tuple[float, float, float]:
    """(threshold, share of faithful pairs flagged, share of broken pairs flagged)."""
    faithful = sorted(v for k, v in best.items() if k.startswith("faithful"))
    k = int(fa * len(faithful))
    threshold = faithful[-k - 1] + 1e-6
    broken = [v for k, v in best.items() if k.startswith("broken")]
    return threshold, float(np.mean(np.array(faithful) >= threshold)), float(np.mean(np.array(broken) >= threshold))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=sorted(KINDS), default="addition")
    parser.add_argument("--fa", type=float, default=0.01, help="share of faithful pairs allowed a finding of the kind")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        skip(f"{DATA} not found")
    kind, (broken_file, names) = args.kind, KINDS[args.kind]
    checker = WordChecker(load_encoder())
    data = rows(checker, kind)
    train = [r for r in data if r[3] in (0, 1)]
    groups = sorted({r[0] for r in data})
    fold = {g: i % 5 for i, g in enumerate(np.random.default_rng(7).permutation(groups))}
    scores = np.zeros(len(data))
    for k in range(5):
        fit_rows = [r for r in train if fold[r[0]] != k]
        mean, scale, model = fit(np.array([r[2] for r in fit_rows]), np.array([r[3] for r in fit_rows]))
        held = [i for i, r in enumerate(data) if fold[r[0]] == k and r[3] != -2]
        if held:
            scores[held] = model.predict_proba((np.array([data[i][2] for i in held]) - mean) / scale)[:, 1]
    shipped = [checker.score_features(kind, r[2]) if r[3] != -2 else 0.0 for r in data]
    reachable = np.mean([any(r[3] == 1 for r in data if r[1] == key)
                         for key in {r[1] for r in data if r[1].startswith("broken")}])
    print(f"{kind}: broken pairs with a candidate on the changed words: {100 * reachable:.1f}%")
    for name, values in (("stored scorer (wordcheck.json)", shipped), ("refit, 5-fold cross-validated", scores)):
        _, fa, found = at_rate(pair_max(data, values), args.fa)
        print(f"{name:36} at {100 * fa:.1f}% of faithful pairs flagged: {100 * found:.1f}% of broken pairs flagged")
    mean, scale, model = fit(np.array([r[2] for r in train]), np.array([r[3] for r in train]))
    final = [float(model.predict_proba(((r[2] - mean) / scale)[None])[0, 1]) if r[3] != -2 else 0.0 for r in data]
    threshold, fa, found = at_rate(pair_max(data, final), args.fa)
    print(f"fitted on all: threshold {threshold:.4f}, faithful {100 * fa:.1f}%, broken {100 * found:.1f}% "
          f"(in-sample)")
    print(f"python eval/train_demetr.py --kind {kind} --fa {args.fa}")
    if args.dry_run:
        return
    params = json.loads(OUT.read_text(encoding="utf-8"))
    params[kind] = {"features": list(names), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
                    "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
                    "threshold": round(threshold, 6),
                    "trained_on": f"DEMETR dev ({broken_file} and the faithful pairs); "
                                  f"python eval/train_demetr.py --kind {kind} --fa {args.fa}"}
    OUT.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
