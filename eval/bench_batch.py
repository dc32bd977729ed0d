"""`align batch` against one `align compare` per pair: one model load, and the wall time it saves.

    python eval/bench_batch.py                 # 8 pairs
    python eval/bench_batch.py --json

The pairs are those of ``eval/bench_ray.py`` for 8 pairs: the first two Text+Berg de->fr test
documents (137-293 sentences a side, the longest pairs) and six ClickSend en->nb variants of about
80 segments (eight variants when ../shared/benchmarks/textberg/ is absent). Each run starts from an
empty embedding cache (the built model is shared), so nothing is served from an earlier run:

1. each pair alone, as a user would run it: ``align compare SRC TGT`` in a new process (wall
   time, model load included), and in a child process the seconds spent inside ONNX Runtime
   (the encoding time of the pair);
2. ``align batch --manifest pairs.csv -j 1`` and ``-j 2`` (wall time).

The issue's target: the batch's wall time within 1.5x of the longest single compare plus the
encoding time of all pairs (the work that cannot be shared). Prints a table and the ratio.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_ray import build, fresh_cache
from common import emit_json, time_onnx_runtime

ALIGN = Path(sys.executable).with_name("align")


def encoding_seconds(job) -> float:
    """Wall seconds during which ONNX Runtime ran for one pair's compare (run in a child process;
    the encoder runs batches on two threads at once, so overlapping calls count once)."""
    from align.pipeline import compare

    spent = time_onnx_runtime()
    compare(job.source, job.target, src_lang=job.src_lang, tgt_lang=job.tgt_lang)
    return spent["seconds"]


def _wall(cmd: list[str], cache: Path) -> float:
    fresh_cache(cache)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: findings at the failing severity, as expected for variants
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child: JSON of one job, prints its encoding seconds
    args = parser.parse_args()
    if args.one:
        from align.batch import Job

        print(encoding_seconds(Job(**json.loads(args.one))))
        return
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    jobs = build(work, 8)
    manifest = work / "pairs.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "src_lang", "tgt_lang", "name"])
        for job in jobs:
            writer.writerow([job.source, job.target, job.src_lang, job.tgt_lang, job.name])
    singles, encoding = [], []
    for n, job in enumerate(jobs):
        out = work / f"single-{n}.json"
        singles.append(_wall([str(ALIGN), "compare", job.source, job.target, "--src-lang", job.src_lang,
                              "--tgt-lang", job.tgt_lang, "-f", "json", "-o", str(out)], work / f"cache-s{n}"))
        fresh_cache(work / f"cache-e{n}")
        child = subprocess.run([sys.executable, __file__, "--one", json.dumps(job.__dict__)], capture_output=True,
                               text=True, check=True, env=os.environ.copy())
        encoding.append(float(child.stdout.strip().splitlines()[-1]))
        print(f"  {job.name}: compare {singles[-1]:.1f} s, encoding {encoding[-1]:.1f} s", file=sys.stderr)
    batch = {}
    for workers in (1, 2):
        batch[workers] = _wall([str(ALIGN), "batch", "--manifest", str(manifest), "-o", str(work / f"out-j{workers}"),
                                "-f", "json", "-f", "html", "-j", str(workers)], work / f"cache-b{workers}")
    bound = max(singles) + sum(encoding)
    figures = {
        "pairs": len(jobs), "single_compares_s": round(sum(singles), 1), "longest_single_s": round(max(singles), 1),
        "encoding_s": round(sum(encoding), 1), "bound_s": round(bound, 1),
        "batch_j1_s": round(batch[1], 1), "batch_j2_s": round(batch[2], 1),
        "ratio_j1": round(batch[1] / bound, 2), "ratio_j2": round(batch[2] / bound, 2), "cores": os.cpu_count(),
    }
    print(f"{len(jobs)} pairs: one compare each {figures['single_compares_s']} s in all "
          f"(longest {figures['longest_single_s']} s); encoding {figures['encoding_s']} s")
    print(f"align batch -j 1: {figures['batch_j1_s']} s = {figures['ratio_j1']}x the bound "
          f"(longest compare + encoding = {figures['bound_s']} s; target <= 1.5x)")
    print(f"align batch -j 2: {figures['batch_j2_s']} s = {figures['ratio_j2']}x the bound")
    print("python eval/bench_batch.py")
    if args.json:
        emit_json(figures)


if __name__ == "__main__":
    main()
