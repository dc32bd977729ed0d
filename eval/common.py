"""Shared helpers of the evaluation scripts: where the data lives, peak memory, JSON lines."""
from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared next to the checkout (or next to the folder of git worktrees); CLAUSEALIGN_SHARED overrides
SHARED = Path(os.environ.get("CLAUSEALIGN_SHARED") or next(
    (p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT.parent / "shared"))
BENCHMARKS = SHARED / "benchmarks"
GOLD = ROOT / "eval" / "gold"

sys.path.insert(0, str(ROOT))


def read_gold(path) -> list:
    """A benchmark's gold beads, as published: Text+Berg lists some insertions out of order
    (``[52]:[56]`` then ``[]:[51]``), which ``read_beads`` rejects; the scorer compares sets."""
    from align.scoring.alignment import parse_beads

    return parse_beads(Path(path).read_text(encoding="utf-8"), str(path))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def skip(reason: str) -> None:
    """Say why a benchmark cannot run here and exit cleanly."""
    print(f"skipped: {reason}")
    sys.exit(0)


def emit_json(record: dict) -> None:
    """Print the benchmark's machine-readable line."""
    print(json.dumps(record, ensure_ascii=False))


def time_onnx_runtime() -> dict[str, float]:
    """Count from now on the wall seconds during which ONNX Runtime runs a model in this process
    (``result["seconds"]``): calls that overlap on several threads count once."""
    import threading
    import time

    import onnxruntime as ort

    lock, state = threading.Lock(), {"active": 0.0, "since": 0.0, "seconds": 0.0}
    run = ort.InferenceSession.run

    def timed(self, *args, **kwargs):
        with lock:
            if not state["active"]:
                state["since"] = time.perf_counter()
            state["active"] += 1
        try:
            return run(self, *args, **kwargs)
        finally:
            with lock:
                state["active"] -= 1
                if not state["active"]:
                    state["seconds"] += time.perf_counter() - state["since"]

    ort.InferenceSession.run = timed
    return state
