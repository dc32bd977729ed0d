"""A batch on a Ray cluster with Ray Data: ``align batch --engine ray`` (the ``clausealign[ray]`` extra).

The jobs, reports, ``summary.json`` and ``index.html`` are those of :func:`align.batch.run_batch`
(the same report files for the same input); the stages are the library's own, run in three places:

1. **read and segment** (:func:`align.document.load_document`): a Ray Data map step of light tasks
   (no CPU reserved, at most ``workers`` at once); a bad file becomes the pair's ``error`` here;
2. **check**: an actor pool of ``workers`` actors, each loading the encoder once (one CPU, and
   ``num_gpus`` GPUs when asked) and, per pair, encoding the segment runs, aligning and evaluating
   with :func:`align.pipeline.compare` (the divergence checks use the model too: the probe and the
   word check) and rendering the reports (:func:`align.batch.pair_result`);
3. **write**, on the driver as results stream in: each pair's reports
   (:func:`align.batch.write_reports`, progress through ``on_result``), then the summary and index
   (:func:`align.batch.finish_batch`) and a table of every finding, one row per finding, as
   ``findings.jsonl`` and ``findings.parquet`` (columns :data:`FINDING_COLUMNS`).

Without ``address`` a local Ray is started with ``workers`` CPUs and stopped at the end. The
workers import this process's ``align`` package (shipped as the job's ``py_modules`` runtime
environment), so a cluster needs clausealign's dependencies installed, not clausealign itself. A Ray
already running in this process is used as it is: its runtime environment must provide ``align``.

Example::

    jobs = pair_folder("site/", source_lang="en")
    result = run_batch_ray(jobs, "qa-out/", workers=2)
    result.table        # qa-out/findings.parquet
"""
from __future__ import annotations

import json
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..batch import BatchResult, Job, PairResult, finish_batch, pair_result, prepare_output, write_reports
from ..document import load_document
from ..encoders import load_encoder, resolve
from ..errors import ClauseAlignError, InputError
from ..io import MAX_INPUT_BYTES, write_atomic
from ..pipeline import compare
from ..report import Report

FINDING_COLUMNS = ("pair", "name", "src_lang", "tgt_lang", "id", "kind", "severity", "mqm", "source", "target",
                   "message", "accepted")
_PACKAGE = Path(__file__).resolve().parent.parent  # the align package the workers import


def finding_rows(job: Job, report: Report) -> list[dict[str, Any]]:
    """One row per finding of ``report``: the pair, its languages (as found) and the finding's fields."""
    rows = []
    for finding in report.divergences:
        data = finding.to_dict()
        rows.append({"pair": job.stem, "name": job.name, "src_lang": report.source.lang,
                     "tgt_lang": report.target.lang, **{k: data[k] for k in FINDING_COLUMNS[4:]}})
    return rows


def _read(row: dict[str, Any], presegmented: bool, max_bytes: int | None) -> dict[str, Any]:
    """The map step: a job's two documents, read and segmented (pickled), or its error."""
    job = Job(**json.loads(row["job"]))
    start = time.perf_counter()
    try:
        docs = tuple(load_document(path, lang, presegmented=presegmented, max_bytes=max_bytes)
                     for path, lang in ((job.source, job.src_lang), (job.target, job.tgt_lang)))
    except ClauseAlignError as exc:
        return {**row, "documents": b"", "error": str(exc), "seconds": time.perf_counter() - start}
    return {**row, "documents": pickle.dumps(docs), "error": "", "seconds": time.perf_counter() - start}


class PairChecker:
    """One actor of the pool: the encoder loaded once, then each pair aligned, evaluated and rendered."""

    def __init__(self, model: str | None, formats: Sequence[str], fail_on: str, options: dict[str, Any],
                 device: str = "cpu") -> None:
        # a model that cannot be loaded goes back as the result of each pair, for the driver to raise:
        # Ray keeps only the message of an exception raised here or in a call, not its type
        self.failure: ClauseAlignError | None = None
        try:
            self.encoder = load_encoder(model, device=device)
        except ClauseAlignError as exc:
            self.failure = exc
        self.formats, self.fail_on, self.options = formats, fail_on, options

    def check(self, job: Job, documents: bytes, error: str, read_seconds: float) -> bytes:
        """A pair's ``(PairResult, {file name: text}, finding rows)``, or the model's load error, pickled."""
        if self.failure:
            return pickle.dumps(self.failure)
        start = time.perf_counter() - read_seconds
        if not error:
            source, target = pickle.loads(documents)
            try:
                report = compare(source, target, src_lang=job.src_lang, tgt_lang=job.tgt_lang,
                                 encoder=self.encoder, **self.options)
            except ClauseAlignError as exc:
                error = str(exc)
        if error:
            return pickle.dumps((PairResult(job, "error", error=error, seconds=time.perf_counter() - start), {}, []))
        result, files = pair_result(job, report, self.formats, self.fail_on, time.perf_counter() - start)
        return pickle.dumps((result, files, finding_rows(job, report)))

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = [self.check(Job(**json.loads(str(batch["job"][i]))), bytes(batch["documents"][i]),
                              str(batch["error"][i]), float(batch["seconds"][i])) for i in range(len(batch["job"]))]
        return {"index": np.asarray(batch["index"]), "result": np.array(results, dtype=object)}


def _import_ray():
    try:
        import ray
        import ray.data
    except ModuleNotFoundError as exc:
        raise InputError(f"--engine ray needs Ray ({exc}): pip install 'clausealign[ray]'") from None
    return ray


def _check_reachable(address: str) -> None:
    """Fail in one line when a ``HOST:PORT`` (or ``ray://HOST:PORT``) address does not answer: Ray itself
    retries an unreachable cluster for many minutes."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not (host and port.isdigit()):
        return  # "auto" and other forms: Ray resolves them and fails quickly
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as exc:
        raise InputError(f"cannot reach Ray at {address} ({exc.strerror or exc})") from None


def _start(ray, address: str | None, workers: int) -> bool:
    """Connect to ``address`` or start a local Ray of ``workers`` CPUs; True when this call started it."""
    import logging

    logging.getLogger("ray.data").setLevel(logging.ERROR)  # progress is ours (``on_result``), one line a pair
    if ray.is_initialized():
        return False
    # the workers import this checkout's align package (uploaded for a remote cluster)
    settings: dict[str, Any] = {"runtime_env": {"py_modules": [str(_PACKAGE)]}, "logging_level": logging.ERROR}
    try:
        if address:
            _check_reachable(address)
            ray.init(address=address, **settings)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, **settings)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise InputError(f"cannot start or reach Ray{f' at {address}' if address else ''}: {exc}") from None
    return True


def _write_table(out: Path, rows: list[dict[str, Any]]) -> str:
    """``findings.jsonl`` and ``findings.parquet``; returns the Parquet file's path."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    write_atomic(out / "findings.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    schema = pa.schema([(c, pa.list_(pa.int64()) if c in ("source", "target") else
                         pa.bool_() if c == "accepted" else pa.string()) for c in FINDING_COLUMNS])
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer)
    write_atomic(out / "findings.parquet", buffer.getvalue())
    return str(out / "findings.parquet")


def run_batch_ray(jobs: Sequence[Job], out_dir: str | Path, *, address: str | None = None, workers: int = 1,
                  num_gpus: float = 0.0, model: str | None = None, formats: Sequence[str] = ("json", "html"),
                  fail_on: str = "major", on_result: Callable[[PairResult], None] | None = None,
                  **options) -> BatchResult:
    """Check every job on Ray (see the module's docstring), as :func:`align.batch.run_batch` does locally.

    ``workers`` actors each hold one encoder (``num_gpus`` GPUs each when > 0, and then the encoder
    runs on the GPU: ``device="cuda"``, which needs onnxruntime-gpu, or a CUDA torch for a
    sentence-transformers model); ``options`` go to
    :func:`align.pipeline.compare` (``presegmented`` and ``max_input_bytes`` to the reading step).
    ``on_result`` is called on the driver as each pair's reports are written (progress).
    """
    out = prepare_output(out_dir, formats, fail_on)
    name = resolve(model).name
    ray = _import_ray()
    started = _start(ray, address, workers)
    try:
        gpus = ray.cluster_resources().get("GPU", 0)
        if num_gpus and not address and gpus < num_gpus:
            raise InputError(f"--num-gpus {num_gpus:g}: this machine's Ray has {gpus:g} GPUs")
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        items = [{"index": i, "job": json.dumps(asdict(job))} for i, job in enumerate(jobs)]
        read = {"presegmented": options.get("presegmented", False),
                "max_bytes": options.get("max_input_bytes", MAX_INPUT_BYTES)}
        dataset = (ray.data.from_items(items, override_num_blocks=len(items))
                   .map(_read, fn_kwargs=read, num_cpus=0, compute=ray.data.TaskPoolStrategy(size=workers))
                   .map_batches(PairChecker, batch_size=1, batch_format="numpy", num_cpus=1, num_gpus=num_gpus,
                                fn_constructor_args=(model, tuple(formats), fail_on, options,
                                                     "cuda" if num_gpus else "cpu"),
                                compute=ray.data.ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1)))
        results: list[PairResult | None] = [None] * len(jobs)
        rows: list[list[dict[str, Any]]] = [[] for _ in jobs]
        for row in dataset.iter_rows():
            outcome = pickle.loads(row["result"])
            if isinstance(outcome, ClauseAlignError):
                raise outcome
            result, files, found = outcome
            write_reports(out, result.job, files)
            results[row["index"]], rows[row["index"]] = result, found
            if on_result:
                on_result(result)
    finally:
        if started:
            ray.shutdown()
    finished = [r for r in results if r is not None]
    if len(finished) != len(jobs):
        raise RuntimeError(f"Ray returned {len(finished)} of {len(jobs)} pairs")
    batch = finish_batch(out, name, finished)
    batch.table = _write_table(out, [r for pair in rows for r in pair])
    return batch
