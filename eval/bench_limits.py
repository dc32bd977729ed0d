"""Hostile sizes: time and peak memory of whole `align compare` runs, each in a fresh process.

    python eval/bench_limits.py                    # every case
    python eval/bench_limits.py --cases line-1mb refuse-20mb

Cases (the target is always the ClickSend Norwegian policy):
* ``line-1mb``: a 1 MB source with no sentence punctuation at all (one line of words), raised
  limit; it must finish, cut into bounded segments (``align.segment.MAX_SEGMENT_CHARS``);
* ``refuse-20mb``: a 20 MB source at the default limit: refused with one line, exit 2, at once;
* ``repeat-0.5mb``: the ClickSend English policy repeated to 0.5 MB (about 2,400 segments),
  raised limit: the memory of a large but legitimate run.
Prints a table and a JSON line (seconds, peak MB of the child, exit code, segments).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, emit_json

ALIGN = [sys.executable, "-m", "align.cli"]
EN = ROOT / "corpus/clicksend/privacy.en.txt"
NO = ROOT / "corpus/clicksend/privacy.no.txt"


def _source(case: str, folder: Path) -> tuple[Path, list[str]]:
    path = folder / f"{case}.en.txt"
    if case == "line-1mb":
        words = EN.read_text(encoding="utf-8").replace(".", " ").replace("\n", " ").split()
        text = " ".join(words * (1_000_000 // len(" ".join(words)) + 1))[:1_000_000]
        path.write_text(text, encoding="utf-8")
        return path, ["--max-input-mb", "2"]
    if case == "refuse-20mb":
        path.write_text(EN.read_text(encoding="utf-8") * (20_000_000 // EN.stat().st_size + 1), encoding="utf-8")
        return path, []
    text = EN.read_text(encoding="utf-8")
    path.write_text(text * (500_000 // len(text) + 1), encoding="utf-8")
    return path, ["--max-input-mb", "1"]


def run(case: str, folder: Path) -> dict:
    source, extra = _source(case, folder)
    out = folder / f"{case}.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([*ALIGN, "compare", str(source), str(NO), "--tgt-lang", "nb", "-f", "json", "-o", str(out),
                           *extra], capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    segments = len(json.loads(out.read_text(encoding="utf-8"))["source"]["segments"]) if out.exists() else 0
    return {"case": case, "bytes": source.stat().st_size, "exit": done.returncode, "seconds": round(seconds, 1),
            "peak_mb": round(max(peak, before) / 1024), "segments": segments,
            "stderr": done.stderr.strip().splitlines()[-1][:100] if done.stderr.strip() else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", nargs="+", default=["refuse-20mb", "line-1mb", "repeat-0.5mb"])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases:
            rows.append(run(case, Path(tmp)))
            r = rows[-1]
            print(f"{r['case']:14} {r['bytes'] / 1e6:6.1f} MB  exit {r['exit']}  {r['seconds']:7.1f} s  "
                  f"peak {r['peak_mb']:5d} MB  {r['segments']:6d} segments  {r['stderr']}", flush=True)
    print("(python eval/bench_limits.py; peak = the largest child so far, so run one case for its own figure)")
    emit_json({"bench": "limits", "rows": rows})


if __name__ == "__main__":
    main()
