"""Set the word-level scorers' thresholds to a false-alarm rate on faithful translations.

    python eval/calibrate_wordcheck.py --fa 0.015            # writes the thresholds into wordcheck.json
    python eval/calibrate_wordcheck.py --fa 0.015 --dry-run

The coefficients come from ``eval/train_wordcheck.py`` (synthetic perturbations); their
thresholds there hold a false-alarm rate on the same synthetic data's intact pairs, whose
translations are closer than real ones. Here each kind's threshold is raised (never lowered:
precision first) so that at most ``--fa`` of real faithful pairs get a word-level finding of that kind: the
DEMETR development half's faithful pairs (source sentence and its reference translation, ten
languages into English), which hold no planted error. Nothing of the broken pairs is read.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict

from common import BENCHMARKS, ROOT, skip

from align.divergence.wordcheck import WordChecker
from align.encoders import load_encoder

DATA = BENCHMARKS / "demetr"
OUT = ROOT / "align" / "divergence" / "wordcheck.json"


def faithful_pairs(limit: int | None) -> list[tuple[str, str, str]]:
    """(source, lang, faithful English) once per source sentence."""
    seen: dict[tuple[str, str], str] = {}
    per_lang: dict[str, int] = defaultdict(int)
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            key = (row["lang"], row["src"])
            if key in seen or (limit is not None and per_lang[row["lang"]] >= limit):
                continue
            per_lang[row["lang"]] += 1
            seen[key] = row["mt"]
    return [(src, lang, mt) for (lang, src), mt in seen.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fa", type=float, default=0.015, help="share of faithful pairs allowed a finding, per kind")
    parser.add_argument("--limit", type=int, default=None, help="source sentences per language")
    parser.add_argument("--lower", action="store_true",
                        help="also lower a threshold to the false-alarm rate (default: only raise)")
    parser.add_argument("--kinds", nargs="*", default=["partial", "addition", "meaning"],
                        help="the scorers whose thresholds to set")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        skip(f"{DATA} not found")
    checker = WordChecker(load_encoder())
    pairs = faithful_pairs(args.limit)
    best: dict[str, list[float]] = {kind: [] for kind in args.kinds}
    for src, lang, mt in pairs:
        top = dict.fromkeys(best, 0.0)
        for cand in checker.candidates(src, lang, mt, "en"):
            if cand.kind in top:
                top[cand.kind] = max(top[cand.kind], checker.score(cand))
        for kind, value in top.items():
            best[kind].append(value)
    params = dict(checker.params)
    for kind, values in best.items():
        values.sort()
        k = int(args.fa * len(values))
        at_fa = values[-k - 1] + 1e-6 if len(values) > k else 1.0
        old = params[kind]["threshold"]
        params[kind] = dict(params[kind], threshold=round(at_fa if args.lower else max(old, at_fa), 6))
        flagged = sum(v >= params[kind]["threshold"] for v in values)
        print(f"{kind:9} threshold {old:.4f} -> {params[kind]['threshold']:.4f}: "
              f"{flagged}/{len(values)} faithful pairs flagged")
    command = (f"python eval/calibrate_wordcheck.py --fa {args.fa}" + (f" --limit {args.limit}" if args.limit else "")
               + (f" --kinds {' '.join(args.kinds)}" if len(args.kinds) < 3 else ""))
    for kind in args.kinds:
        params[kind] = dict(params[kind], calibrated_on=f"{len(pairs)} DEMETR dev faithful pairs; {command}")
    print(command)
    if not args.dry_run:
        OUT.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
