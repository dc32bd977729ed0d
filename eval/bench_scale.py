"""Alignment time and peak memory against document length (embeddings included).

Builds English-Chinese document pairs of 100, 1,000, 5,000 and 20,000 source
sentences from the Bible set in ../shared/benchmarks/bertalign-zh-en/ (20,000 =
the 5,000-sentence book four times over) and aligns each in a fresh process with
a fresh embedding cache, so every figure includes encoding. Prints a table and a
JSON line; time and memory should grow about linearly.

    python eval/bench_scale.py                     # all sizes (about 15 minutes here)
    python eval/bench_scale.py --sizes 100 1000
    python eval/bench_scale.py --synthetic --sizes 1000 5000 20000   # the aligner alone, random vectors

``--synthetic`` times ``align_runs`` only (no encoder): unit random vectors of
dimension 384 for the source, a noisy copy for the target with every fifth
sentence split in two (so 5,000 source sentences meet 6,000 target ones), runs
as normalised sums.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCHMARKS, emit_json, peak_rss_mb, skip

BIBLE = BENCHMARKS / "bertalign-zh-en" / "bible"


def build_pair(size: int) -> tuple[list[str], list[str]]:
    """The first ``size`` English sentences (cut at a bead boundary) and their Chinese side."""
    en = (BIBLE / "en/001").read_text(encoding="utf-8").splitlines()
    zh = (BIBLE / "zh/001").read_text(encoding="utf-8").splitlines()
    repeat = max(1, -(-size // len(en)))
    if repeat > 1:
        return (en * repeat)[:size], zh * repeat
    cut_src, cut_tgt = 0, 0
    for line in (BIBLE / "gold/001").read_text(encoding="utf-8").splitlines():
        s, t = (json.loads(part) for part in line.split(":"))
        if cut_src >= size:
            break
        cut_src, cut_tgt = max([cut_src - 1, *s]) + 1, max([cut_tgt - 1, *t]) + 1
    return en[:cut_src], zh[:cut_tgt]


def run_one(size: int, model: str | None) -> dict:
    """Align one size in this process (called in a child process)."""
    from align.aligner import AlignConfig
    from align.document import document_from_text
    from align.encoders import load_encoder
    from align.encoders.cache import CachedEncoder, EmbeddingCache
    from align.pipeline import align_documents

    src_lines, tgt_lines = build_pair(size)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        encoder = CachedEncoder(load_encoder(model, cache=False), EmbeddingCache(Path(tmp) / "e.sqlite3"))
        loaded = time.perf_counter()
        src = document_from_text("\n".join(src_lines), "en", "en", presegmented=True)
        tgt = document_from_text("\n".join(tgt_lines), "zh", "zh", presegmented=True)
        beads, _ = align_documents(src, tgt, encoder, AlignConfig())
        done = time.perf_counter()
    return {"size": size, "source": len(src_lines), "target": len(tgt_lines), "beads": len(beads),
            "load_s": round(loaded - t0, 1), "align_s": round(done - loaded, 1), "peak_rss_mb": round(peak_rss_mb())}


def synthetic(size: int, seed: int = 0) -> dict:
    """Align ``size`` random source vectors with a noisy, partly split copy; time and memory of the aligner."""
    import numpy as np

    from align.aligner import AlignConfig, align_runs

    def unit(x: np.ndarray) -> np.ndarray:
        return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)

    def runs_of(v: np.ndarray) -> dict[int, np.ndarray]:
        cum = np.concatenate([np.zeros((1, v.shape[1])), np.cumsum(v, axis=0)])
        return {s: unit(cum[s:] - cum[:-s]) for s in range(1, 5)}

    rng = np.random.default_rng(seed)
    base = rng.normal(size=(size, 384))
    src = unit(base + 0.5 * rng.normal(size=base.shape))
    rows = []
    for i in range(size):
        halves = 2 if i % 5 == 0 else 1
        rows.extend(base[i] + (0.5 + 0.3 * (halves - 1)) * rng.normal(size=384) for _ in range(halves))
    tgt = unit(np.array(rows))
    rs, rt = runs_of(src), runs_of(tgt)
    t0, c0 = time.perf_counter(), time.process_time()
    beads = align_runs(rs, rt, np.full(len(src), 60), np.full(len(tgt), 55), AlignConfig())
    return {"size": size, "source": len(src), "target": len(tgt), "beads": len(beads), "load_s": 0.0,
            "align_s": round(time.perf_counter() - t0, 2), "cpu_s": round(time.process_time() - c0, 2),
            "peak_rss_mb": round(peak_rss_mb())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 20000])
    parser.add_argument("--model", default=None)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--synthetic", action="store_true", help="time the aligner alone on random vectors")
    args = parser.parse_args()
    if args.synthetic and args.child:
        print(json.dumps(synthetic(args.child)))
        return
    if not BIBLE.is_dir() and not args.synthetic:
        skip(f"{BIBLE} not found")
    if args.child:
        print(json.dumps(run_one(args.child, args.model)))
        return
    rows = []
    print(f"{'source':>7} {'target':>7} {'beads':>6} {'seconds':>8} {'s/1k src':>9} {'peak MB':>8}")
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--child", str(size)] + (["--model", args.model] if args.model else []) \
            + (["--synthetic"] if args.synthetic else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        row = json.loads(out)
        rows.append(row)
        print(f"{row['source']:7d} {row['target']:7d} {row['beads']:6d} {row['align_s']:8.1f} "
              f"{1000 * row['align_s'] / row['source']:9.1f} {row['peak_rss_mb']:8d}", flush=True)
    emit_json({"bench": "scale", "model": "synthetic" if args.synthetic else args.model or "default", "rows": rows})


if __name__ == "__main__":
    main()
