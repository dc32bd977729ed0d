"""The clause index at scale: build time, size, query latency, ANN recall, cross-language retrieval.

The indexed corpus (about ``--size`` distinct segments, 100,000 by default) is every distinct
sentence of the shared benchmarks in ../shared/benchmarks/ (the Bible in English and Chinese,
Text+Berg de/fr, WMT21-CED en/de/cs/ja/zh, DEMETR in ten languages and English, REFreSD en/fr),
then the Bible's clauses (sentences cut at , ; : and their Chinese counterparts) and passages of
two to five consecutive sentences, in that order until the size is reached; plus the five
policies of corpus/ (the ClickSend pair in its gold segmentation). 1,000 more segments drawn at
random from the same pool are held out as queries. Documents are files of at most 2,000
segments, presegmented, their language detected.

Figures:

* build: ``ClauseIndex.build`` on the flat index, cold (a fresh embedding cache unless
  ``--cache`` names one), with the encoding time and the rest apart; an update after one
  document changed; the HNSW index built from the same vectors (and FAISS IVF-Flat, the
  alternative not taken, at three probe counts);
* size on disk of each index;
* query latency, one query at a time, wall and CPU milliseconds (p50, p95): the search alone
  (FAISS and the SQLite metadata of the hits, from a query vector), within one language, and
  end to end (encoding the query text, without the embedding cache);
* recall@10 of HNSW (and IVF) against the flat index over the held-out queries;
* ClickSend en->nb: each English segment of a 1-1 gold pair searched as text, its gold Norwegian
  counterpart at rank 1 among the Norwegian clauses (``--lang nb``) and among all clauses not in
  English;
* with ``--sweep SIZE ...``: flat and HNSW search time, HNSW build time and recall against the
  index size, for the switch-over (sizes above the corpus repeat its vectors with noise).

    python eval/bench_index.py                      # 100,000 segments (cold: 35 minutes on a busy machine)
    python eval/bench_index.py --size 20000 --cache /tmp/bench-index.sqlite3
    python eval/bench_index.py --cache /tmp/bench-index.sqlite3 --sweep 25000 50000 100000 200000 400000
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import BENCHMARKS, GOLD, ROOT, emit_json, peak_rss_mb, skip

BIBLE = BENCHMARKS / "bertalign-zh-en" / "bible"
DOC_LINES = 2000
HELD_OUT = 1000


def _norm(text: str) -> str:
    return " ".join(text.split())


def _lines(path: Path) -> list[str]:
    return [_norm(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sentences() -> dict[str, list[str]]:
    """The shared benchmarks' sentences by (source, language) group."""
    groups: dict[str, list[str]] = {"bible-en": _lines(BIBLE / "en/001"), "bible-zh": _lines(BIBLE / "zh/001")}
    textberg = BENCHMARKS / "textberg"
    for lang in ("de", "fr"):
        groups[f"textberg-{lang}"] = [s for f in sorted((textberg / lang).glob("0*")) + sorted(
            (textberg / "dev" / lang).glob("*")) for s in _lines(f)]
    for file in sorted((BENCHMARKS / "wmt21-ced").glob("*_*.tsv")):
        if "goldlabels" in file.name:
            continue
        pair = file.name[:4]
        for row in file.read_text(encoding="utf-8").splitlines():
            cells = row.split("\t")
            if len(cells) >= 3:
                groups.setdefault(f"wmt-{pair}-en", []).append(_norm(cells[1]))
                groups.setdefault(f"wmt-{pair}-{pair[2:]}", []).append(_norm(cells[2]))
    for file in sorted((BENCHMARKS / "demetr").glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            groups.setdefault(f"demetr-{item['lang']}", []).append(_norm(item["src"]))
            groups.setdefault("demetr-en", []).extend([_norm(item["mt"]), _norm(item["pert"])])
    for file in sorted((BENCHMARKS / "refresd" / "REFreSD_for_huggingface").glob("*.tsv")):
        for row in file.read_text(encoding="utf-8").splitlines():
            cells = row.split("\t")
            if len(cells) > 4 and not row.startswith("#"):
                groups.setdefault("refresd-en", []).append(_norm(cells[3]))
                groups.setdefault("refresd-fr", []).append(_norm(cells[4]))
    return groups


def bible_extras() -> list[tuple[str, list[str]]]:
    """The Bible's clauses, then its passages of two to five sentences, by language."""
    en, zh = _lines(BIBLE / "en/001"), _lines(BIBLE / "zh/001")
    cut = {"en": re.compile(r"(?<=[,;:])\s+"), "zh": re.compile(r"(?<=[，；：])")}
    out = [(f"bible-clauses-{lang}", [c.strip() for s in side for c in cut[lang].split(s) if len(c.strip()) >= 8])
           for lang, side in (("en", en), ("zh", zh))]
    for size in (2, 3, 4, 5):
        for lang, side, glue in (("en", en, " "), ("zh", zh, "")):
            out.append((f"bible-passages{size}-{lang}", [glue.join(side[i:i + size])
                                                         for i in range(len(side) - size + 1)]))
    return out


def policies() -> dict[str, list[str]]:
    """The five seed policies: the ClickSend pair as its gold lines, the others as segmented."""
    from align.document import load_document

    out = {"clicksend/en": _lines(GOLD / "clicksend-en-no" / "en.lines"),
           "clicksend/no": _lines(GOLD / "clicksend-en-no" / "no.lines")}
    for rel in ("cleversender/privacy.en.txt", "click2mail/privacy.en.md", "clickatell/privacy.en.md"):
        out[rel.split("/")[0] + "/en"] = [_norm(s.text) for s in load_document(str(ROOT / "corpus" / rel)).segments]
    return out


def make_corpus(folder: Path, size: int) -> tuple[list[str], int]:
    """Write the documents into ``folder``; returns the held-out query texts and the segment count."""
    seen: set[str] = set()

    def distinct(texts: list[str]) -> list[str]:
        fresh = [t for t in dict.fromkeys(texts) if t and t not in seen]
        seen.update(fresh)
        return fresh

    groups = {name: distinct(texts) for name, texts in policies().items()}
    pool = [(name, t) for name, texts in [*sentences().items(), *bible_extras()] for t in distinct(texts)]
    pool = pool[:size + HELD_OUT - sum(len(v) for v in groups.values())]
    drawn = random.Random(13).sample(range(len(pool)), HELD_OUT)
    queries, held = [pool[i][1] for i in drawn], set(drawn)
    for i, (name, text) in enumerate(pool):
        if i not in held:
            groups.setdefault(name, []).append(text)
    count = 0
    for name, texts in groups.items():
        for part in range(0, len(texts), DOC_LINES):
            file = folder / f"{name}-{part // DOC_LINES:03d}.txt"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text("\n".join(texts[part:part + DOC_LINES]) + "\n", encoding="utf-8")
            count += len(texts[part:part + DOC_LINES])
    return queries, count


class Timed:
    """Counts and times what reaches the model (the cache sits in front of it)."""

    def __init__(self, inner) -> None:
        self.inner, self.texts, self.seconds = inner, 0, 0.0

    def encode(self, texts, progress=None):
        start = time.perf_counter()
        out = self.inner.encode(texts, progress)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        return out

    def __getattr__(self, name):
        return getattr(self.inner, name)


def percentiles(ms: list[float]) -> list[float]:
    return [round(float(np.percentile(ms, 50)), 2), round(float(np.percentile(ms, 95)), 2)]


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir()) / 1e6


def recall_at_10(found: np.ndarray, truth: np.ndarray) -> float:
    return round(float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)])), 4)


def timed_searches(search, queries) -> dict:
    """Wall and CPU milliseconds of ``search(query)``, one query at a time: [p50, p95] each."""
    wall, cpu = [], []
    for query in queries:
        w, c = time.perf_counter(), time.process_time()
        search(query)
        wall.append(1000 * (time.perf_counter() - w))
        cpu.append(1000 * (time.process_time() - c))
    return {"wall_ms": percentiles(wall), "cpu_ms": percentiles(cpu)}


def ivf(vectors: np.ndarray, queries: np.ndarray, truth: np.ndarray) -> dict:
    """The alternative to HNSW: FAISS IVF-Flat with about 4 x sqrt(n) lists, at three probe counts."""
    import faiss

    count, dim = vectors.shape
    lists = round(4 * count ** 0.5)
    start = time.perf_counter()
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors[::max(1, count // (64 * lists))])
    index.add(vectors)
    out: dict = {"lists": lists, "build_s": round(time.perf_counter() - start, 1)}
    for nprobe in (16, 32, 64):
        index.nprobe = nprobe
        out[f"nprobe{nprobe}"] = {"recall_at_10": recall_at_10(index.search(queries, 10)[1], truth),
                                  **timed_searches(lambda q: index.search(q[None], 10), queries[:200])}
    return out


def clicksend_accuracy(index, search) -> dict:
    """Rank-1 accuracy of the gold Norwegian counterpart of each English 1-1 segment."""
    from align.scoring.alignment import parse_beads

    gold = parse_beads((GOLD / "clicksend-en-no" / "alignment.txt").read_text(encoding="utf-8"), "alignment.txt")
    pairs = [(s[0], t[0]) for s, t in gold if len(s) == len(t) == 1]
    en, no = (index.store.by_path[f"clicksend/{side}-000.txt"] for side in ("en", "no"))
    english = index.store.clauses([en.first_row + s for s in range(en.segments)])
    nb_right = other_right = 0
    for s, t in pairs:
        want = no.first_row + t
        nb_right += search(english[s].text, "nb", 1)[0].clause.row == want
        other_right += next((h.clause.row for h in search(english[s].text, None, 200) if h.clause.lang != "en"),
                            -1) == want
    return {"pairs": len(pairs), "rank1_nb": round(nb_right / len(pairs), 4),
            "rank1_not_en": round(other_right / len(pairs), 4)}


def run(args) -> dict:
    from align.encoders import load_encoder
    from align.encoders.cache import CachedEncoder, EmbeddingCache
    from align.index import ClauseIndex
    from align.index.search import search_vector
    from align.index.vectors import build_vectors

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-index-"))
    corpus, path = work / "corpus", work / "index"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(path, ignore_errors=True)
    queries, count = make_corpus(corpus, args.size)
    cache = Path(args.cache) if args.cache else work / "embeddings.sqlite3"
    model = Timed(load_encoder(args.model, cache=False))
    encoder = CachedEncoder(model, EmbeddingCache(cache))
    print(f"corpus: {count} segments in {sum(1 for _ in corpus.rglob('*.txt'))} documents under {corpus}; "
          f"{len(queries)} held-out queries; embedding cache {cache}", flush=True)

    start = time.perf_counter()
    index = ClauseIndex.build(corpus, path, encoder=encoder, presegmented=True, kind="flat")
    build_s = time.perf_counter() - start
    assert index.changes is not None and not index.changes.skipped, index.changes
    record: dict = {"bench": "index", "model": index.manifest.model, "segments": len(index),
                    "documents": len(index.documents), "languages": index.languages,
                    "build_s": round(build_s, 1), "encoded": model.texts, "encode_s": round(model.seconds, 1),
                    "flat_mb": round(folder_mb(path), 1)}
    print(f"build (flat): {build_s:.1f} s for {len(index)} segments, {model.texts} encoded in {model.seconds:.1f} s "
          f"(the rest {build_s - model.seconds:.1f} s); {record['flat_mb']} MB", flush=True)

    touched = corpus / "clicksend" / "no-000.txt"
    touched.write_text(touched.read_text(encoding="utf-8") + "Dataene lagres i Oslo.\n", encoding="utf-8")
    before, start = model.texts, time.perf_counter()
    changes = index.update()
    record["update_s"] = round(time.perf_counter() - start, 1)
    record["update_encoded"] = changes.encoded
    print(f"update after one document changed: {record['update_s']} s, {changes.encoded} segments re-encoded "
          f"({model.texts - before} reached the model)", flush=True)

    vectors = index.vectors.reconstruct(0, len(index))
    query_vecs = encoder.encode(queries)
    _, truth = index.vectors.search(query_vecs, 10)
    start = time.perf_counter()
    hnsw = build_vectors(vectors, "hnsw")
    hnsw.write(work / "hnsw.faiss")
    record["hnsw"] = {"build_s": round(time.perf_counter() - start, 1),
                      "mb": round((work / "hnsw.faiss").stat().st_size / 1e6, 1),
                      "recall_at_10": recall_at_10(hnsw.search(query_vecs, 10)[1], truth)}
    print(f"hnsw: built in {record['hnsw']['build_s']} s (one thread), {record['hnsw']['mb']} MB, recall@10 vs flat "
          f"{record['hnsw']['recall_at_10']:.4f}", flush=True)
    record["ivf"] = ivf(vectors, query_vecs, truth)
    print("ivf (not used): " + json.dumps(record["ivf"]), flush=True)

    plain = load_encoder(args.model, cache=False)
    plain.encode(["warm up"])
    sample = list(zip(queries, query_vecs))[:args.queries]
    for kind, vecs in (("flat", index.vectors), ("hnsw", hnsw)):
        def search(text, lang, k, vecs=vecs):
            return search_vector(index.store, vecs, encoder.encode([text])[0], k, lang)

        entry = record.setdefault(kind, {})
        entry["search"] = timed_searches(lambda q, vecs=vecs: search_vector(index.store, vecs, q[1], 10), sample)
        entry["search_lang_en"] = timed_searches(lambda q, vecs=vecs: search_vector(index.store, vecs, q[1], 10, "en"),
                                                 sample)
        entry["end_to_end"] = timed_searches(
            lambda q, vecs=vecs: search_vector(index.store, vecs, plain.encode([q[0]])[0], 10), sample)
        entry["clicksend"] = clicksend_accuracy(index, search)
        print(f"{kind}: search {entry['search']}, with --lang en {entry['search_lang_en']}, encoding the query too "
              f"{entry['end_to_end']}; ClickSend en->nb rank 1 {entry['clicksend']}", flush=True)
    if args.sweep:
        record["sweep"] = sweep(vectors, query_vecs[:args.queries], args.sweep)
    record["peak_rss_mb"] = round(peak_rss_mb())
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return record


def sweep(vectors: np.ndarray, queries: np.ndarray, sizes: list[int]) -> list[dict]:
    """Flat and HNSW search time (one query at a time), HNSW build time and recall at each size; sizes
    above the corpus repeat its vectors with noise (cosine about 0.93 to the original)."""
    from align.index.vectors import build_vectors

    rng = np.random.default_rng(0)
    rows = []
    for size in sizes:
        copies = [vectors] + [vectors + 0.02 * rng.standard_normal(vectors.shape).astype(np.float32)
                              for _ in range(size // len(vectors))]
        data = np.vstack(copies)[:size]
        data /= np.linalg.norm(data, axis=1, keepdims=True)
        row: dict = {"size": size}
        found = {}
        for kind in ("flat", "hnsw"):
            start = time.perf_counter()
            index = build_vectors(data, kind)
            row[f"{kind}_build_s"] = round(time.perf_counter() - start, 1)
            row[kind] = timed_searches(lambda q, index=index: index.search(q, 10), queries)
            found[kind] = index.search(queries, 10)[1]
        row["hnsw_recall_at_10"] = recall_at_10(found["hnsw"], found["flat"])
        print("sweep " + json.dumps(row), flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="segments to index (about)")
    parser.add_argument("--queries", type=int, default=200, help="held-out queries timed one by one")
    parser.add_argument("--cache", help="embedding cache file (default: a fresh one, so the build is cold)")
    parser.add_argument("--workdir", help="keep the corpus and the index here (default: a temporary folder)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--sweep", type=int, nargs="*", metavar="SIZE",
                        help="flat vs HNSW search time at these index sizes (e.g. 25000 50000 100000 200000 400000)")
    args = parser.parse_args()
    if not BIBLE.is_dir():
        skip(f"{BIBLE} not found")
    record = run(args)
    print("command: python eval/bench_index.py " + " ".join(sys.argv[1:]))
    emit_json(record)


if __name__ == "__main__":
    main()
