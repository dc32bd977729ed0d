"""DEMETR: false alarms and true positives of the lexical checks (``check_pair``), per language.

    python eval/bench_checks.py                         # table on stdout
    python eval/bench_checks.py --save after.json       # also keep the figures
    python eval/bench_checks.py --before before.json    # print before -> after
    python eval/bench_checks.py --show ru:entity        # list the faithful pairs flagged so

Reads ../shared/benchmarks/demetr/*.jsonl (skipped when absent). No encoder is needed.

* Faithful pairs: (``src``, ``mt``), one per source sentence (the same source appears in every
  file; deduplicated by language and id). The share of pairs with any Difference, and with a
  Difference of each kind, is a false-alarm rate.
* True positives: (``src``, ``pert``) of the files whose planted error a lexical check should
  find: numbers replaced -> ``number``, negation -> ``meaning``, named entity replaced or removed
  -> ``entity``. "found" = the pair has a Difference of that kind; "new" = it has one that the
  faithful pair (``src``, ``mt``) does not have (same kind, side and value), so a check that flags
  everything does not score.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from common import BENCHMARKS, skip

from align.divergence.checks import check_pair

LANGS = ("de", "fr", "es", "it", "pl", "ru", "cs", "zh", "ja", "hi")
KINDS = ("number", "entity", "meaning", "untranslated", "url")
POSITIVES = {"critical_id10_numbers_replaced": "number", "critical_id8_negation": "meaning",
             "critical_id9_ne_replaced": "entity", "critical_id25_ne_removed": "entity"}
SHORT = {"critical_id10_numbers_replaced": "num", "critical_id8_negation": "neg",
         "critical_id9_ne_replaced": "ne-rep", "critical_id25_ne_removed": "ne-rem"}


def _data_dir() -> Path | None:
    for root in (BENCHMARKS, Path("/work/shared/benchmarks")):
        if (root / "demetr").is_dir():
            return root / "demetr"
    return None


def _keys(diffs: list, kind: str) -> set[tuple[str, str | None]]:
    return {(d.side, d.value) for d in diffs if d.kind == kind}


def measure(folder: Path, show: str | None = None) -> dict:
    rows = [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.open(encoding="utf-8")]
    faithful: dict[tuple[str, int], dict] = {}
    for row in rows:
        faithful.setdefault((row["lang"], row["id"]), row)
    flagged: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    on_mt: dict[tuple[str, int], list] = {}
    for (lang, ident), row in sorted(faithful.items()):
        diffs = check_pair(row["src"], lang, row["mt"], "en")
        on_mt[(lang, ident)] = diffs
        flagged[lang]["n"] += 1
        flagged[lang]["any"] += bool(diffs)
        for kind in {d.kind for d in diffs}:
            flagged[lang][kind] += 1
        if show and diffs and show.split(":")[0] in (lang, "all") and (
                ":" not in show or any(d.kind == show.split(":")[1] for d in diffs)):
            print(f"[{lang} {ident}] {row['src']}\n    {row['mt']}")
            for d in diffs:
                print(f"    - {d.kind} {d.side} {d.text!r}: {d.note}")
    positives: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        kind = POSITIVES.get(row["perturbation"])
        if kind is None:
            continue
        diffs = check_pair(row["src"], row["lang"], row["pert"], "en")
        cell = positives.setdefault(row["perturbation"], {}).setdefault(row["lang"], {"n": 0, "found": 0, "new": 0})
        cell["n"] += 1
        cell["found"] += any(d.kind == kind for d in diffs)
        cell["new"] += bool(_keys(diffs, kind) - _keys(on_mt[(row["lang"], row["id"])], kind))
    return {"faithful": {lang: dict(counts) for lang, counts in flagged.items()}, "positives": positives}


def _pct(k: int, n: int) -> str:
    return f"{100 * k / n:3.0f}" if n else "  -"


def _cell(now: str, before: str | None) -> str:
    return now if before is None or before == now else f"{before.strip()}->{now.strip()}"


def table(result: dict, before: dict | None) -> str:
    lines = []
    head = ["lang", "n", "any", *KINDS]
    lines.append("Faithful (src, mt): % of pairs with a Difference (any, and by kind)")
    lines.append(" | ".join(f"{h:>9}" for h in head))
    langs = [lang for lang in LANGS if lang in result["faithful"]]
    total: dict[str, int] = defaultdict(int)
    total_before: dict[str, int] = defaultdict(int)
    for lang in langs + ["all"]:
        counts = result["faithful"].get(lang, total)
        old = (before or {}).get("faithful", {}).get(lang, total_before) if before else None
        if lang != "all":
            for key, value in counts.items():
                total[key] += value
            for key, value in (old or {}).items():
                total_before[key] += value
        cells = [lang, str(counts["n"])] + [
            _cell(_pct(counts.get(k, 0), counts["n"]), _pct(old.get(k, 0), old["n"]) if old else None)
            for k in ("any", *KINDS)]
        lines.append(" | ".join(f"{c:>9}" for c in cells))
    lines.append("")
    lines.append("Planted errors (src, pert): % detected by the matching kind, found / new (not on the faithful pair)")
    lines.append(" | ".join(f"{h:>15}" for h in ["file", *langs, "all"]))
    for name, kind in POSITIVES.items():
        by_lang = result["positives"].get(name, {})
        old_lang = (before or {}).get("positives", {}).get(name, {}) if before else {}
        cells = [f"{SHORT[name]}({kind[:3]})"]
        for lang in langs + ["all"]:
            if lang == "all":
                cell = {k: sum(c[k] for c in by_lang.values()) for k in ("n", "found", "new")}
                old = {k: sum(c[k] for c in old_lang.values()) for k in ("n", "found", "new")} if old_lang else None
            else:
                cell, old = by_lang.get(lang, {"n": 0, "found": 0, "new": 0}), old_lang.get(lang)
            now = f"{_pct(cell['found'], cell['n']).strip()}/{_pct(cell['new'], cell['n']).strip()}"
            was = f"{_pct(old['found'], old['n']).strip()}/{_pct(old['new'], old['n']).strip()}" if old else None
            cells.append(_cell(now, was))
        lines.append(" | ".join(f"{c:>15}" for c in cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", help="write the figures to this JSON file")
    parser.add_argument("--before", help="a JSON file from --save: print before -> after")
    parser.add_argument("--show", help="print the flagged faithful pairs of LANG[:KIND] (or all[:KIND])")
    args = parser.parse_args()
    folder = _data_dir()
    if folder is None:
        skip("../shared/benchmarks/demetr not found")
    began = time.perf_counter()
    result = measure(folder, args.show)
    print("command: python eval/bench_checks.py " + " ".join(sys.argv[1:]))
    before = json.loads(Path(args.before).read_text(encoding="utf-8")) if args.before else None
    print(table(result, before))
    print(f"\n{time.perf_counter() - began:.1f} s")
    if args.save:
        Path(args.save).write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
