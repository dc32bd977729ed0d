"""Alignment time and peak memory against document length (embeddings included).

Builds English-Chinese document pairs of 100, 1,000, 5,000 and 20,000 source
sentences from the Bible set in ../shared/benchmarks/bertalign-zh-en/ (20,000 =
the 5,000-sentence book four times over) and aligns each in a fresh process with
a fresh embedding cache, so every figure includes encoding. Prints a table and a
JSON line; time and memory should grow about linearly.

    python eval/bench_scale.py                     # all sizes (about 15 minutes here)
    python eval/bench_scale.py --sizes 100 1000
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
        beads = align_documents(src, tgt, encoder, AlignConfig())
        done = time.perf_counter()
    return {"size": size, "source": len(src_lines), "target": len(tgt_lines), "beads": len(beads),
            "load_s": round(loaded - t0, 1), "align_s": round(done - loaded, 1), "peak_rss_mb": round(peak_rss_mb())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 20000])
    parser.add_argument("--model", default=None)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not BIBLE.is_dir():
        skip(f"{BIBLE} not found")
    if args.child:
        print(json.dumps(run_one(args.child, args.model)))
        return
    rows = []
    print(f"{'source':>7} {'target':>7} {'beads':>6} {'seconds':>8} {'s/1k src':>9} {'peak MB':>8}")
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--child", str(size)] + (["--model", args.model] if args.model else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        row = json.loads(out)
        rows.append(row)
        print(f"{row['source']:7d} {row['target']:7d} {row['beads']:6d} {row['align_s']:8.1f} "
              f"{1000 * row['align_s'] / row['source']:9.1f} {row['peak_rss_mb']:8d}", flush=True)
    emit_json({"bench": "scale", "model": args.model or "default", "rows": rows})


if __name__ == "__main__":
    main()
