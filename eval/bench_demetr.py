"""DEMETR: does the divergence stage flag one planted error per sentence pair (ten languages -> en)?

    python eval/bench_demetr.py                  # every file, every language
    python eval/bench_demetr.py --limit 10       # the first 10 items per file and language
    python eval/bench_demetr.py --json

Reads ../shared/benchmarks/demetr/*.jsonl (skipped when absent). Each item is run through
``find_divergences`` as one aligned bead (segment 0 : segment 0) twice: (src, mt), a faithful pair,
and (src, pert), the same translation with one planted error. A pair is *flagged* when it gets a
critical or major finding. Per error type the script prints the share of broken pairs flagged,
flagged with the expected kind, and (among those with the right kind, for errors that leave words
in the target: additions, replacements, code-mixing, antonyms, negation, numbers) whose target
evidence overlaps the words that differ between mt and pert. The faithful rate counts each
(lang, src, mt) once: the same source sentence appears in every file.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import time
from collections import defaultdict

from common import BENCHMARKS, emit_json, skip

from align.aligner import Bead
from align.divergence import find_divergences
from align.document import Document
from align.encoders import load_encoder
from align.segment import Segment

DATA = BENCHMARKS / "demetr"
SHORT = {
    "major_id5_pp_removed": "pp removed", "critical_id21_adj_adv_removed": "adj/adv removed",
    "critical_id22_verb_removed": "verb removed", "critical_id23_noun_removed": "noun removed",
    "critical_id24_subj_removed": "subject removed", "critical_id25_ne_removed": "NE removed",
    "critical_id9_ne_replaced": "NE replaced", "critical_id10_numbers_replaced": "number replaced",
    "critical_id8_negation": "negation", "critical_id7_antonym": "antonym",
    "critical_id6_addition": "addition", "critical_id4_codemix": "code-mixing",
}
# Kinds that also count as right: a dropped name or number reported as the name/number it is.
ALSO_RIGHT = {"critical_id25_ne_removed": {"entity"}}
# Error types whose changed words stand in the target (evidence should point at them).
IN_TARGET = {"critical_id9_ne_replaced", "critical_id10_numbers_replaced", "critical_id8_negation",
             "critical_id7_antonym", "critical_id6_addition", "critical_id4_codemix"}
FLAG = ("critical", "major")
WORD_LEVEL = {"words", "untranslated", "opposite"}  # evidence of align/wordcheck.py


def doc(text: str, lang: str, name: str) -> Document:
    return Document(path=name, lang=lang, text=text, segments=(Segment(0, text, "sentence", 0, len(text)),))


def changed_spans(mt: str, pert: str, deletions: bool = True) -> list[tuple[int, int]]:
    """Character spans of ``pert`` covering the words that differ from ``mt`` (``deletions``: also
    the neighbours of a gap where ``mt`` had words)."""
    tok = lambda s: [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+|[^\w\s]", s)]
    a, b = tok(mt), tok(pert)
    spans = []
    matcher = difflib.SequenceMatcher(None, [t[2] for t in a], [t[2] for t in b], autojunk=False)
    for op, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "insert") and j2 > j1:
            spans.append((b[j1][0], b[j2 - 1][1]))
        elif op == "delete" and deletions:  # point at the neighbours of the gap
            lo = b[j1 - 1][0] if j1 > 0 else 0
            hi = b[j1][1] if j1 < len(b) else len(pert)
            spans.append((lo, hi))
    return spans


def overlaps(findings, spans: list[tuple[int, int]]) -> bool:
    return any(e.side == "target" and e.start < hi and lo < e.end
               for f in findings for e in f.evidence for lo, hi in spans)


def run(encoder, limit: int | None, files: list[str], verbose: bool):
    items = []
    for path in sorted(DATA.glob("*.jsonl")):
        name = path.stem
        if files and not any(f in name for f in files):
            continue
        per_lang: dict[str, int] = defaultdict(int)
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if limit is not None and per_lang[row["lang"]] >= limit:
                continue
            per_lang[row["lang"]] += 1
            items.append((name, row))

    def examine(src, lang, tgt):
        s, t = doc(src, lang, "src"), doc(tgt, "en", "tgt")
        return find_divergences(s, t, [Bead((0,), (0,), 1.0, 1.0)], encoder)

    stats = defaultdict(lambda: {"n": 0, "flag": 0, "kind": 0, "overlap": 0, "overlap_n": 0})
    lang_stats = defaultdict(lambda: defaultdict(lambda: {"n": 0, "kind": 0}))
    faithful: dict[tuple[str, str, str], bool] = {}
    word_level: dict[tuple[str, str, str], bool] = {}
    faithful_kinds = defaultdict(int)
    examples = []
    for name, row in items:
        key = (row["lang"], row["src"], row["mt"])
        if key not in faithful:
            found = [f for f in examine(row["src"], row["lang"], row["mt"]) if f.severity in FLAG]
            faithful[key] = bool(found)
            word_level[key] = any(e.what in WORD_LEVEL for f in found for e in f.evidence)
            for f in found:
                faithful_kinds[f.kind] += 1
                if verbose:
                    examples.append(f"FALSE {row['lang']} {f.kind}: {f.message[:110]} || {row['mt'][:80]}")
        found = [f for f in examine(row["src"], row["lang"], row["pert"]) if f.severity in FLAG]
        right = {row["kind"]} | ALSO_RIGHT.get(name, set())
        good = [f for f in found if f.kind in right]
        s = stats[name]
        s["n"] += 1
        s["flag"] += bool(found)
        s["kind"] += bool(good)
        ls = lang_stats[name][row["lang"]]
        ls["n"] += 1
        ls["kind"] += bool(good)
        if good and name in IN_TARGET:
            s["overlap_n"] += 1
            s["overlap"] += overlaps(good, changed_spans(row["mt"], row["pert"]))
        if verbose and not good:
            examples.append(f"MISS {SHORT[name]} {row['lang']}: {row['pert'][:100]} || "
                            + "; ".join(f"{f.kind}:{f.message[:60]}" for f in found))
    return stats, lang_stats, faithful, word_level, faithful_kinds, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None, help="items per file and language")
    parser.add_argument("--files", nargs="*", default=[], help="only files whose name contains one of these")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    if not DATA.is_dir():
        skip(f"{DATA} not found")
    encoder = load_encoder(args.model)
    start = time.perf_counter()
    stats, lang_stats, faithful, word_level, faithful_kinds, examples = run(encoder, args.limit, args.files,
                                                                           args.verbose)
    seconds = time.perf_counter() - start
    pct = lambda a, b: f"{100 * a / b:5.1f}" if b else "    -"
    langs = sorted({lang for v in lang_stats.values() for lang in v})
    if not args.json:
        print(f"DEMETR, limit {args.limit or 'none'} per file and language, {seconds:.0f} s")
        print(f"{'error':17} {'pairs':>5} {'flag%':>6} {'kind%':>6} {'evid%':>6}   right kind % by language")
        print(f"{'':17} {'':>5} {'':>6} {'':>6} {'':>6}   " + " ".join(f"{lang:>4}" for lang in langs))
        for name in SHORT:
            if name not in stats:
                continue
            s = stats[name]
            by_lang = " ".join(f"{pct(lang_stats[name][lg]['kind'], lang_stats[name][lg]['n']).strip():>4}"
                               if lang_stats[name][lg]["n"] else "   -" for lg in langs)
            print(f"{SHORT[name]:17} {s['n']:5d} {pct(s['flag'], s['n'])} {pct(s['kind'], s['n'])} "
                  f"{pct(s['overlap'], s['overlap_n'])}   {by_lang}")
        fl = defaultdict(lambda: [0, 0])
        for (lang, _, _), flagged in faithful.items():
            fl[lang][0] += flagged
            fl[lang][1] += 1
        total = sum(faithful.values())
        print(f"{'faithful flagged':17} {len(faithful):5d} {pct(total, len(faithful))} "
              f"{'':6} {'':6}   " + " ".join(f"{pct(*fl[lg]).strip():>4}" for lg in langs))
        wl = defaultdict(lambda: [0, 0])
        for (lang, _, _), flagged in word_level.items():
            wl[lang][0] += flagged
            wl[lang][1] += 1
        print(f"{'  by word-level':17} {len(word_level):5d} {pct(sum(word_level.values()), len(word_level))} "
              f"{'':6} {'':6}   " + " ".join(f"{pct(*wl[lg]).strip():>4}" for lg in langs))
        print("false-alarm kinds on faithful pairs:", dict(sorted(faithful_kinds.items())))
        if args.verbose:
            print("\n".join(examples))
    emit_json({"bench": "demetr", "limit": args.limit, "seconds": round(seconds, 1),
               "faithful": {"pairs": len(faithful), "flagged": sum(faithful.values()),
                            "flagged_word_level": sum(word_level.values())},
               "faithful_by_lang": {lg: sum(v for (x, _, _), v in faithful.items() if x == lg) for lg in langs},
               "errors": {SHORT[k]: v for k, v in stats.items()}})


if __name__ == "__main__":
    main()
