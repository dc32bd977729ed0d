"""The Ray engine against the local engine: the same pairs, the same cores, identical findings, throughput.

Builds ``--pairs`` document pairs (default 40): ClickSend en->nb variants made deterministically from
the policy files (variant k drops a sentence, moves a paragraph, changes a number or leaves the
text as it is, by k mod 4; and doubles the spaces after some words, by the bits of k, on both sides,
so that no pair's texts are another's and the embedding cache cannot serve one pair from another,
as with a corpus of distinct documents), plus the Text+Berg de->fr documents from
../shared/benchmarks/textberg/ when present (skipped when absent). Then, each with a fresh
embedding cache:

1. one pair on one core, with the time inside ONNX Runtime counted (the model's share of the work);
2. ``run_batch`` with ``--workers`` spawned processes (``align batch -j 2``);
3. ``run_batch_ray`` on a local Ray of ``--workers`` CPUs (``align batch --engine ray -j 2``), and
   a Ray start and stop alone (the fixed cost).

Checks that every JSON report (less ``created``) and the summary (less ``created`` and ``seconds``) are
equal, and that the findings table holds every finding of the local reports; prints a table, each
engine's overhead per pair (worker time not spent checking pairs: the wall time x workers less the
pairs' own seconds, divided by the pairs; robust to the load of a shared machine, unlike the wall
times), the core-seconds per sentence that the README's cluster plan uses, and a JSON line.

    python eval/bench_ray.py                      # 40 pairs, 2 workers (about 40 minutes here)
    python eval/bench_ray.py --pairs 8 --keep /tmp/bench-ray
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCHMARKS, ROOT, emit_json, skip, time_onnx_runtime

CLICKSEND = ROOT / "corpus" / "clicksend"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")


def _spaces(text: str, k: int) -> str:
    """Double the space after word i of each line when bit (i mod 6) of ``k`` is set."""
    out = []
    for line in text.split("\n"):
        words = line.split(" ")
        out.append("".join(w + ("  " if (k >> (i % 6)) & 1 else " ") for i, w in enumerate(words[:-1]))
                   + words[-1])
    return "\n".join(out)


def _edit(target: str, k: int) -> str:
    """Variant ``k`` of the Norwegian target: a dropped sentence, a moved paragraph, a changed number or none."""
    rng = random.Random(k)
    lines = target.split("\n")
    long = [i for i, line in enumerate(lines) if len(line) > 80]
    if k % 4 == 0:
        i = rng.choice([i for i in long if len(_SENTENCE_END.split(lines[i])) > 1])
        sentences = _SENTENCE_END.split(lines[i])
        del sentences[rng.randrange(len(sentences))]
        lines[i] = " ".join(sentences)
    elif k % 4 == 1:
        i = rng.choice(long)
        moved = lines.pop(i)
        lines.insert(rng.choice([j for j in range(len(lines)) if not lines[j] and abs(j - i) > 4]), "\n" + moved)
    elif k % 4 == 2:
        numbers = list(re.finditer(r"\d+", target))
        m = numbers[rng.randrange(len(numbers))]
        return target[:m.start()] + str(int(m.group()) + rng.randint(1, 9)) + target[m.end():]
    return "\n".join(lines)


def build(folder: Path, pairs: int):
    """The benchmark's jobs: Text+Berg documents (when present) and ClickSend variants up to ``pairs``."""
    from align.batch import Job

    jobs = []
    textberg = BENCHMARKS / "textberg"
    if textberg.is_dir():
        for name in sorted(p.name for p in (textberg / "gold").iterdir())[:pairs // 4]:
            jobs.append(Job(f"textberg-{name}", str(textberg / "de" / name), str(textberg / "fr" / name), "de", "fr"))
    source = (CLICKSEND / "privacy.en.txt").read_text(encoding="utf-8")
    target = (CLICKSEND / "privacy.no.txt").read_text(encoding="utf-8")
    for k in range(1, pairs - len(jobs) + 1):
        src, tgt = folder / f"clicksend-v{k:02}.en.txt", folder / f"clicksend-v{k:02}.nb.txt"
        src.write_text(_spaces(source, k), encoding="utf-8")
        tgt.write_text(_spaces(_edit(target, k), k), encoding="utf-8")
        jobs.append(Job(f"clicksend-v{k:02}", str(src), str(tgt), "en", "nb"))
    return jobs


def fresh_cache(folder: Path) -> None:
    """Point ``CLAUSEALIGN_CACHE`` at an empty embedding cache that shares the built models."""
    from align.paths import cache_root

    real = cache_root()
    folder.mkdir(parents=True)
    (folder / "models").symlink_to(real / "models")
    if (real / "fingerprints.json").is_file():
        shutil.copy(real / "fingerprints.json", folder / "fingerprints.json")
    os.environ["CLAUSEALIGN_CACHE"] = str(folder)


def profile_one(source: str, target: str) -> None:
    """One pair on one core: total seconds and seconds inside ONNX Runtime (run in a child process)."""
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from align.pipeline import compare

    spent = time_onnx_runtime()
    start = time.perf_counter()
    report = compare(source, target, src_lang="en", tgt_lang="nb")
    total = time.perf_counter() - start
    segments = len(report.source.segments) + len(report.target.segments)
    print(json.dumps({"seconds": total, "model": spent["seconds"], "segments": segments}))


def _json(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("created", None)
    for pair in data["pairs"] if data.get("schema") == "clausealign.batch/1" else ():
        pair.pop("seconds")
    return data


def compare_outputs(local: Path, ray: Path) -> tuple[int, int]:
    """Reports checked and findings; raises AssertionError on the first difference."""
    reports = sorted(local.glob("*.json"))
    for path in reports:
        assert _json(path) == _json(ray / path.name), f"{path.name} differs between the engines"
    expected = [(p.name.rsplit(".", 1)[0], f["id"], f["kind"], f["severity"], f["message"])
                for p in reports if p.name != "summary.json" for f in _json(p)["divergences"]]
    table = [json.loads(line) for line in (ray / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(expected) == sorted((r["pair"], r["id"], r["kind"], r["severity"], r["message"]) for r in table)
    return len(reports) - 1, len(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", help="Build and write everything here instead of a temporary folder.")
    parser.add_argument("--profile-one", nargs=2, metavar=("SRC", "TGT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile_one:
        return profile_one(*args.profile_one)
    if importlib.util.find_spec("ray") is None:
        skip("Ray is not installed (pip install 'clausealign[ray]')")
    from align.batch import run_batch
    from align.engines.ray import _import_ray, _start, run_batch_ray

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-ray-"))
    (work / "pairs").mkdir(parents=True, exist_ok=True)
    jobs = build(work / "pairs", args.pairs)
    print(f"{len(jobs)} pairs ({sum(j.name.startswith('textberg') for j in jobs)} Text+Berg), "
          f"{args.workers} workers; {work}", flush=True)

    fresh_cache(work / "cache-profile")
    out = subprocess.run([sys.executable, __file__, "--profile-one", jobs[-1].source, jobs[-1].target],
                         capture_output=True, text=True, check=True, env=os.environ)
    profile = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"one pair, one core: {profile['seconds']:.1f} s, {profile['model'] / profile['seconds']:.0%} "
          "inside the model", flush=True)

    timings = {}
    for engine in ("local", "ray"):
        fresh_cache(work / f"cache-{engine}")
        seen: list[float] = []
        start = time.perf_counter()

        def progress(result, seen=seen, start=start):
            seen.append(time.perf_counter() - start)
            print(f"  [{len(seen)}/{len(jobs)}] {result.job.stem}: {result.status}", flush=True)

        if engine == "local":
            run_batch(jobs, work / "local", jobs_at_once=args.workers, on_result=progress)
        else:
            run_batch_ray(jobs, work / "ray", workers=args.workers, on_result=progress)
        timings[engine] = {"seconds": time.perf_counter() - start, "first": seen[0]}
        print(f"{engine}: {timings[engine]['seconds']:.1f} s", flush=True)
    ray_module = _import_ray()
    start = time.perf_counter()
    _start(ray_module, None, args.workers)
    ray_module.shutdown()
    ray_start = time.perf_counter() - start

    reports, findings = compare_outputs(work / "local", work / "ray")
    segments = 0
    for engine, t in timings.items():
        summary = json.loads((work / engine / "summary.json").read_text(encoding="utf-8"))
        # a worker's time not spent checking a pair: starting, dispatching, rendering, waiting
        t["overhead"] = (t["seconds"] * args.workers - sum(p["seconds"] for p in summary["pairs"])) / len(jobs)
        segments = sum(json.loads((work / engine / p["reports"]["json"]).read_text(encoding="utf-8"))["summary"][k]
                       for p in summary["pairs"] for k in ("source_segments", "target_segments"))
    local, remote = timings["local"]["seconds"], timings["ray"]["seconds"]
    per_sentence = remote * args.workers / segments
    print()
    print("| engine | seconds | pairs/min | sentences/s | first pair s | worker overhead per pair s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, t in timings.items():
        print(f"| {name} | {t['seconds']:.1f} | {60 * len(jobs) / t['seconds']:.2f} | "
              f"{segments / t['seconds']:.1f} | {t['first']:.1f} | {t['overhead']:.2f} |")
    print(f"\nidentical: {reports} reports and the summary, {findings} findings in the table")
    print(f"ray / local time: {remote / local:.2f} (target <= 1.20); Ray's overhead per pair "
          f"{timings['ray']['overhead'] - timings['local']['overhead']:+.2f} worker-seconds over the local engine's "
          f"(a Ray start and stop alone: {ray_start:.1f} s)")
    print(f"cost: {per_sentence:.3f} core-seconds per sentence (source + target segments: {segments}); "
          f"{profile['model'] / profile['seconds']:.0%} of a pair's time is inside the model")
    print(f"command: python eval/bench_ray.py --pairs {args.pairs} --workers {args.workers}")
    emit_json({"bench": "ray", "pairs": len(jobs), "workers": args.workers, "segments": segments,
               "local_s": round(local, 1), "ray_s": round(remote, 1), "ratio": round(remote / local, 3),
               "local_overhead_per_pair_s": round(timings["local"]["overhead"], 2),
               "ray_overhead_per_pair_s": round(timings["ray"]["overhead"], 2), "ray_start_s": round(ray_start, 1),
               "core_s_per_sentence": round(per_sentence, 4),
               "model_share": round(profile["model"] / profile["seconds"], 3),
               "profile_pair_s": round(profile["seconds"], 1), "identical_reports": reports, "findings": findings})
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
