"""Train the word-level divergence scorers (align/wordcheck.py) on synthetic perturbations.

    python eval/train_wordcheck.py                 # writes align/divergence/wordcheck.json
    python eval/train_wordcheck.py --per-set 60 --dry-run --layer 6

Parallel pairs that are no test set of this project (WMT21 critical-error *dev* pairs judged
NOT critical, en-de/cs/ja/zh, used in both directions; REFreSD pairs judged equivalent, fr-en;
the Bible zh-en, 1-1 verses; Text+Berg *dev* document de-fr) are perturbed one edit at a time on
one side (the target, or the English side for opposites):

* drop a content word (three letters or more, wordfreq Zipf < 5.5), or a phrase (a prepositional
  phrase or a comma-delimited piece of 2-6 words): the source words linked to the dropped words
  (aligned on the intact pair) are the positive ``partial`` candidates;
* insert 1-3 consecutive words taken from another sentence of the same language: the inserted
  words are the positive ``addition`` candidate;
* swap an English word that has an opposite in the lexicon for it: the swapped word is the
  positive ``meaning`` candidate.

The candidates of the intact pairs are the negatives. Three logistic regressions (standardised
features, L2) are fitted on 70% of the original pairs; each threshold is set so that at most
``--fa`` of the intact held-out pairs get a finding of that kind. Figures are printed for the
held-out 30%. Nothing here reads DEMETR, ClickSend or the test halves.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np
from common import BENCHMARKS, ROOT, read_gold

from align.divergence.wordalign import align_words
from align.divergence.wordcheck import FEATURES, SUB_FEATURES, WordChecker, opposite_matches, opposites
from align.encoders import load_encoder
from align.lang import word_list

OUT = ROOT / "align" / "divergence" / "wordcheck.json"


def _detok(text: str, lang: str) -> str:
    text = re.sub(r"\s+([,.!?;:%)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r"\s*([’'])\s*(?=\w)", r"\1", text) if lang in ("en", "fr", "de") else text
    if lang in ("zh", "ja"):
        text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text)
        text = re.sub(r"\s*([，。！？、：；])\s*", r"\1", text)
    return text.strip()


def _ok(src: str, tgt: str) -> bool:
    n = len(tgt.split())
    return 6 <= n <= 45 and "==" not in src + tgt and "http" not in src + tgt and len(src) > 15


def load_sets(per_set: int, seed: int) -> list[tuple[str, str, str, str, str]]:
    """(set name, source, source lang, target, target lang) pairs."""
    rng = random.Random(seed)
    out = []
    wmt = BENCHMARKS / "wmt21-ced"
    for code in ("de", "cs", "ja", "zh"):
        path = wmt / f"en{code}_majority_dev.tsv"
        if not path.exists():
            continue
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 5 and cols[4] == "NOT" and cols[3].strip() == "[0, 0, 0]":
                en, x = cols[1].strip(), _detok(cols[2], code)
                if _ok(x, en):
                    rows.append((en, x))
        rng.shuffle(rows)
        half = per_set // 2 if code in ("de", "cs") else per_set
        out += [(f"wmt-{code}-en", x, code, en, "en") for en, x in rows[:half]]
        if code in ("de", "cs"):  # the other direction too (English source, as in ClickSend)
            out += [(f"wmt-en-{code}", en, "en", x, code) for en, x in rows[half:2 * half]]
    refresd = BENCHMARKS / "refresd" / "REFreSD_sentence_labels"
    if refresd.exists():
        rows = []
        for line in refresd.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) >= 4 and cols[0] == "equivalent" and _ok(cols[3], cols[2]):
                rows.append((cols[2], cols[3]))
        rng.shuffle(rows)
        out += [("refresd-fr-en", fr, "fr", en, "en") for en, fr in rows[:per_set]]
    bible = BENCHMARKS / "bertalign-zh-en" / "bible"
    if bible.is_dir():
        zh = (bible / "zh" / "001").read_text(encoding="utf-8").splitlines()
        en = (bible / "en" / "001").read_text(encoding="utf-8").splitlines()
        rows = [(zh[t[0]], en[s[0]]) for s, t in read_gold(bible / "gold" / "001")
                if len(s) == 1 and len(t) == 1 and _ok(zh[t[0]], en[s[0]])]
        rng.shuffle(rows)
        out += [("bible-zh-en", z, "zh", e, "en") for z, e in rows[:per_set // 2]]
    tb = BENCHMARKS / "textberg" / "dev"
    if tb.is_dir():
        de = (tb / "de" / "dev").read_text(encoding="utf-8").splitlines()
        fr = (tb / "fr" / "dev").read_text(encoding="utf-8").splitlines()
        rows = [(_detok(de[s[0]], "de"), _detok(fr[t[0]], "fr")) for s, t in read_gold(tb / "gold" / "dev")
                if len(s) == 1 and len(t) == 1]
        rows = [r for r in rows if _ok(*r)]
        rng.shuffle(rows)
        out += [("textberg-de-fr", d, "de", f, "fr") for d, f in rows[:per_set // 2]]
    return out


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def drop_word(text: str, lang: str, rng: random.Random):
    """Drop a content word: three letters or more, not among the language's most frequent words."""
    from align.lang.frequency import zipf

    words = [m for m in _WORD.finditer(text) if len(m.group()) >= 3 and m.start() > 0
             and zipf(m.group().lower(), lang, 4.0) < 5.5]
    if not words:
        return None
    m = rng.choice(words)
    return _cut(text, m.start(), m.end())


def drop_phrase(text: str, lang: str, rng: random.Random):
    preps = " ".join(word_list("prepositions", lang))
    spans = []
    if preps:
        pat = re.compile(r"(?<![\w-])(?:" + "|".join(preps.split()) + r")\s+[^,.;:!?()]{3,60}?(?=[,.;:!?()]|$)",
                         re.IGNORECASE)
        spans += [m.span() for m in pat.finditer(text) if 2 <= len(m.group().split()) <= 6 and m.start() > 0]
    spans += [(m.start() + 2, m.end()) for m in re.finditer(r", [^,.;:!?()]{6,60}(?=[,.;])", text)
              if 2 <= len(m.group().split()) <= 6]
    if not spans:
        return None
    s, e = rng.choice(spans)
    return _cut(text, s, e)


def _cut(text: str, s: int, e: int):
    new = text[:s] + text[e:]
    new = re.sub(r"\s{2,}", " ", new)
    new = re.sub(r"\s+([,.;:!?])", r"\1", new).strip()
    new = re.sub(r",\s*([,.])", r"\1", new)
    return new, (s, e)


def add_words(text: str, donors: list[str], rng: random.Random):
    donor = rng.choice(donors).split()
    if len(donor) < 4:
        return None
    n = rng.choice((1, 1, 2, 3))
    k = rng.randrange(0, len(donor) - n + 1)
    piece = " ".join(donor[k:k + n]).strip(",.;:!?()\"'")
    if not piece or not re.search(r"[^\W\d_]{3}", piece):
        return None
    gaps = [m.start() for m in re.finditer(r" ", text)]
    if not gaps:
        return None
    at = rng.choice(gaps)
    new = text[:at] + " " + piece + text[at:]
    return new, (at + 1, at + 1 + len(piece))


def swap_opposite(text: str, rng: random.Random):
    hits = opposite_matches(text, "en")
    if not hits:
        return None
    start, end, entry = rng.choice(hits)
    new_word = rng.choice(opposites("en")[entry])
    if text[start:start + 1].isupper():
        new_word = new_word[:1].upper() + new_word[1:]
    return text[:start] + new_word + text[end:], (start, start + len(new_word))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def build(checker: WordChecker, pairs, seed: int, log_every: int = 50):
    """Rows: (pair id, perturbation, kind, feature vector, label)."""
    rng = random.Random(seed)
    donors: dict[str, list[str]] = {}
    for _, s, sl, t, tl in pairs:
        donors.setdefault(sl, []).append(s)
        donors.setdefault(tl, []).append(t)
    rows = []
    start = time.perf_counter()
    for pid, (_name, src, sl, tgt, tl) in enumerate(pairs):
        if pid % log_every == 0:
            print(f"  {pid}/{len(pairs)} pairs, {time.perf_counter() - start:.0f} s", file=sys.stderr)
        base = align_words(src, tgt, checker.vectors)
        for cand in checker.candidates(src, sl, tgt, tl, base):
            rows.append((pid, "intact", cand.kind, cand.features, 0))
        # drop a word / a phrase from the target
        for op in ("drop_word", "drop_phrase"):
            got = drop_word(tgt, tl, rng) if op == "drop_word" else drop_phrase(tgt, tl, rng)
            if got is None:
                continue
            new, (s, e) = got
            dropped = [w.index for w in base.target if overlaps((w.start, w.end), (s, e)) and not w.is_punct]
            silver = {i for i, j in base.links if j in dropped}
            spans = [(base.source[i].start, base.source[i].end) for i in silver]
            if not spans:
                continue
            for cand in checker.candidates(src, sl, new, tl):
                if cand.kind == "partial":
                    if any(overlaps((cand.start, cand.end), sp) for sp in spans):
                        rows.append((pid, op, "partial", cand.features, 1))
                elif cand.kind == "addition":
                    rows.append((pid, op, "addition", cand.features, 0))
        # add words to the target
        got = add_words(tgt, donors[tl], rng)
        if got is not None:
            new, span = got
            for cand in checker.candidates(src, sl, new, tl):
                if cand.kind == "addition" and overlaps((cand.start, cand.end), span):
                    rows.append((pid, "add", "addition", cand.features, 1))
                elif cand.kind == "partial":
                    rows.append((pid, "add", "partial", cand.features, 0))
        # swap an English word for its opposite
        side = "target" if tl == "en" else "source" if sl == "en" else None
        if side:
            got = swap_opposite(tgt if side == "target" else src, rng)
            if got is not None:
                new, span = got
                s2, t2 = (src, new) if side == "target" else (new, tgt)
                for cand in checker.candidates(s2, sl, t2, tl):
                    if cand.kind == "meaning" and cand.side == side and cand.start == span[0]:
                        rows.append((pid, "swap", "meaning", cand.features, 1))
    return rows


def fit(rows, kind: str, train_ids: set[int], fa: float):
    from sklearn.linear_model import LogisticRegression

    names = SUB_FEATURES if kind == "meaning" else FEATURES
    sel = [r for r in rows if r[2] == kind]
    X = np.array([[r[3][n] for n in names] for r in sel])
    y = np.array([r[4] for r in sel])
    ids = np.array([r[0] for r in sel])
    ops = np.array([r[1] for r in sel])
    tr = np.isin(ids, list(train_ids))
    mean, scale = X[tr].mean(axis=0), X[tr].std(axis=0) + 1e-6
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit((X[tr] - mean) / scale, y[tr])
    p = model.predict_proba((X - mean) / scale)[:, 1]
    te = ~tr

    def pair_max(mask):
        best: dict[tuple[int, str], float] = {}
        for pid, op, pp in zip(ids[mask], ops[mask], p[mask]):
            best[(pid, op)] = max(best.get((pid, op), 0.0), pp)
        return best

    # threshold on the training pairs: at most `fa` of the intact pairs get a finding of this kind
    n_intact_tr = len(train_ids)
    intact_tr = sorted(v for (pid, op), v in pair_max(tr & (ops == "intact")).items())
    k = int(fa * n_intact_tr)
    threshold = intact_tr[-k - 1] + 1e-6 if len(intact_tr) > k else 0.5
    threshold = max(threshold, 0.5)
    held = pair_max(te)
    n_intact_te = len(set(ids[te]) | set())  # pairs with any candidate
    fa_te = sum(1 for (pid, op), v in held.items() if op == "intact" and v >= threshold)
    pos = {(pid, op) for pid, op, yy in zip(ids[te], ops[te], y[te]) if yy == 1}
    rec = sum(1 for key in pos if held.get(key, 0) >= threshold)
    print(f"{kind:9} features {names}\n  coef {np.round(model.coef_[0], 2).tolist()} "
          f"intercept {model.intercept_[0]:.2f} threshold {threshold:.3f}")
    print(f"  held out: positives found {rec}/{len(pos)}; intact pairs flagged {fa_te} "
          f"(of ~{n_intact_te} with candidates)")
    return {"features": list(names), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
            "threshold": round(float(threshold), 6)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-set", type=int, default=160)
    parser.add_argument("--layer", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fa", type=float, default=0.015, help="share of intact pairs allowed a finding, per kind")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--rows", default=None, help="cache the feature rows in this JSON file")
    args = parser.parse_args()
    encoder = load_encoder(cache=False)  # the probe's variants need not fill the embedding cache
    pairs = load_sets(args.per_set, args.seed)
    print(f"{len(pairs)} pairs:", {n: sum(1 for p in pairs if p[0] == n) for n in dict.fromkeys(p[0] for p in pairs)})
    params = {"layer": args.layer}
    checker = WordChecker(encoder, params={"layer": args.layer})
    if args.rows and Path(args.rows).exists():
        rows = [tuple(r) for r in json.loads(Path(args.rows).read_text())]
    else:
        rows = build(checker, pairs, args.seed)
        if args.rows:
            Path(args.rows).write_text(json.dumps(rows))
    rng = random.Random(args.seed)
    ids = list(range(len(pairs)))
    rng.shuffle(ids)
    train_ids = set(ids[: int(0.7 * len(ids))])
    for kind in ("partial", "addition", "meaning"):
        params[kind] = fit(rows, kind, train_ids, args.fa)
    params["trained_on"] = (f"{len(pairs)} pairs: WMT21 CED dev (NOT), REFreSD equivalent, Bible zh-en, "
                            f"Text+Berg dev; seed {args.seed}; python eval/train_wordcheck.py --per-set "
                            f"{args.per_set} --layer {args.layer} --fa {args.fa}")
    if not args.dry_run:
        OUT.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
